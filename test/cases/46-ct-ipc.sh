#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# SysV IPC of a CT's IPC namespace (issue 13), in a CT with a user namespace (its objects'
# owners and creators are ids of the CT's map): the namespace's sysctls, set from the host,
# and the semaphore sets, message queues and shared memory segments of ipcsem00, ipcmsg00
# and ipcshm00 go through vzctl chkpnt + restore; the host's view inside the CT's namespace
# (ipcs: ids, keys, owners, creators, modes, sizes, attach counts, dest and locked; the
# sysctls) is the same after, the image says what it holds (dumpinfo), and the programs
# pass. Segments' times and pids are not compared: they read as the restore's. What is
# still refused is refused by name with the CT left running: a segment partly unmapped
# (ipcshm01), which shmat() cannot map again. SEM_UNDO adjustments are carried: the
# catalog's semundo00 runs here too, its undo lists made again in a CT with a user
# namespace, and dumpinfo shows them. The catalog's seccomp00 runs here too: its filters and
# strict mode, made again in a CT with a user namespace. An image with a semaphore above SEMVMX is refused at restore by the validator.
# POSIX message queues of the namespace (mqueue00, of the catalog): queues with messages of
# several priorities, one unlinked but open, one no task holds open (given another owner of
# the CT's map), a SIGEV_SIGNAL notification, a task asleep in mq_timedreceive(); the
# namespace's fs.mqueue limits, set from the host; a SIGEV_THREAD notification (mqueue01)
# is refused by name.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t46
ct=146
priv=/vz/private/$ct
t=$priv/opt/t
LU=$((ct * 65536))
img=$out/ct.img
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct --userns yes > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $t/sem $t/msg $t/shm $t/undo $t/sc $t/mq
for p in ipcsem00 ipcmsg00 ipcshm00 ipcshm01 semundo00 seccomp00 mqueue00 mqueue01; do cp $P/$p.static $t/$p || fail "$p is built"; done
chown -R $LU:$LU $t
check "start" vzctl start $ct

# ns CMD...: CMD in the CT's IPC namespace, from the host (its /proc/sysvipc and sysctls).
ns() { nsenter -t "$(cat /var/run/vz/$ct.pid)" --ipc "$@"; }
# The limits, set from the host as the CT's root (only the namespace's root may write them):
# the CT's /proc/sys is read-only to it.
ns -S $LU -G $LU sh -c 'echo 9000 > /proc/sys/kernel/msgmax; echo 20000 > /proc/sys/kernel/msgmnb;
	echo 50 > /proc/sys/kernel/msgmni; echo "250 5000 40 100" > /proc/sys/kernel/sem;
	echo 123456789 > /proc/sys/kernel/shmmax; echo 2000000 > /proc/sys/kernel/shmall;
	echo 99 > /proc/sys/kernel/shmmni; echo 77 > /proc/sys/fs/mqueue/queues_max;
	echo 12 > /proc/sys/fs/mqueue/msg_max; echo 9000 > /proc/sys/fs/mqueue/msgsize_max;
	echo 6 > /proc/sys/fs/mqueue/msg_default' || fail "set the CT's IPC sysctls"
ipcview() {
	ns ipcs -s -q -m | sed 's/  */ /g'
	ns ipcs -c -s -q -m | sed 's/  */ /g'
	ns sh -c 'cd /proc/sys/kernel; for f in msgmax msgmnb msgmni sem shmmax shmall shmmni; do echo "$f $(cat $f)"; done'
	ns sh -c 'cd /proc/sys/fs/mqueue; for f in queues_max msg_max msgsize_max msg_default msgsize_default; do echo "$f $(cat $f)"; done'
}

vzctl exec $ct 'cd /opt/t; for p in sem msg shm; do setsid ./ipc${p}00 /opt/t/$p > /opt/t/$p/out 2>&1 < /dev/null & echo $! > /opt/t/$p/pid; done
	setsid ./semundo00 /opt/t/undo > /opt/t/undo/out 2>&1 < /dev/null & echo $! > /opt/t/undo/pid
	setsid ./seccomp00 /opt/t/sc > /opt/t/sc/out 2>&1 < /dev/null & echo $! > /opt/t/sc/pid
	setsid ./mqueue00 /opt/t/mq > /opt/t/mq/out 2>&1 < /dev/null & echo $! > /opt/t/mq/pid'
for i in $(seq 60); do grep -q '^ready' $t/sem/out 2>/dev/null && grep -q '^ready' $t/msg/out 2>/dev/null &&
	grep -q '^ready' $t/shm/out 2>/dev/null && grep -q '^ready' $t/undo/out 2>/dev/null &&
	grep -q '^ready' $t/sc/out 2>/dev/null && grep -q '^ready' $t/mq/out 2>/dev/null && break
	sleep 0.5; done
check "ipcsem00 is ready" grep -q '^ready' $t/sem/out
check "ipcmsg00 is ready" grep -q '^ready' $t/msg/out
check "ipcshm00 is ready" grep -q '^ready' $t/shm/out
check "semundo00 is ready" grep -q '^ready' $t/undo/out
check "seccomp00 is ready" grep -q '^ready' $t/sc/out
check "mqueue00 is ready" grep -q '^ready' $t/mq/out
ipcview > $out/ipc.before
check "the host sees a set made by the CT's uid 1234 (LOCAL_UID+1234)" grep -q " $((LU + 1234)) $((LU + 4321)) " $out/ipc.before

run "chkpnt" 0 vzctl chkpnt $ct --dumpfile $img
run "dumpinfo" 0 vzctl dumpinfo $img
check "the image holds 3 + 4 sets, 3 queues, 6 messages" said "sem_sets=7 msg_queues=3 messages=6"
check "semundo00's first child's undo list" said "semundo: list=[0-9]* semid=[0-9]* semadj=3,20,-4$"
check "its third's, one adjustment of -30000" said "semundo: list=[0-9]* semid=[0-9]* semadj=-30000$"
check "seccomp00's threads share their leader's chain" said "seccomp=filter:[0-9]*,threads"
check "its strict child" said "seccomp=strict"
check "and its logged filter" said "seccomp: id=[0-9]* prev=[0-9]* flags=log insns=7"
check "and the CT's limits" said "ipcns:.* msgmax=9000 msgmnb=20000 msgmni=50 sem=\"250 5000 40 100\""
check "owners as the CT sees them" said "sem: .*uid=1234 gid=4321 cuid=1234 cgid=4321"
check "the image holds 5 segments with 2 + 5 + 2 + 1 + 3 pages" said "shm_segments=5 shm_pages=13"
check "one of them IPC_RMID'd" said "shm: .*flags=dest"
check "one of them SHM_LOCK'ed and given to uid 1000" said "shm: .*uid=1000 gid=1001 cuid=0 cgid=0 mode=0604 .*flags=locked"
check "a read-only attachment" said "vma: .*kind=sysv prot=r-- flags=shared"
check "the image holds 5 POSIX queues with 9 messages" said "posix_mqueues=5 posix_messages=9"
check "and the CT's fs.mqueue limits" said "mqns: queues_max=77 msg_max=12 msgsize_max=9000 msg_default=6 msgsize_default=8192 queues=5"
check "an unlinked queue" said "mqueue: .*name=mq00-[0-9]*-gone .*unlinked=yes"
check "a queue of uid 1234 as the CT sees it" said "mqueue: .*name=mq00-[0-9]*-closed mode=0460 uid=1234 gid=4321 maxmsg=3 msgsize=16 messages=2"
check "a SIGEV_SIGNAL notification" said "mqueue: .*notify=sigev_signal notify_pid=[0-9]* notify_signo=10 notify_value=0x5eed"
run "restore" 0 vzctl restore $ct --dumpfile $img
ipcview > $out/ipc.after
if cmp -s $out/ipc.before $out/ipc.after; then ok "the host sees the CT's IPC namespace as before"
else fail "the host sees the CT's IPC namespace as before: $(diff $out/ipc.before $out/ipc.after | grep '^[<>]' | head -n 6 | tr '\n' '|')"; fi
vzctl exec $ct 'kill -TERM $(cat /opt/t/sem/pid) $(cat /opt/t/msg/pid) $(cat /opt/t/shm/pid) $(cat /opt/t/undo/pid) $(cat /opt/t/sc/pid) $(cat /opt/t/mq/pid)' > /dev/null 2>&1
for i in $(seq 60); do grep -q '^PASS\|^FAIL' $t/sem/out && grep -q '^PASS\|^FAIL' $t/msg/out &&
	grep -q '^PASS\|^FAIL' $t/shm/out && grep -q '^PASS\|^FAIL' $t/undo/out &&
	grep -q '^PASS\|^FAIL' $t/sc/out && grep -q '^PASS\|^FAIL' $t/mq/out && break; sleep 0.5; done
expect_eq "ipcsem00 after the restore" "PASS ipcsem00" "$(grep '^PASS\|^FAIL' $t/sem/out)"
expect_eq "ipcmsg00 after the restore" "PASS ipcmsg00" "$(grep '^PASS\|^FAIL' $t/msg/out)"
expect_eq "ipcshm00 after the restore" "PASS ipcshm00" "$(grep '^PASS\|^FAIL' $t/shm/out)"
expect_eq "semundo00 after the restore" "PASS semundo00" "$(grep '^PASS\|^FAIL' $t/undo/out)"
expect_eq "seccomp00 after the restore" "PASS seccomp00" "$(grep '^PASS\|^FAIL' $t/sc/out)"
expect_eq "mqueue00 after the restore" "PASS mqueue00" "$(grep '^PASS\|^FAIL' $t/mq/out)"
ns cat /proc/sysvipc/shm > $out/shm.end
check "the segments are gone with ipcshm00 (the IPC_RMID'd one at its last detach)" \
	sh -c "[ \$(wc -l < $out/shm.end) = 1 ]"

# A hostile image: a semaphore above SEMVMX behind a right checksum, refused before any task.
run "vzctl stop" 0 vzctl stop $ct
if $P/imgedit semval $img $out/bad.img 40000 > $out/edit 2>&1; then
	run "an image with a semaphore of 40000 is refused" 17 vzctl restore $ct --dumpfile $out/bad.img
	check "naming the value" said "value 40000 above 32767"
	check "leaving no CT" sh -c "! vzctl status $ct | grep -q running"
else fail "imgedit semval: $(cat $out/edit)"; fi

# Refused by name, the CT left running.
check "start again" vzctl start $ct
refused() {	# refused PROG WHAT: PROG holds what the dump refuses, saying WHAT
	vzctl exec $ct "setsid /opt/t/$1 > /opt/t/$1.out 2>&1 < /dev/null & echo \$! > /opt/t/$1.pid"
	for i in $(seq 40); do grep -q '^ready' $t/$1.out 2>/dev/null && break; sleep 0.5; done
	run "$1: chkpnt is refused" 16 vzctl chkpnt $ct --dumpfile $img
	check "$1: saying $2" said "$2"
	check "$1: the CT still runs" sh -c "vzctl status $ct | grep -q running"
	vzctl exec $ct "kill \$(cat /opt/t/$1.pid)" > /dev/null 2>&1
}
refused ipcshm01 "task [0-9]* (ipcshm01), memory: the SysV shared memory segment [0-9]* is mapped at 0x[0-9a-f]*-0x[0-9a-f]* from page 0, not whole as shmat() maps it"
refused mqueue01 "task [0-9]* (mqueue01) registered a SIGEV_THREAD notification (a netlink socket) on POSIX message queue /mq01-[0-9]*: it cannot be carried"

run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
