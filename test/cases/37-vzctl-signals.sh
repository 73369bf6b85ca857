#!/bin/bash
# vm-boot: 2-containers
# vzctl and signals. SIGTERM to `vzctl chkpnt` in the middle of the dump of a CT holding 200 MiB
# leaves no temporary file, the old dump file unchanged and the CT running; the same for SIGINT.
# `vzctl enter` on a pty (test/progs/ptydrive) gives the terminal back as it was however it ends:
# the shell exits, the shell is killed, SIGTERM or SIGHUP to vzctl, the CT is stopped.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t37
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

cfile=/vz/private/137/root/c.out
last() { tail -n 1 $cfile | awk '{print $1}'; }
wait_past() { for _ in $(seq 120); do [ "$(last)" -gt "$1" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }
frozen() { grep -q '^frozen 1' /sys/fs/cgroup/vz/137/cgroup.events; }
temps() { ls $out/old.img.* 2>/dev/null | wc -l; }

vzctl create 137 --hostname ct137 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
cp $P/counter.static /vz/private/137/bin/counter
run "start 137" 0 vzctl start 137
vzctl exec 137 'counter 200 50 > /root/c.out 2>&1 &'
check "the counter with 200 MiB runs in the CT" wait_past 3

# interrupt SIG: a signal to vzctl chkpnt once its temporary image has grown past 8 MiB
interrupt() {
	local sig=$1 pid rc size=0 sum
	echo "the old dump" > $out/old.img
	sum=$(md5sum < $out/old.img)
	# A background job of a script starts with SIGINT ignored, which vzctl keeps: not here.
	env --default-signal=INT vzctl chkpnt 137 --dumpfile $out/old.img > $out/chk.out 2>&1 &
	pid=$!
	for _ in $(seq 2000); do
		size=$(stat -c %s $out/old.img.* 2>/dev/null | head -n 1)
		[ "${size:-0}" -gt $((8 << 20)) ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.02
	done
	kill -"$sig" $pid
	wait $pid
	rc=$?
	if [ "${size:-0}" -le $((8 << 20)) ]; then
		fail "SIG$sig: the dump was not caught in the middle (temporary file at ${size:-0} bytes)"
		return
	fi
	ok "SIG$sig sent with ${size} bytes of the image written"
	expect_eq "SIG$sig: chkpnt fails with the checkpoint error code" 16 "$rc"
	check "SIG$sig: it says it was interrupted" grep -q "checkpoint of CT 137 interrupted by signal" $out/chk.out
	expect_eq "SIG$sig: no temporary file is left" 0 "$(temps)"
	expect_eq "SIG$sig: the old dump file is unchanged" "$sum" "$(md5sum < $out/old.img)"
	local n
	n=$(last)
	check "SIG$sig: the CT keeps running" wait_past "$n"
	check "SIG$sig: and is not frozen" test "$(frozen && echo y)" != y
	run "SIG$sig: vzctl status says running" 0 vzctl status 137
	check "SIG$sig: status says running" said "running"
}
interrupt TERM
interrupt INT
check "the counter's memory is intact" sh -c "! grep -q CORRUPT $cfile"

# --- vzctl enter gives the terminal back
for how in exit kill term hup; do
	timeout 300 $P/ptydrive $how vzctl enter 137 > $out/pty.$how 2>&1
	if grep -q "^PASS ptydrive $how" $out/pty.$how; then
		ok "enter ended by '$how': the terminal is restored ($(grep PASS $out/pty.$how))"
	else
		fail "enter ended by '$how': $(grep -v '^ready' $out/pty.$how | tail -n 2 | tr '\n' ' ')"
	fi
done
timeout 300 $P/ptydrive wait vzctl enter 137 > $out/pty.wait 2>&1 &
pty=$!
for _ in $(seq 240); do grep -q '^ready' $out/pty.wait && break; sleep 0.25; done
run "stop 137 while entered" 0 vzctl stop 137 --fast
wait $pty
if grep -q "^PASS ptydrive wait" $out/pty.wait; then
	ok "enter ended by the CT stopping: the terminal is restored"
else
	fail "enter ended by the CT stopping: $(grep -v '^ready' $out/pty.wait | tail -n 2 | tr '\n' ' ')"
fi
vzctl destroy 137 > /dev/null 2>&1
done_testing
