#!/bin/bash
# vm-boot: 3-service
# The vz service with real containers: start starts the ONBOOT CTs (and only them); stop in suspend
# mode checkpoints every running CT and the next start restores it, its counter carrying on where
# it was; a CT that cannot be checkpointed is stopped and reported; VE_STOP_MODE=stop stops them;
# status lists the running CTs.
. test/lib.sh
out=/tmp/t51
mkdir -p $out
a=151 b=152
dumpdir=$(. /etc/vz/vz.conf; echo "$DUMPDIR")
running() { vzlist -H -o ctid 2>/dev/null | tr -d ' ' | grep -qx "$1"; }
count() { tail -n 1 "/vz/private/$a/root/count" 2>/dev/null; }  # the private area: readable while the CT is down
wait_count_past() { for i in $(seq 40); do [ "$(count)" -gt "$1" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }

for ct in $a $b; do
	vzctl create $ct --ostemplate busybox > $out/create 2>&1 || fail "create $ct: $(cat $out/create)"
done
vzctl set $a --onboot yes --save > /dev/null || fail "set --onboot"

/etc/init.d/vz start > $out/start 2>&1
expect_eq "service vz start exits 0: $(tr '\n' ' ' < $out/start)" 0 "$?"
check "the ONBOOT CT $a is running" running $a
check "CT $b (not ONBOOT) is not" test "$(running $b && echo y)" != y
/etc/init.d/vz status > $out/st 2>&1
check "status lists it: $(tr '\n' ' ' < $out/st)" grep -q "running CTs: $a$" $out/st

# A counter in the CT, one line per tick, into its private area.
vzctl exec $a "sh -c 'i=0; while :; do i=\$((i + 1)); echo \$i >> /root/count; sleep 0.2; done' > /dev/null 2>&1 < /dev/null &" ||
	fail "start the counter"
wait_count_past 3 || fail "the counter runs"

# --- stop in suspend mode, then start: the counter carries on
/etc/init.d/vz stop > $out/stop 2>&1
expect_eq "service vz stop (suspend mode) exits 0: $(tr '\n' ' ' < $out/stop)" 0 "$?"
check "CT $a is no longer running" test "$(running $a && echo y)" != y
check "its dump file is in DUMPDIR" test -s "$dumpdir/Dump.$a"
n=$(count)
/etc/init.d/vz start > $out/start 2>&1
expect_eq "service vz start exits 0: $(tr '\n' ' ' < $out/start)" 0 "$?"
check "CT $a runs again" running $a
check "restored, not started afresh: $(grep "CT $a" $out/start)" grep -q "CT $a restored" $out/start
check "the dump file is consumed" test ! -e "$dumpdir/Dump.$a"
check "the counter carries on past $n" wait_count_past "$n"
check "with no restart from 1 (its lines stay consecutive)" awk '$1 != NR { exit 1 }' "/vz/private/$a/root/count"

# --- a CT that cannot be checkpointed (it holds a NETLINK_USERSOCK socket, not carried yet) is stopped and reported
cp "$VZREPO/test/progs/sockhold.static" "/vz/private/$a/bin/sockhold"
vzctl exec $a "sockhold > /dev/null 2>&1 < /dev/null &" || fail "start the netlink socket's holder"
sleep 0.5
/etc/init.d/vz stop > $out/stop 2>&1
check "stop reports the CT it could not checkpoint: $(tr '\n' ' ' < $out/stop)" grep -q "CT $a could not be checkpointed: stopping it" $out/stop
check "and stops it" test "$(running $a && echo y)" != y
check "leaving no dump file" test ! -e "$dumpdir/Dump.$a"

# --- VE_STOP_MODE=stop
/etc/init.d/vz start > /dev/null 2>&1
check "start brings the ONBOOT CT up again" running $a
sed -i 's/^VE_STOP_MODE=.*/VE_STOP_MODE=stop/' /etc/vz/vz.conf
/etc/init.d/vz stop > $out/stop 2>&1
check "with VE_STOP_MODE=stop, stop stops it: $(tr '\n' ' ' < $out/stop)" grep -q "CT $a stopped" $out/stop
check "without a dump file" test ! -e "$dumpdir/Dump.$a"
sed -i 's/^VE_STOP_MODE=.*/VE_STOP_MODE=suspend/' /etc/vz/vz.conf
for ct in $a $b; do vzctl destroy $ct > /dev/null 2>&1; done
done_testing
