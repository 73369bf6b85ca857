#!/bin/bash
# vm-boot: 2-containers
# Checkpoint and restore of real containers with vzctl: a busybox CT with its init, a respawned
# child, and a counter holding 16 MiB it re-verifies, checkpointed (suspend, dump, kill) and restored
# into a fresh environment (mounted root, namespaces, cgroup, veth); the counter carries on, the CT
# answers on its address, exec/status/stop work. Then the staged forms, the image through a pipe,
# a CT that cannot be dumped yet staying up, and a failed restore leaving nothing.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t33
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
# The test VM has no network: the host gets an address of its own for its CTs to talk to.
ip addr add 10.1.1.1/32 dev lo

cfile=/vz/private/101/root/c.out
last() { tail -n 1 $cfile | awk '{print $1}'; }
wait_past() { for i in $(seq 60); do [ "$(last)" -gt "$1" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }
frozen() { grep -q '^frozen 1' /sys/fs/cgroup/vz/101/cgroup.events; }
intact() { ! grep -q CORRUPT $cfile; }
# Undumped tasks are held by the CT cgroup's freezer until RESUME: none of them runs.
held() {
	grep -q '^frozen 1' /sys/fs/cgroup/vz/101/cgroup.events &&
		[ "$(wc -l < /sys/fs/cgroup/vz/101/cgroup.procs)" -gt 0 ]
}

vzctl create 101 --hostname ct101 --ipadd 10.1.1.101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
cp $P/counter.static /vz/private/101/bin/counter
cp $P/sockhold.static /vz/private/101/bin/sockhold
run "start 101" 0 vzctl start 101
init=$(cat /var/run/vz/101.pid)
vzctl exec 101 'counter 16 50 > /root/c.out 2>&1 &'
check "the counter runs in the CT" wait_past 3

# --- full checkpoint and restore
run "chkpnt 101" 0 vzctl chkpnt 101
check "reports success" said "Checkpointing completed successfully"
n=$(last)
check "the dump file is in DUMPDIR" test -s /vz/dump/Dump.101
expect_eq "the CT is stopped: nothing of it is left" none "$(leftovers 101)"
run "status after chkpnt" 0 vzctl status 101
check "says exist unmounted down" said "^CT 101 exist unmounted down$"
vzctl dumpinfo /vz/dump/Dump.101 > $out/info 2>&1
check "the image holds init, its child and the counter" sh -c "grep -q 'pid=1 .*comm=init' $out/info && grep -q 'comm=counter' $out/info"
sleep 1
check "the counter is not counting while the CT is down" test "$(last)" = "$n"
run "restore 101" 0 vzctl restore 101
check "reports success" said "Restoring completed successfully"
run "status after restore" 0 vzctl status 101
check "says exist mounted running" said "^CT 101 exist mounted running$"
check "the counter carries on from $n" wait_past "$n"
check "its 16 MiB are intact" intact
expect_eq "the CT's init is pid 1" init "$(vzctl exec 101 cat /proc/1/comm)"
expect_eq "the counter keeps its pid" "$(vzctl dumpinfo /vz/dump/Dump.101 | sed -n 's/.*task: pid=\([0-9]*\) .*comm=counter.*/\1/p')" \
	"$(vzctl exec 101 pidof counter)"
expect_eq "the hostname" ct101 "$(vzctl exec 101 hostname)"
check "the host pings the restored CT" ping -c 1 -W 3 10.1.1.101
vzlist -H -o ctid,status > $out/last
check "vzlist shows it running" grep -Eq '^ +101 running$' $out/last

# --- staged: a snapshot of a CT that keeps running
run "chkpnt --suspend" 0 vzctl chkpnt 101 --suspend
check "the CT is frozen" frozen
n=$(last); sleep 0.5
check "the counter stands still" test "$(last)" = "$n"
run "chkpnt --dump" 0 vzctl chkpnt 101 --dump --dumpfile $out/snap.img
# The pipe's reader must see the end of the image when --dump returns, not at --resume.
run "chkpnt --dump --dumpfile - into a pipe ends" 0 timeout 120 sh -c "vzctl chkpnt 101 --dump --dumpfile - | cat > $out/pipe.img"
expect_eq "the piped image is as long as the file image" "$(stat -c %s $out/snap.img)" "$(stat -c %s $out/pipe.img)"
run "chkpnt --dump into /dev/null (a device with ->write and ->write_iter)" 0 sh -c "vzctl chkpnt 101 --dump --dumpfile - > /dev/null"
# Pages go into a pipe by reference: --dump returns only once its reader has them all, so the
# --resume right after cannot change what it reads. The reader here takes all but the image's last
# 20000 bytes (less than the pipe holds), pauses, then takes the rest: --dump must wait for it.
size=$(stat -c %s $out/snap.img)
rm -f $out/slow.rc $out/slow.vz $out/slow.rd
{ vzctl chkpnt 101 --dump --dumpfile - 2> $out/slow.err; echo $? > $out/slow.rc; date +%s.%N > $out/slow.vz; } |
	{ dd bs=4096 count=$((size - 20000)) iflag=count_bytes,fullblock 2> /dev/null; sleep 3; date +%s.%N > $out/slow.rd; cat; } > $out/slow.img &
reader=$!
for _ in $(seq 600); do [ -s $out/slow.vz ] && break; sleep 0.1; done
if [ "$(cat $out/slow.rc 2>/dev/null)" = 0 ]; then
	ok "chkpnt --dump into a pipe whose reader pauses"
else
	fail "chkpnt --dump into a pipe whose reader pauses: exit '$(cat $out/slow.rc 2>/dev/null)': $(tr '\n' ' ' < $out/slow.err)"
fi
run "chkpnt --resume" 0 vzctl chkpnt 101 --resume
wait $reader
expect_eq "the slow reader got the whole image" "$size" "$(stat -c %s $out/slow.img)"
check "--dump returned only after the reader took the image's end ($(cat $out/slow.vz) >= $(cat $out/slow.rd))" \
	awk -v a="$(cat $out/slow.vz)" -v b="$(cat $out/slow.rd)" 'BEGIN { exit !(a >= b) }'
check "the counter goes on" wait_past "$n"
check "the snapshot reads back" vzctl dumpinfo $out/snap.img

# --- staged checkpoint by stages, and the piped image restored
run "stop 101" 0 vzctl stop 101 --fast
# A pipe has no file position: the kernel counts where the image broke off itself.
run "restore from a pipe of a cut image fails" 17 sh -c "head -c 100000 $out/slow.img | vzctl restore 101 --dumpfile -"
check "saying where it was cut" said "truncated at byte 100000"
expect_eq "the failed restore left nothing behind" none "$(leftovers 101)"
run "restore from a pipe (the image the slow reader took)" 0 sh -c "cat $out/slow.img | vzctl restore 101 --dumpfile -"
check "the counter carries on from the snapshot" wait_past "$n"
check "intact" intact
run "chkpnt --suspend" 0 vzctl chkpnt 101 --suspend
run "chkpnt --dump" 0 vzctl chkpnt 101 --dump --dumpfile $out/staged.img
run "chkpnt --kill" 0 vzctl chkpnt 101 --kill
expect_eq "killed: nothing of it is left" none "$(leftovers 101)"
n=$(last)
run "restore --undump" 0 vzctl restore 101 --undump --dumpfile $out/staged.img
check "the undumped CT's tasks are all held" held
sleep 0.5
check "and not counting" test "$(last)" = "$n"
run "restore --resume" 0 vzctl restore 101 --resume
check "then it counts" wait_past "$n"
run "chkpnt again" 0 vzctl chkpnt 101 --dumpfile $out/again.img
run "restore --undump" 0 vzctl restore 101 --undump --dumpfile $out/again.img
run "restore --kill" 0 vzctl restore 101 --kill
expect_eq "killed: nothing of it is left" none "$(leftovers 101)"
run "restore after the kill" 0 vzctl restore 101 --dumpfile $out/again.img
check "counts" wait_past "$n"

# --- what cannot be carried yet fails at dump, with the CT running
# A NETLINK_USERSOCK socket: unix, TCP/UDP and route/uevent/diag/generic netlink sockets are
# carried, that netlink protocol is not yet.
vzctl exec 101 'sockhold > /dev/null 2>&1 &'
sleep 0.5
cp $out/again.img $out/keep.img
run "chkpnt of a CT with a socket fails" 16 vzctl chkpnt 101 --dumpfile $out/keep.img
check "naming the task and the fd" said "Error: checkpoint of CT 101 failed: task [0-9]* (sockhold), fd [0-9]*: a netlink socket"
check "the old dump file is unchanged" cmp -s $out/again.img $out/keep.img
check "the CT is not frozen" sh -c '! grep -q "^frozen 1" /sys/fs/cgroup/vz/101/cgroup.events'
n=$(last)
check "and keeps counting" wait_past "$n"
vzctl exec 101 'killall sockhold' > /dev/null 2>&1

# --- errors
run "restore of a running CT" 32 vzctl restore 101
run "stop" 0 vzctl stop 101
head -c 1000 $out/again.img > $out/cut.img
run "restore of a truncated image" 17 vzctl restore 101 --dumpfile $out/cut.img
expect_eq "a failed restore leaves nothing" none "$(leftovers 101)"
run "chkpnt of a stopped CT" 31 vzctl chkpnt 101
run "restore of an unknown CT" 43 vzctl restore 999 --dumpfile $out/again.img
vzctl destroy 101 > /dev/null 2>&1
done_testing
