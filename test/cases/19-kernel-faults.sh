#!/bin/bash
# vm-boot: 4-sweeps
# vm-weight: 6
# vm-opts: --timeout 1800
# case-timeout: 1500
# Fault injection walked over the points of a representative dump, of two pre-copy passes
# (CPT_ITER: after the freeze, at each read of pages, before the thaw) and the dump after them, and
# of an undump (vz_fault.h): the Nth point fails (fail_nth=N) for N up to the number of points the
# good run passed. `make check` walks every STRIDE-th point of the dump and of the undump (4, from
# an offset that moves on each day, so that four days' runs cover them all); `make faults` walks
# every point (build/fault-stride, as no environment reaches the guest). After each failed dump or pass the CT runs on, not frozen; after each failed
# undump nothing is left in the target cgroup; every context made is freed (the modules' pr_debug
# pair, through dyndbg); the modules are free to unload at the end. A clean dump and undump follow,
# and the restored CT carries on.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt19
rcg=/sys/fs/cgroup/vzt19r
out=/tmp/t19
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
echo 'module vzcpt +p; module vzrst +p' > /sys/kernel/debug/dynamic_debug/control

STRIDE=$(cat "$VZREPO/build/fault-stride" 2>/dev/null || echo 4)
OFFSET=$((10#$(date +%j) % STRIDE + 1))
# walk POINTS: the points of a walk of POINTS, every STRIDE-th from OFFSET, and always the last.
walk() { { seq "$OFFSET" "$STRIDE" "$1"; echo "$1"; } | sort -nu; }
echo "# walking fault points $OFFSET, $((OFFSET + STRIDE)), ... and the last of each walk (make faults: all)"

cpar=/sys/module/vzcpt/parameters
rpar=/sys/module/vzrst/parameters
frozen() { grep -q '^frozen 1' "$1/cgroup.events"; }
procs() { wc -l < "$1/cgroup.procs"; }
last() { tail -n 1 "$1" | awk '{print $1}'; }
wait_past() { for _ in $(seq 40); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }
wait_empty() { for _ in $(seq 40); do [ "$(procs "$1")" = 0 ] && return 0; sleep 0.25; done; return 1; }
wait_thawed() { for _ in $(seq 40); do frozen "$1" || return 0; sleep 0.25; done; return 1; }
# contexts MOD: contexts created and freed so far, "created freed"
contexts() { echo "$(dmesg | grep -c "$1: context of CT 19 created") $(dmesg | grep -c "$1: context of CT 19 freed")"; }

# A CT with several tasks, a pipe with data in flight, open files and touched memory.
init=$($P/ctdrive run $cg sh -c "$P/pipeline > $out/p 2>&1 & exec $P/counter 1 50 > $out/c 2>/dev/null")
wait_past $out/c 3

# --- the dump: count its points with a good run, then fail each in turn
$P/ctdrive dump 19 "$init" $cg $out/good.img --resume || fail "the good dump"
points=$(cat $cpar/fault_points)
good_points=$points
check "a dump passes fault points ($points)" test "$points" -gt 20
bad=0 walked=0
for n in $(walk "$points"); do
	walked=$((walked + 1))
	echo "$n" > $cpar/fail_nth
	if $P/ctdrive dump 19 "$init" $cg $out/bad.img --resume 2> $out/err; then
		bad=$((bad + 1)); echo "# dump with point $n failing succeeded"; continue
	fi
	if ! wait_thawed $cg; then
		bad=$((bad + 1)); echo "# point $n: the CT stays frozen"; echo 0 > $cg/cgroup.freeze
	fi
	c=$(last $out/c)
	wait_past $out/c "$c" || { bad=$((bad + 1)); echo "# point $n: the CT stopped counting"; }
done
echo 0 > $cpar/fail_nth
expect_eq "a dump failed at $walked of its $points points leaves the CT running, thawed" 0 "$bad"
check "the pipeline inside kept its stream whole" sh -c "! grep -q BROKEN $out/p"

# --- pre-copy: two passes (CPT_ITER) then the dump, counted as one walk from the first pass; the
# dump's own points were walked above. Walked here: every point of the first pass, and the first
# three of the second (its buffers, after its freeze, before its thaw), whose reads are those of
# the first pass again (each point of a pass costs a pass, seconds under TCG). The second pass's
# count varies with what the CT wrote: a point a run did not reach is not a failure.
$P/ctdrive iterdump 19 "$init" $cg $out/iter.img 2 2> $out/err || fail "the good pre-copy dump: $(cat $out/err)"
all=$(cat $cpar/fault_points)
$P/ctdrive iterdump 19 "$init" $cg $out/iter.img 1 --passes-only 2> $out/err ||
	fail "the good pre-copy pass: $(cat $out/err)"
p1=$(cat $cpar/fault_points)
$P/ctdrive iterdump 19 "$init" $cg $out/iter.img 2 --passes-only 2> $out/err ||
	fail "the good pre-copy passes: $(cat $out/err)"
points=$(cat $cpar/fault_points)
check "a pass passes fault points ($p1), two more ($points), and their dump goes on counting ($all in all)" \
	test "$p1" -gt 3 -a "$points" -gt "$p1" -a "$all" -gt "$points"
bad=0 walked=0
for n in $(seq "$p1") $((p1 + 1)) $((p1 + 2)) $((p1 + 3)); do
	echo "$n" > $cpar/fail_nth
	if $P/ctdrive iterdump 19 "$init" $cg $out/bad.img 2 --passes-only 2> $out/err; then
		[ "$(cat $cpar/fault_points)" -lt "$n" ] && continue
		bad=$((bad + 1)); echo "# pre-copy with point $n failing succeeded"; continue
	fi
	walked=$((walked + 1))
	if ! wait_thawed $cg; then
		bad=$((bad + 1)); echo "# pre-copy point $n: the CT stays frozen"; echo 0 > $cg/cgroup.freeze
	fi
	c=$(last $out/c)
	wait_past $out/c "$c" || { bad=$((bad + 1)); echo "# pre-copy point $n: the CT stopped counting"; }
done
echo 0 > $cpar/fail_nth
expect_eq "pre-copy failed at each of $walked points (freeze, page reads, thaw) leaves the CT running, thawed" 0 "$bad"
check "the walk failed the first pass at each of its $p1 points, and the second's freeze and thaw" \
	test "$walked" -ge $((p1 + 2))
check "the pre-copy sweep passed the points inside a pass" \
	sh -c "dmesg | grep -q 'fault injected at point [0-9]* (pre-copy frozen)' &&
		dmesg | grep -q 'fault injected at point [0-9]* (pre-copy read)' &&
		dmesg | grep -q 'fault injected at point [0-9]* (pre-copy thaw)'"
check "a full dump succeeds after the pre-copy sweep" $P/ctdrive dump 19 "$init" $cg $out/after.img --resume
check "and a pre-copy one" $P/ctdrive iterdump 19 "$init" $cg $out/after-iter.img 2
read -r made freed < <(contexts vzcpt)
expect_eq "every checkpoint context made was freed ($made)" "$made" "$freed"

# --- the undump: the CT is gone, its image comes back; count points, then fail each
kill -9 "$init"; sleep 0.5
rinit=$($P/ctdrive restore 19 $rcg $out/good.img 2> $out/err) || fail "the good restore: $(cat $out/err)"
points=$(cat $rpar/fault_points)
check "an undump passes fault points ($points)" test "$points" -gt 20
kill -9 "$rinit" 2>/dev/null
wait_empty $rcg
bad=0 walked=0
for n in $(walk "$points"); do
	walked=$((walked + 1))
	echo "$n" > $rpar/fail_nth
	# Not $(...): a seed left alive would hold its stdout open.
	if timeout -s KILL 60 $P/ctdrive restore 19 $rcg $out/good.img > $out/pid 2> $out/err; then
		bad=$((bad + 1)); echo "# undump with point $n failing succeeded"
		kill -9 "$(cat $out/pid)"; wait_empty $rcg; continue
	fi
	grep -q . $out/err || { bad=$((bad + 1)); echo "# point $n: no reason given"; }
	if ! wait_empty $rcg; then
		bad=$((bad + 1)); echo "# point $n: $(procs $rcg) tasks left: $(head -n 1 $out/err)"
		echo 1 > $rcg/cgroup.kill; wait_empty $rcg
	fi
done
echo 0 > $rpar/fail_nth
expect_eq "an undump failed at $walked of its $points points leaves nothing behind" 0 "$bad"
read -r made freed < <(contexts vzrst)
expect_eq "every restore context made was freed ($made)" "$made" "$freed"

# --- and after all that, a clean restore carries on from the image
: > $out/c
rinit=$($P/ctdrive restore 19 $rcg $out/good.img 2> $out/err) || fail "restore after the walk: $(cat $out/err)"
check "the restored CT counts on after the walk" wait_past $out/c 0
kill -9 "$rinit" 2>/dev/null
wait_empty $rcg
sleep 0.5
check "vzcpt and vzrst unload: no reference left" rmmod vzrst vzcpt
modprobe vzcpt && modprobe vzrst
echo 'module vzcpt -p; module vzrst -p' > /sys/kernel/debug/dynamic_debug/control
done_testing
