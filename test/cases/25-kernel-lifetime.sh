#!/bin/bash
# vm-boot: 1-kernel
# vm-opts: --timeout 1500
# vzrst's lifetime and the restore's kill paths. An undumped CT is held by its cgroup's freezer, not
# by module code: vzrst cannot be unloaded under it and it carries on after resume; a held task dies
# of SIGKILL; restores followed at once by rmmod leave the kernel sound. Restored tasks killed at
# any point of an undump (a third of the 27 points a day; `make faults`: all) and an undumper
# killed while its image stalls half-way leave no task, no context and no frozen cgroup; a
# restore started right after such a kill waits for the killed one's context to end instead of
# finding it in progress. A threaded CT checks its fs and gs bases over 20 cycles. Two threads
# on one fd, one ending the context while the other PUTs it, do not crash the kernel.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt25
cg2=/sys/fs/cgroup/vzt25b
out=/tmp/t25
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

frozen() { grep -q '^frozen 1' "${1:-$cg}/cgroup.events"; }
procs() { wc -l < "${1:-$cg}/cgroup.procs"; }
last() { tr -d '\0' < "$1" | tail -n 1 | awk '{print $1}'; }
# past FILE N: wait (up to 20 s: TCG is slow) until FILE's last count passes N
past() { for t in $(seq 200); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.1; done; return 1; }
# empty CGROUP: wait up to 10 s for it to have no task
empty() { for t in $(seq 100); do [ "$(procs "$1")" = 0 ] && return 0; sleep 0.1; done; return 1; }
# gone PID: the process is dead (a zombie of ours counts as dead)
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
# quickly_gone PID: dead within 3 s
quickly_gone() { for _ in $(seq 30); do gone "$1" && return 0; sleep 0.1; done; return 1; }
# ends PID: dead within 30 s (a restore left alone finishes)
ends() { for _ in $(seq 300); do gone "$1" && return 0; sleep 0.1; done; return 1; }
loaded() { grep -q '^vzrst ' /proc/modules; }

# The image: a counter and a producer/consumer pipeline.
init=$($P/ctdrive run $cg sh -c "$P/pipeline > $out/p 2>&1 & exec $P/counter 2 50 > $out/c 2>&1")
past $out/c 2 || fail "the counter started"
nprocs=$(procs)
$P/ctdrive dump 25 "$init" $cg $out/img 2> $out/err || fail "dump: $(cat $out/err)"
empty $cg || fail "the dumped CT is gone"
size=$(stat -c %s $out/img)

# --- a seed killed just before the undump, still in do_exit(): refused, nothing left
bad=0
for i in 0 200 500 1000 2000 5000 10000; do
	$P/ctdrive exitseed 25 $cg2 $out/img 384 $i > /dev/null 2> $out/err
	st=$?
	case "$st:$(cat $out/err)" in
	1:*"of CT 25 is gone"*|1:*"of CT 25 is exiting"*|1:*"was killed"*) ;;
	*) echo "# try $i: status $st: $(cat $out/err)"; bad=$((bad + 1)) ;;
	esac
	empty $cg2 || { echo "# try $i: tasks left"; bad=$((bad + 1)); }
	if $P/ctdrive rstkill 25 2>/dev/null; then echo "# try $i: a context was left"; bad=$((bad + 1)); fi
done
expect_eq "undumps into a seed killed 0 to 10000 us before are refused, leaving nothing" 0 "$bad"

# --- 1. undumped and held: by the freezer, the module pinned; resume carries on
: > $out/c
init=$($P/ctdrive undump 25 $cg $out/img 2> $out/err) || fail "undump: $(cat $out/err)"
check "the undumped CT is held frozen in its cgroup" frozen
expect_eq "its $nprocs processes are there" "$nprocs" "$(procs)"
if rmmod vzrst 2> $out/err; then fail "vzrst was unloaded under an undumped CT"; else ok "rmmod vzrst is refused: $(cat $out/err)"; fi
check "vzrst is still loaded" loaded
sleep 1
expect_eq "nothing ran while held" "" "$(tr -d '\0' < $out/c)"
check "a later invocation resumes the parked restore" $P/ctdrive rstresume 25
check "the CT carries on after resume" past $out/c 0
check "and is not frozen" test "$(frozen && echo y)" != y
n=$(last $out/c)
check "rmmod after resume" rmmod vzrst
check "the CT runs on without vzrst" past $out/c "$n"
modprobe vzrst || fail "modprobe vzrst"
kill -9 "$init"; empty $cg || fail "the CT died"

# --- a held task dies of SIGKILL; KILL of a held CT leaves nothing
init=$($P/ctdrive undump 25 $cg $out/img 2> $out/err) || fail "undump: $(cat $out/err)"
kill -9 "$init"
check "a held init dies of SIGKILL, and its CT with it" empty $cg
check "the dead CT's context is still there to end" $P/ctdrive rstkill 25
check "its cgroup is not left frozen" test "$(frozen && echo y)" != y
init=$($P/ctdrive undump 25 $cg $out/img 2> $out/err) || fail "undump: $(cat $out/err)"
check "KILL of a held CT" $P/ctdrive rstkill 25
check "kills every task" empty $cg
check "and thaws its cgroup" test "$(frozen && echo y)" != y
check "no context is left: KILL again is refused" grep -q "no restore of CT 25 is in progress" <($P/ctdrive rstkill 25 2>&1)

# --- restores, each followed at once by rmmod and modprobe
bad=0
for i in $(seq 10); do
	: > $out/c
	init=$($P/ctdrive restore 25 $cg $out/img 2> $out/err) || { echo "# restore $i: $(cat $out/err)"; bad=$((bad + 1)); continue; }
	rmmod vzrst || { echo "# rmmod $i refused"; bad=$((bad + 1)); }
	modprobe vzrst || bad=$((bad + 1))
	past $out/c 0 || { echo "# restore $i: the CT does not run"; bad=$((bad + 1)); }
	kill -9 "$init"; empty $cg || bad=$((bad + 1))
done
expect_eq "10 restores each followed at once by rmmod vzrst: all ran, no oops" 0 "$bad"

# --- restored tasks killed at every point of an undump (the undump is slowed by a trickling pipe):
# each delay with each victim set under `make faults` (build/fault-stride 1); else each delay with
# one, which turns with the day (three days' runs make the whole sweep)
STRIDE=$(cat "$VZREPO/build/fault-stride" 2>/dev/null || echo 3)
day=$((10#$(date +%j)))
mkfifo $out/fifo
bad=0 n=0 di=0
for d in 0 0.02 0.05 0.1 0.2 0.3 0.5 0.8 1.2; do
	di=$((di + 1)) wi=0
	for who in all seed others; do
		wi=$((wi + 1))
		[ $(((di + wi + day) % STRIDE)) = 0 ] || continue
		n=$((n + 1))
		$P/trickle $out/img "$size" 10000 > $out/fifo &
		w=$!
		$P/ctdrive restore 25 $cg2 $out/fifo > /dev/null 2> $out/err &
		r=$!
		sleep "$d"
		pids=$(cat $cg2/cgroup.procs)
		case $who in
		all) victims=$pids ;;
		seed) victims=$(echo "$pids" | head -n 1) ;;
		others) victims=$(echo "$pids" | tail -n +2) ;;
		esac
		[ -n "$victims" ] && kill -9 $victims 2>/dev/null
		ends $r || { echo "# $who at ${d}s: the restore hangs"; bad=$((bad + 1)); }
		kill -9 $w 2>/dev/null
		wait $w 2>/dev/null
		if wait $r; then
			# The restore was done before the kill: a CT runs, less what was killed.
			kill -9 $(cat $cg2/cgroup.procs) 2>/dev/null
		fi
		empty $cg2 || { echo "# $who at ${d}s: tasks left: $(cat $cg2/cgroup.procs)"; bad=$((bad + 1)); }
		frozen $cg2 && { echo "# $who at ${d}s: the cgroup is left frozen"; bad=$((bad + 1)); }
		if $P/ctdrive rstkill 25 2>/dev/null; then echo "# $who at ${d}s: a context was left"; bad=$((bad + 1)); fi
		kill -9 $(cat $cg2/cgroup.procs) 2>/dev/null; empty $cg2
	done
done
expect_eq "restored tasks killed at $n points of an undump: nothing left each time" 0 "$bad"

# --- the undumper killed while its image stalls half-way
$P/trickle $out/img $((size / 2)) > $out/fifo &
w=$!
$P/ctdrive restore 25 $cg2 $out/fifo > /dev/null 2> $out/err &
r=$!
sleep 3
if gone $r; then
	fail "the restore waits on the stalled image: it ended: $(cat $out/err)"
else
	ok "the restore waits on the stalled image"
fi
kill -9 $r
check "a restore killed on a stalled image exits at once" quickly_gone $r
check "and leaves no task" empty $cg2
check "nor a frozen cgroup" test "$(frozen $cg2 && echo y)" != y
kill -9 $w; wait $w $r 2>/dev/null
init=$($P/ctdrive restore 25 $cg2 $out/img 2> $out/err)
check "nor a context: a new restore of the same CT works" test -n "$init"
kill -9 "$init" 2>/dev/null; empty $cg2

# --- and a new restore at once after such a kill: it waits for the abandoned context to end
bad=0
for i in 1 2 3; do
	$P/trickle $out/img $((size / 2)) > $out/fifo &
	w=$!
	$P/ctdrive restore 25 $cg2 $out/fifo > /dev/null 2> $out/err &
	r=$!
	sleep 2
	kill -9 $r
	init=$($P/ctdrive restore 25 $cg2 $out/img 2> $out/err) ||
		{ echo "# try $i: $(cat $out/err)"; bad=$((bad + 1)); }
	kill -9 $w "$init" 2>/dev/null; wait $w $r 2>/dev/null
	kill -9 $(cat $cg2/cgroup.procs) 2>/dev/null; empty $cg2
done
expect_eq "3 restores right after a killed one each find the CT free" 0 "$bad"

# --- a threaded CT checks its own fs and gs bases over 20 cycles
init=$($P/ctdrive run $cg sh -c "exec $P/tls00 6 > $out/t 2>&1")
past $out/t 0 || fail "tls00 started"
good=0
for i in $(seq 20); do
	n=$(last $out/t)
	$P/ctdrive dump 25 "$init" $cg $out/timg 2> $out/err || { echo "# cycle $i dump: $(cat $out/err)"; break; }
	init=$($P/ctdrive restore 25 $cg $out/timg 2> $out/err) || { echo "# cycle $i restore: $(cat $out/err)"; break; }
	past $out/t "$n" || { echo "# cycle $i: $(tail -n 1 $out/t)"; break; }
	good=$i
done
expect_eq "20 cycles of 6 threads checking their fs and gs bases" 20 "$good"
check "no thread ever saw another base" test -z "$(tr -d '\0' < $out/t | grep -v ' ok ')"
kill -9 "$init"; empty $cg

# --- two threads on one fd: a stage ends the context while the other PUTs it
check "rst: 3000 contexts ended by UNDUMP while PUT" $P/ctdrive race rst 25 $cg 3000
check "cpt: 3000 contexts ended by RESUME while PUT" $P/ctdrive race cpt 25 $cg 3000
empty $cg

check "vzrst never stayed loaded for a task that would not die" test -z "$(dmesg | grep 'did not exit')"
modprobe -r vzrst && modprobe -r vzcpt || fail "modules unload"
rmdir $cg $cg2
done_testing
