#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# Open files a CT holds that a dump carries or refuses (issue 13; the catalog's ghost00 and
# ghost01 carry deleted files open and mapped). Here, with test/progs/ghosthold in a busybox CT:
# a deleted file of exactly the size cap, all hole but its last page, is carried (the image
# stays small: holes are not written) and comes back deleted with its size and last byte;
# `vzctl dumpinfo` shows it. Refused, the CT left running, each with its reason: a deleted file
# one page above the cap (the size named), a deleted name of a file that still has another,
# a memfd sealed F_SEAL_FUTURE_WRITE under a writable shared mapping, a file whose signals'
# owner (F_SETOWN) is a host process (test/progs/fownhost), a read lease (file locks are
# carried: test 48), /proc/PID/stat of a child (a restore makes it after its holder) or of a
# reaped one (other procfs files are carried: the catalog's procfs00). Carried and checked
# after a restore: a named FIFO open with O_ASYNC, a file with F_SETOWN to its own process
# (the catalog's fown00 checks the signals).
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t47
ct=147
priv=/vz/private/$ct
img=$out/ct.img
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/t
cp $P/ghosthold.static $priv/t/ghosthold || fail "ghosthold is built"
check "start" vzctl start $ct

# hold MODE: ghosthold MODE in a fresh directory of the CT; ok once it said ready.
hold() {
	local n
	rm -rf $priv/t/$1; mkdir -p $priv/t/$1
	vzctl exec $ct "cd /t/$1 && setsid /t/ghosthold $1 /t/$1 < /dev/null > /dev/null 2>&1 & echo \$! > /t/$1/pid" \
		> /dev/null 2>&1
	for n in $(seq 60); do grep -q '^ready\|^FAIL' $priv/t/$1/out 2>/dev/null && break; sleep 0.5; done
	if grep -q '^ready' $priv/t/$1/out 2>/dev/null; then ok "$1: ghosthold is ready"
	else fail "$1: ghosthold is ready: $(tr '\n' '|' < $priv/t/$1/out 2>/dev/null)"; fi
}
alive() { vzctl exec $ct "kill -0 \$(cat /t/$1/pid)" > /dev/null 2>&1; }
stop_hold() { vzctl exec $ct "kill -TERM \$(cat /t/$1/pid)" > /dev/null 2>&1; }

# refused MODE PATTERN: the dump fails (16) with a reason matching PATTERN; the CT runs on.
refused() {
	hold $1
	rm -f $img
	run "$1: chkpnt is refused" 16 vzctl chkpnt $ct --dumpfile $img
	check "$1: the reason is given" said "$2"
	check "$1: the CT still runs" alive $1
	stop_hold $1
}

refused big "deleted file .*big.tmp: it is $((64 * 1048576 + 4096)) bytes long, more than the $((64 * 1048576))"
refused linked "deleted file .*linked.tmp: it still has 1 other name"
refused memfd "memfd:held: it is sealed F_SEAL_FUTURE_WRITE under a writable shared mapping"
refused lease "holds a lease (F_SETLEASE) on fd 3: leases cannot be carried yet"
refused prockid "the file /proc/[0-9]*/stat shows task [0-9]*, which the restore makes after task [0-9]*, which holds it: cannot carry it yet"
refused procgone "the file /[0-9]*/stat of /proc shows a task that has exited: it cannot be opened again"

# ghosthold's host pid, in the CT's cgroup
ghostpid() {
	for p in $(cat /sys/fs/cgroup/vz/$ct/cgroup.procs); do
		grep -q 'ghosthold' /proc/$p/comm 2>/dev/null && echo $p; done | head -1
}

# --- an owner of the signals outside the CT: refused, naming task, fd and the host's owner
hold owner
h=$(ghostpid)
ofd=$(for f in /proc/$h/fd/*; do [ "$(readlink $f)" = /t/owner/owned ] && basename $f; done)
$P/fownhost $h $ofd > $out/fownhost 2>&1 &
fh=$!
for n in $(seq 20); do grep -q 'ready\|FAIL' $out/fownhost && break; sleep 0.5; done
check "hostowner: fownhost set the owner: $(cat $out/fownhost)" grep -q ready $out/fownhost
rm -f $img
run "hostowner: chkpnt is refused" 16 vzctl chkpnt $ct --dumpfile $img
check "hostowner: the reason is given" \
	said "task [0-9]* (ghosthold), fd $ofd: the file .*owned sends its signals (F_SETOWN) to task $fh of the host"
check "hostowner: the CT still runs" alive owner
kill $fh; wait $fh 2> /dev/null
stop_hold owner

# carried MODE: checkpointed and restored, ghosthold then checks its file (PASS).
carried() {
	hold $1
	rm -f $img
	run "$1: chkpnt" 0 vzctl chkpnt $ct --dumpfile $img
	run "$1: restore" 0 vzctl restore $ct --dumpfile $img
	stop_hold $1
	for n in $(seq 20); do grep -q '^PASS\|^FAIL' $priv/t/$1/out && break; sleep 0.5; done
	expect_eq "$1: ghosthold verifies it" "PASS ghosthold" \
		"$(grep -m 1 '^PASS\|^FAIL' $priv/t/$1/out)"
}
carried fifo
carried owner
vzctl dumpinfo $img > $out/info 2>&1
check "owner: dumpinfo shows the owner" grep -q "owner_type=pid owner_pid=[0-9]* .*path=/t/owner/owned\|path=/t/owner/owned.* owner_type=pid owner_pid=" $out/info

# --- the cap itself is carried, sparse
hold edge
rm -f $img
run "edge: chkpnt" 0 vzctl chkpnt $ct --dumpfile $img
size=$(stat -c %s $img 2>/dev/null || echo 0)
check "edge: the image holds the hole as a hole ($size bytes)" test "$size" -lt $((8 * 1048576))
vzctl dumpinfo $img > $out/info 2>&1
check "edge: dumpinfo shows the deleted file" \
	grep -q "size=$((64 * 1048576)) data=4096 .*path=/t/edge/edge.tmp" $out/info
run "edge: restore" 0 vzctl restore $ct --dumpfile $img
h=$(for p in $(cat /sys/fs/cgroup/vz/$ct/cgroup.procs); do
	grep -q 'ghosthold' /proc/$p/comm 2>/dev/null && echo $p; done | head -1)
expect_eq "edge: the restored fd is the deleted file" "/t/edge/edge.tmp (deleted)" \
	"$(readlink /proc/$h/fd/3 2>/dev/null)"
check "edge: no name of it is left in its directory" test -z "$(ls $priv/t/edge | grep -v '^out$\|^pid$')"
stop_hold edge
for n in $(seq 20); do grep -q '^PASS\|^FAIL' $priv/t/edge/out && break; sleep 0.5; done
expect_eq "edge: ghosthold verifies it" "PASS ghosthold" "$(grep -m 1 '^PASS\|^FAIL' $priv/t/edge/out)"

run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
