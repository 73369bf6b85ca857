#!/bin/bash
# vm-boot: 1-kernel
# A restore does for a task only what the task could do itself, and carries its stop.
# - Files and mappings are opened as the CT's root, not as the task (test/progs/rstperm00 files: a
#   CT init that opens a file and a mapped file as root, as a daemon does, then becomes uid 1000):
#   the restore gives it both back although uid 1000 may not open them (mode 0600 root's, behind a
#   0700 directory), and the task reads both as before. A path the CT's root cannot reach (a file
#   gone) refuses the restore naming the task and the path, and leaves no task.
# - A pipe whose end is also held outside the CT (opened through /proc/PID/fd from the host, or the
#   same open end taken by a host process with pidfd_getfd) fails the dump naming the task, the fd
#   and the holder; the CT runs on, and without the outside end it dumps.
# - mlock obeys the task's RLIMIT_MEMLOCK: pages locked as root and kept after becoming uid 1000
#   over its limit refuse the restore; within it they come back locked (VmLck).
# - Scheduling: nice -5 or SCHED_FIFO set as root and kept as uid 1000 with no RLIMIT_NICE /
#   RLIMIT_RTPRIO refuse the restore; with RLIMIT_NICE 25 nice -5 restores.
# - Stopped tasks (test/progs/stopped00): one stopped by SIGTSTP (job control, its parent took the
#   stop) and a two-thread one stopped by SIGSTOP (its parent has not) are dumped, come back
#   stopped (state T, no CPU time used), the parent is not told again, the untaken stop is still
#   there for its wait(WUNTRACED), and SIGCONT continues both, which check their memory.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt17
out=/tmp/t17
rm -rf $out
mkdir -p $out/d
chmod 755 $out $out/d
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

procs() { wc -l < $cg/cgroup.procs; }
wait_line() { for _ in $(seq 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done; return 1; }
gone() { for _ in $(seq 40); do [ "$(procs)" = 0 ] && return 0; sleep 0.25; done; kill -9 $(cat $cg/cgroup.procs) 2>/dev/null; sleep 1; return 1; }
# host_pid CTPID: the host pid of the CT's process CTPID.
host_pid() {
	local p
	for p in $(cat $cg/cgroup.procs); do
		[ "$(awk '/^NSpid:/ { print $NF }' /proc/$p/status 2>/dev/null)" = "$1" ] && { echo "$p"; return; }
	done
}
# refused NAME WANT IMAGE: the restore of IMAGE fails with a message matching WANT, leaving no task.
refused() {
	local pid
	if pid=$($P/ctdrive restore 17 $cg "$3" 2> $out/err); then
		fail "$1: restored (pid $pid)"
		kill -9 "$pid"
	else
		case "$(cat $out/err)" in
		*$2*) ok "$1: $(cat $out/err)" ;;
		*) fail "$1: unexpected message: $(cat $out/err)" ;;
		esac
	fi
	gone
	expect_eq "$1: no task is left" 0 "$(procs)"
}
state() { awk '{ sub(/.*\) /, ""); print $1 }' "$1"; }
utime() { awk '{ sub(/.*\) /, ""); print $12 }' /proc/$1/stat; }

# ---- files and mappings opened as the CT's root; pipes held outside ----
echo "rstperm file" > $out/d/file
echo "rstperm map" > $out/map
: > $out/files.log
chmod 600 $out/d/file $out/map $out/files.log
chmod 700 $out/d
init=$($P/ctdrive run $cg $P/rstperm00 files $out/files.log $out/d/file $out/map)
check "files: the uid-1000 task is set up" wait_line $out/files.log '^ready'
read -r _ rfd wfd < <(grep '^ready' $out/files.log)
# pipe_outside WHAT MESSAGE: the dump fails naming the task, the fd and MESSAGE. A dump that
# succeeds ended the CT: it starts again for the checks below.
pipe_outside() {
	if $P/ctdrive dump 17 "$init" $cg $out/pipe.img 2> $out/err; then
		fail "$1 was dumped"
		gone
		: > $out/files.log
		init=$($P/ctdrive run $cg $P/rstperm00 files $out/files.log $out/d/file $out/map)
		wait_line $out/files.log '^ready'
		read -r _ rfd wfd < <(grep '^ready' $out/files.log)
	else
		case "$(cat $out/err)" in
		*"task 1 (rstperm00), fd $rfd: $2"*) ok "$1 fails the dump: $(cat $out/err)" ;;
		*) fail "$1: unexpected message: $(cat $out/err)" ;;
		esac
	fi
}
exec 7>/proc/$init/fd/$wfd
pipe_outside "a pipe with another open of its write end outside the CT" \
	"a pipe whose write end is also held outside the container cannot be carried"
exec 7>&-
check "the CT runs on after the refused dump" kill -0 "$init"
# The same open end, not another open of it, shared with a process of the host (as a fork shares
# it): the pipe's count of ends cannot tell, its references can.
rm -f $out/grabbed
$P/fdgrab "$init" "$wfd" $out/grabbed &
grab=$!
check "a host process holds the CT's own write end" wait_line $out/grabbed ready
pipe_outside "a pipe whose write end a host process shares" \
	"a pipe whose write end is also held outside the container, by process $grab (fdgrab) of the host, cannot be carried"
kill $grab
wait $grab 2> /dev/null
check "the CT runs on after that refused dump too" kill -0 "$init"
check "files: the dump without the outside end" $P/ctdrive dump 17 "$init" $cg $out/files.img
gone

mv $out/d/file $out/d/file.away
refused "a file that is gone" "task 1 (rstperm00) cannot open $out/d/file (error -2)" $out/files.img
mv $out/d/file.away $out/d/file
if init=$($P/ctdrive restore 17 $cg $out/files.img 2> $out/err); then
	ok "files uid 1000 may not open, opened by root before it dropped to uid 1000, are restored"
	kill -USR2 "$init"
	check "files: the restored task checks itself" wait_line $out/files.log 'PASS rstperm00\|FAIL rstperm00'
	expect_eq "files: the restored task reads its file and mapping as before" "PASS rstperm00 files" \
		"$(grep 'PASS rstperm00\|FAIL rstperm00' $out/files.log)"
	kill -9 "$init"
else
	fail "files: restore: $(cat $out/err)"
fi
gone

# ---- mlock within RLIMIT_MEMLOCK ----
for c in "over 8 2" "within 2 4"; do
	set -- $c
	log=$out/mlock-$1.log
	: > $log
	chown 1000:1000 $log
	init=$($P/ctdrive run $cg $P/rstperm00 mlock $log $2 $3)
	check "mlock $1: $2 pages locked as root, limit $3 pages, now uid 1000" wait_line $log '^ready'
	check "mlock $1: the dump" $P/ctdrive dump 17 "$init" $cg $out/mlock-$1.img
	gone
	if [ "$1" = over ]; then
		refused "mlock over RLIMIT_MEMLOCK" \
			"task 1 (rstperm00) would have 32 kB locked, above its RLIMIT_MEMLOCK of 8 kB, without CAP_IPC_LOCK" \
			$out/mlock-over.img
		continue
	fi
	if init=$($P/ctdrive restore 17 $cg $out/mlock-within.img 2> $out/err); then
		expect_eq "mlock within: VmLck from outside" "8 kB" "$(awk '/^VmLck:/ { print $2, $3 }' /proc/$init/status)"
		kill -USR2 "$init"
		wait_line $log 'PASS rstperm00\|FAIL rstperm00'
		expect_eq "mlock within: the task checks its locked pages" "PASS rstperm00 mlock" \
			"$(grep 'PASS rstperm00\|FAIL rstperm00' $log)"
		kill -9 "$init"
	else
		fail "mlock within: restore: $(cat $out/err)"
	fi
	gone
done

# ---- scheduling values the task's limits and capabilities allow ----
while IFS='|' read -r name args want; do
	log=$out/sched-$name.log
	: > $log
	chown 1000:1000 $log
	# shellcheck disable=SC2086
	init=$($P/ctdrive run $cg $P/rstperm00 sched $log $args)
	check "sched $name: set up" wait_line $log '^ready'
	check "sched $name: the dump" $P/ctdrive dump 17 "$init" $cg $out/sched-$name.img
	gone
	if [ -n "$want" ]; then
		refused "sched $name" "$want" $out/sched-$name.img
		continue
	fi
	if init=$($P/ctdrive restore 17 $cg $out/sched-$name.img 2> $out/err); then
		kill -USR2 "$init"
		wait_line $log 'PASS rstperm00\|FAIL rstperm00'
		expect_eq "sched $name: restored with its values" "PASS rstperm00 sched" \
			"$(grep 'PASS rstperm00\|FAIL rstperm00' $log)"
		kill -9 "$init"
	else
		fail "sched $name: restore: $(cat $out/err)"
	fi
	gone
done <<'S'
nice|other 0 -5 0 0|task 1 (rstperm00) in the image has a nice value below its parent's that its RLIMIT_NICE does not allow (policy 0, priority 0, nice -5) and no CAP_SYS_NICE
fifo|fifo 10 0 0 0|task 1 (rstperm00) in the image has a real-time policy with RLIMIT_RTPRIO 0 (policy 1, priority 10, nice 0) and no CAP_SYS_NICE
nice-allowed|other 0 -5 25 0|
S

# ---- stopped tasks ----
log=$out/stopped.log
: > $log
init=$($P/ctdrive run $cg $P/stopped00 $log)
check "stopped: set up" wait_line $log '^ready'
read -r _ a b < <(grep '^ready' $log)
ha=$(host_pid "$a"); hb=$(host_pid "$b")
kill -TSTP "$ha"
kill -STOP "$hb"
check "stopped: the parent took A's stop (SIGTSTP)" wait_line $log '^A stopped 20'
for _ in $(seq 40); do [ "$(state /proc/$hb/stat)" = T ] && break; sleep 0.25; done
expect_eq "stopped: B's two threads are stopped" "T T" "$(for t in /proc/$hb/task/*/stat; do state $t; done | xargs)"
if $P/ctdrive dump 17 "$init" $cg $out/stopped.img 2> $out/err; then
	ok "stopped tasks are dumped"
else
	fail "stopped: dump: $(cat $out/err)"
fi
vzctl dumpinfo $out/stopped.img > $out/stopped.info 2>&1
expect_eq "dumpinfo: A stopped by 20 (taken), B's threads by 19, the leader's stop not taken" \
	"stopped=20,stopped=19 stop_unreported=yes,stopped=19" \
	"$(grep -o 'stopped=[0-9]*\( stop_unreported=yes\)\?' $out/stopped.info | paste -sd,)"
gone
if init=$($P/ctdrive restore 17 $cg $out/stopped.img 2> $out/err); then
	ok "stopped: restored"
	ha=$(host_pid "$a"); hb=$(host_pid "$b")
	sleep 1
	expect_eq "stopped: A is stopped after the resume" T "$(state /proc/$ha/stat)"
	expect_eq "stopped: B's two threads are stopped after the resume" "T T" \
		"$(for t in /proc/$hb/task/*/stat; do state $t; done | xargs)"
	u1=$(utime "$ha"); sleep 1; u2=$(utime "$ha")
	expect_eq "stopped: A uses no CPU time while stopped" "$u1" "$u2"
	expect_eq "stopped: the parent was told of A's stop once, not again" 1 "$(grep -c '^A stopped' $log)"
	kill -USR1 "$init"
	check "stopped: the parent asks for B's stop" wait_line $log '^B report'
	expect_eq "stopped: B's stop not taken before the dump is there to take" "B report stopped 19" \
		"$(grep '^B report' $log)"
	kill -CONT "$ha" "$hb"
	check "stopped: A continues and checks its memory" wait_line $log '^PASS stopped00 A'
	check "stopped: B continues and checks its memory and threads" wait_line $log '^PASS stopped00 B'
	check "stopped: the parent is told A continued" wait_line $log '^A continued'
	grep FAIL $log && fail "stopped: $(grep FAIL $log)"
	expect_eq "stopped: A runs after SIGCONT" R "$(state /proc/$ha/stat)"
	kill -9 "$init"
else
	fail "stopped: restore: $(cat $out/err)"
fi
gone
done_testing
