#!/bin/bash
# vm-boot: 3-ct
# Per-task state through vzctl chkpnt and restore of a busybox CT: nothing silently lost.
# Carried (test/progs/taskstate00): scheduling policy OTHER/BATCH/IDLE/FIFO/RR with priority, nice
# and reset-on-fork, CPU affinity, sigaltstack with SS_AUTODISARM, the mask sigsuspend put aside,
# shared and private pending signals with their siginfos, no_new_privs, child subreaper,
# oom_score_adj, personality, and a continue not yet reported to the parent: each process checks its own state after the restore, and the
# host compares /proc/PID/status and stat before and after.
# Refused (test/progs/taskstate01): a vfork, more queued signals than the image
# carries, a process group or session whose leader exited, a seccomp filter with a
# user-notification listener, nested namespaces, leases,
# a mount the CT made, a file with two names in /dev/shm: the dump fails naming
# the task and what it holds, and the CT runs on with the state intact.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t35
priv=/vz/private/101
ts=$priv/root/ts
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create 101 --hostname ct101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
# Nested namespaces and a mount of the CT's own are made with CAP_SYS_ADMIN, out of a CT's default set.
vzctl set 101 --capability sys_admin:on --save > /dev/null || fail "grant sys_admin"
cp $P/taskstate00.static $priv/bin/taskstate00
cp $P/taskstate01.static $priv/bin/taskstate01
cp $P/evfdhold.static $priv/bin/evfdhold
mkdir -p $ts
run "start 101" 0 vzctl start 101
frozen() { grep -q '^frozen 1' /sys/fs/cgroup/vz/101/cgroup.events; }

# host_pid CTPID: the host pid of the CT's task CTPID.
host_pid() {
	local p
	for p in $(cat /sys/fs/cgroup/vz/101/cgroup.procs); do
		[ "$(awk '/^NSpid:/ { print $NF }' /proc/$p/status 2>/dev/null)" = "$1" ] && { echo "$p"; return; }
	done
}
# seen CTPID: the task's state as the host sees it: status fields, nice, rt priority, policy,
# oom_score_adj, personality.
seen() {
	local hp
	hp=$(host_pid "$1")
	[ -n "$hp" ] || { echo "no task $1"; return; }
	grep -E '^(SigBlk|ShdPnd|SigPnd|NoNewPrivs|Seccomp|Cpus_allowed_list):' /proc/$hp/status | tr '\t' ' '
	awk '{ sub(/.*\) /, ""); print "nice", $17, "rtprio", $38, "policy", $39 }' /proc/$hp/stat
	echo "oom_score_adj $(cat /proc/$hp/oom_score_adj) personality $(cat /proc/$hp/personality)"
}
# no_zombies: wait until the CT's init has reaped what the last kind left (a zombie is refused),
# seen in the CT's /proc (cgroup.procs does not list zombies).
no_zombies() {
	local i
	for i in $(seq 40); do
		vzctl exec 101 'cat /proc/[0-9]*/stat 2>/dev/null' |
			awk '{ sub(/.*\) /, ""); if ($1 == "Z") z = 1 } END { exit !z }' || return 0
		sleep 0.25
	done
}
wait_lines() { # wait_lines FILE PATTERN N
	local i
	for i in $(seq 240); do [ "$(grep -c "$2" "$1" 2>/dev/null)" -ge "$3" ] 2>/dev/null && return 0; sleep 0.5; done
	return 1
}

# --- carried
vzctl exec 101 'taskstate00 /root/ts > /root/ts/carry.out 2>&1 &'
check "the carried kinds are set up" wait_lines $ts/carry.out '^ready ' 11
sleep 2	# the sigsuspend process reaches sigsuspend
pids=$(awk '/^ready/ { print $3 }' $ts/carry.out)
for p in $pids; do seen "$p"; done > $out/before
sspid=$(awk '$2 == "sigsuspend" { print $3 }' $ts/carry.out)
check "sigsuspend's temporary mask is in place (SIGUSR2 alone)" \
	grep -q '^SigBlk: 0000000000000800$' <(seen "$sspid")
if vzctl chkpnt 101 > $out/msg 2>&1; then ok "chkpnt"; else fail "chkpnt: $(cat $out/msg)"; fi
vzctl dumpinfo /vz/dump/Dump.101 > $out/info 2>&1
check "dumpinfo shows the RR task's policy, priority and nice" grep -q 'sched: policy=rr priority=20 nice=5 reset_on_fork=yes' $out/info
check "dumpinfo shows the pinned CPU" grep -q 'sched: policy=other nice=0 cpus=1$' $out/info
check "dumpinfo shows the saved mask" grep -q 'state: saved_sigmask=0xa00$' $out/info
check "dumpinfo shows a continue the parent has not waited for" grep -q 'state: continued="not waited for"' $out/info
check "dumpinfo shows no_new_privs, subreaper, oom_score_adj" \
	grep -q 'state: no_new_privs=yes child_subreaper=yes oom_score_adj=123' $out/info
if vzctl restore 101 > $out/msg 2>&1; then ok "restore"; else fail "restore: $(cat $out/msg)"; fi
for p in $pids; do seen "$p"; done > $out/after
if diff $out/before $out/after > $out/diff; then
	ok "status, nice, priority, policy, affinity, masks as before, seen from the host"
else
	fail "seen from the host: $(tr '\n' '|' < $out/diff)"
fi
touch $ts/go
vzctl exec 101 kill -USR1 "$sspid"
check "every process reported" wait_lines $ts/carry.out '^done' 1
for k in sched-other sched-batch sched-idle sched-fifo sched-rr affinity sigaltstack sigsuspend \
	shared-signals prctl continued; do
	line=$(grep -E "^(PASS|FAIL) $k\b" $ts/carry.out)
	case "$line" in
	"PASS $k") ok "carried: $k" ;;
	*) fail "carried: $k: '${line:-no report}'" ;;
	esac
done
rm -f $ts/go
no_zombies

# --- refused
# A dump that should have been refused but went through killed the CT: restore it for what follows.
back_if_dumped() {
	vzctl status 101 | grep -q running || vzctl restore 101 --dumpfile $out/refused.img > /dev/null 2>&1
}
# kind|the message after "task PID (ts-KIND)" (a regular expression)
# The list is read from fd 3: vzctl exec passes its stdin on to the CT, and would take the rest.
while IFS='|' read -r kind msg <&3; do
	[ -n "$kind" ] || continue
	rm -f $ts/go
	vzctl exec 101 "taskstate01 $kind /root/ts > /root/ts/$kind.out 2>&1 &"
	if ! wait_lines $ts/$kind.out '^ready ' 1; then
		fail "$kind: not set up: $(tr '\n' '|' < $ts/$kind.out)"
		continue
	fi
	pid=$(awk '/^ready/ { print $3 }' $ts/$kind.out)
	no_zombies	# the setup's own exited processes
	comm=ts-$kind; comm=${comm:0:15}	# TASK_COMM_LEN
	run "chkpnt refused: $kind" 16 vzctl chkpnt 101 --dumpfile $out/refused.img
	back_if_dumped
	check "naming task $pid and what it holds" \
		said "^Error: checkpoint of CT 101 failed: task $pid ($comm)$msg$"
	check "the CT is not frozen" sh -c '! grep -q "^frozen 1" /sys/fs/cgroup/vz/101/cgroup.events'
	touch $ts/go
	wait_lines $ts/$kind.out '^PASS\|^FAIL' 1
	expect_eq "the CT ran on with its $kind intact" "PASS $kind" "$(grep '^PASS\|^FAIL' $ts/$kind.out)"
	no_zombies
done 3<<'K'
vfork| is a vfork child its parent waits for: a vfork cannot be carried yet
rtsig| has 300 shared signals queued: the image carries at most 256
seccomp| has a seccomp filter with a user-notification listener (NEW_LISTENER): it cannot be carried
netns| is in a network namespace of its own: nested namespaces cannot be carried yet
utsns| is in a UTS namespace of its own: nested namespaces cannot be carried yet
lease| holds a lease (F_SETLEASE) on fd 3: leases cannot be carried yet
io_uring|, memory: mapping 0x[0-9a-f]*-0x[0-9a-f]* is of an io_uring instance (io_uring_setup()): asynchronous I/O cannot be carried yet
aio|, memory: mapping 0x[0-9a-f]*-0x[0-9a-f]* is of an AIO context's ring (io_setup()): asynchronous I/O cannot be carried yet
K
# SysV objects are the CT's IPC namespace's, all of them carried now (test 46, ipcsem00,
# ipcmsg00, ipcshm00).
# Mounts the CT made: tmpfs and bind mounts of its own paths are carried (mount00 in the
# catalog); the rest is refused, naming the mount, and the CT goes on unfrozen.
mount_refused() {	# name, setup, undo, message
	check "$1: made" vzctl exec 101 "$2"
	run "chkpnt refused: $1" 16 vzctl chkpnt 101 --dumpfile $out/refused.img
	back_if_dumped
	check "naming the mount" said "^Error: checkpoint of CT 101 failed: $4\$"
	check "the CT is not frozen" sh -c '! grep -q "^frozen 1" /sys/fs/cgroup/vz/101/cgroup.events'
	vzctl exec 101 "$3"
}
vzctl exec 101 'mkdir -p /mnt/t /mnt/u'
mount_refused "a ramfs mount the CT made" 'mount -t ramfs r /mnt/t' 'umount /mnt/t' \
	"the CT has mounted ramfs at /mnt/t since it started: only tmpfs, mqueue, proc and bind mounts of the CT's own paths can be carried yet"
mount_refused "a tmpfs stacked on another" \
	'mount -t tmpfs a /mnt/t && mount -t tmpfs b /mnt/t' 'umount /mnt/t; umount /mnt/t' \
	"the CT has mounted tmpfs at /mnt/t over another mount there: stacked mounts cannot be carried yet"
mount_refused "a shared mount" 'mount -t tmpfs a /mnt/t && mount --make-shared /mnt/t' \
	'umount /mnt/t' \
	"the CT has mounted tmpfs at /mnt/t, which is a shared mount: only private mounts can be carried yet"
mount_refused "a mount hiding files of a tmpfs" \
	'mount -t tmpfs a /mnt/t && mkdir /mnt/t/d && touch /mnt/t/d/hidden && mount -t tmpfs b /mnt/t/d' \
	'umount /mnt/t/d; umount /mnt/t' \
	"the mount at /mnt/t/d hides files of the tmpfs under it, which a restore cannot make again"
mount_refused "a devpts instance of the CT's own" 'mkdir -p /mnt/pts && mount -t devpts -o newinstance pt /mnt/pts' \
	'umount /mnt/pts' \
	"the CT has mounted devpts at /mnt/pts since it started: only tmpfs, mqueue, proc and bind mounts of the CT's own paths can be carried yet"
mount_refused "a file with two names in a tmpfs the CT mounted" \
	'mount -t tmpfs a /mnt/t && echo x > /mnt/t/one && ln /mnt/t/one /mnt/t/two' 'umount /mnt/t' \
	"/mnt/t/\\(one\\|two\\), on the CT's tmpfs, cannot be carried: it has 2 names (hard links), which a restore cannot make one file again"
# What is carried comes back, seen from the host too.
vzctl exec 101 'mount -t tmpfs -o size=1m,mode=0700 keep /mnt/t && echo kept > /mnt/t/f &&
	mkdir -p /mnt/src /mnt/q /mnt/p && echo bound > /mnt/src/g &&
	mount -o bind /mnt/src /mnt/u && mount -o remount,bind,ro /mnt/u &&
	mount -t mqueue mq /mnt/q && mount -t proc -o nosuid,hidepid=2 pr /mnt/p &&
	mkdir -p /mnt/s /mnt/cg && mount -t sysfs sy /mnt/s && mount -t cgroup2 cg /mnt/cg'
# An inotify watch on a file of the tmpfs the CT mounted is carried with it.
vzctl exec 101 "setsid evfdhold inotify-watch /mnt/t/f > /root/inwatch.out 2>&1 < /dev/null &"
wait_lines $priv/root/inwatch.out '^ready$' 1 || fail "the inotify holder is not ready: $(cat $priv/root/inwatch.out)"
check "a CT with a tmpfs, a read-only bind mount, an mqueue, a proc, a sysfs and a cgroup2 it made checkpoints" \
	vzctl chkpnt 101 --dumpfile $out/mounts.img
check "dumpinfo names the tmpfs" sh -c "vzctl dumpinfo $out/mounts.img | grep -q '^ *mount: .*kind=tmpfs target=mnt/t device=keep flags=rw,relatime sb_flags=rw options=\"nr_blocks=256,'"
check "and the bind mount with its source" sh -c "vzctl dumpinfo $out/mounts.img | grep -q '^ *mount: .*kind=bind target=mnt/u source=/mnt/src flags=ro,'"
check "and the proc with its options" sh -c "vzctl dumpinfo $out/mounts.img | grep -q '^ *mount: .*kind=proc target=mnt/p device=pr flags=rw,nosuid,relatime options=\"hidepid=2,gid=0\"'"
# The CT's sysfs and cgroup2 are the ones vzctl mounted at /sys and /sys/fs/cgroup: binds of those.
check "and the sysfs and cgroup2 as binds of /sys and /sys/fs/cgroup" sh -c "vzctl dumpinfo $out/mounts.img | grep -q '^ *mount: .*kind=bind target=mnt/s source=/sys flags=rw,' && vzctl dumpinfo $out/mounts.img | grep -q '^ *mount: .*kind=bind target=mnt/cg source=/sys/fs/cgroup flags=rw,'"
check "and restores" vzctl restore 101 --dumpfile $out/mounts.img
expect_eq "with the tmpfs's file" kept "$(vzctl exec 101 cat /mnt/t/f 2>&1)"
vzctl exec 101 'echo more >> /mnt/t/f'
wait_lines $priv/root/inwatch.out '^event' 1
expect_eq "the inotify watch on the tmpfs's file reports its write" "event wd=1 mask=0x2" \
	"$(grep -m 1 '^event' $priv/root/inwatch.out)"
vzctl exec 101 'pkill -x evfdhold'
expect_eq "and the bind mount's" bound "$(vzctl exec 101 cat /mnt/u/g 2>&1)"
check "the tmpfs keeps its device name, size and mode" sh -c "vzctl exec 101 cat /proc/self/mountinfo | grep -q ' /mnt/t rw,relatime - tmpfs keep rw,size=1024k,mode=700'"
check "the bind mount is read-only" sh -c "! vzctl exec 101 'echo no > /mnt/u/g' 2>/dev/null"
check "the mqueue is there" sh -c "vzctl exec 101 cat /proc/self/mountinfo | grep -q ' /mnt/q rw,relatime - mqueue mq rw'"
check "and the proc, nosuid, with hidepid=2" sh -c "vzctl exec 101 cat /proc/self/mountinfo | grep -q ' /mnt/p rw,nosuid,relatime - proc pr rw,hidepid=invisible'"
check "of the CT's pid namespace" vzctl exec 101 test -d /mnt/p/1
check "the sysfs is the CT's network namespace's" vzctl exec 101 test -e /mnt/s/class/net/eth0
check "and writable where it was" sh -c "vzctl exec 101 cat /proc/self/mountinfo | grep -q ' /mnt/s rw,relatime - sysfs '"
check "the cgroup2 has the CT's cgroup as its root" sh -c "vzctl exec 101 cat /mnt/cg/cgroup.procs | grep -qx 1"
vzctl exec 101 'umount /mnt/cg; umount /mnt/s; umount /mnt/p; umount /mnt/q; umount /mnt/u; umount /mnt/t'
# Files the CT put on the tmpfs mounts vzctl makes (/dev, /dev/shm) are carried by the image (a
# restore makes the mounts afresh), but for what a restore could not make the same: a file with
# two names is refused, naming it.
vzctl exec 101 'mkfifo /dev/mine; echo data > /dev/shm/left; ln /dev/shm/left /dev/shm/twin'
run "chkpnt refused: a file with two names in /dev/shm" 16 vzctl chkpnt 101 --dumpfile $out/refused.img
back_if_dumped
check "naming it" \
	said "^Error: checkpoint of CT 101 failed: /dev/shm/\\(left\\|twin\\), on the CT's tmpfs, cannot be carried: it has 2 names (hard links)"
check "the CT is not frozen" sh -c '! grep -q "^frozen 1" /sys/fs/cgroup/vz/101/cgroup.events'
vzctl exec 101 rm /dev/shm/twin
check "with nothing uncarried left, the CT checkpoints again" vzctl chkpnt 101
check "and restores" vzctl restore 101
check "with the FIFO it made in /dev" vzctl exec 101 test -p /dev/mine
expect_eq "and its file in /dev/shm" data "$(vzctl exec 101 cat /dev/shm/left 2>&1)"

# A shell's vforks (dash runs its commands through vfork): a freeze that catches a vfork child
# moments from its exec lets the CT run on and freezes it again, rather than refuse the dump.
# test/progs/vforkloop holds a vfork child 20 ms before each exec, so nearly every freeze catches one.
cp $P/vforkloop.static $priv/bin/vforkloop
vzctl exec 101 'vforkloop /root/ts > /root/ts/vforkloop.out 2>&1 &'
check "a program vforking without pause runs" wait_lines $ts/vforkloop.out '^ready' 1
for i in 1 2 3 4; do
	run "under the vforks, snapshot $i: suspend" 0 vzctl chkpnt 101 --suspend
	run "under the vforks, snapshot $i: dump" 0 vzctl chkpnt 101 --dump --dumpfile $out/vfork.img
	run "under the vforks, snapshot $i: resume" 0 vzctl chkpnt 101 --resume
done
check "the image holds the program and no vfork child" sh -c "vzctl dumpinfo $out/vfork.img | grep -c 'task: .* comm=vforkloop\\( \\|\$\\)' | grep -qx 1"
run "under the vforks: chkpnt" 0 vzctl chkpnt 101 --dumpfile $out/vfork.img
run "under the vforks: restore" 0 vzctl restore 101 --dumpfile $out/vfork.img
seen_done=$(grep -c '^done' $ts/vforkloop.out)
check "after the restore the program goes on vforking" wait_lines $ts/vforkloop.out '^done' $((seen_done + 2))
# By its pid: a vfork child has its name until its exec, and a SIGTERM sent by name may land
# in its exec'd program.
vzctl exec 101 "kill -TERM $(awk '/^ready/ { print $2 }' $ts/vforkloop.out)"
wait_lines $ts/vforkloop.out '^PASS\|^FAIL' 1
expect_eq "and every child it made ended as it should" "PASS vforkloop" \
	"$(grep -m 1 -o '^PASS vforkloop\|^FAIL.*' $ts/vforkloop.out)"
vzctl stop 101 --fast > /dev/null 2>&1
vzctl destroy 101 > /dev/null 2>&1
done_testing
