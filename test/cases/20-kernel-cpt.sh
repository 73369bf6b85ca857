#!/bin/bash
# vm-boot: 1-kernel
# Checkpoint and restore through /proc/cpt and /proc/rst directly (test/progs/ctdrive), on a bare
# container running self-checking programs: memory, threads with AVX/SSE and general registers, a
# pipeline with data in flight, and processes blocked in pause, nanosleep, poll, select, read and
# wait4. After the restore every program carries on and its own checks pass; pids, parents,
# process groups and sessions are as before.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt20
out=/tmp/t20
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
sysctl -qw kernel.print-fatal-signals=1

cat > $out/init.sh <<S
#!/bin/sh
cd $out
$P/counter 8 50 > counter.out 2>&1 < /dev/null &
$P/regs 3 > regs.out 2>&1 < /dev/null &
$P/pipeline > pipe.out 2>&1 < /dev/null &
$P/blocked 30 > blocked.out 2>&1 < /dev/null &
wait
S
chmod +x $out/init.sh

# ps inside the CT: pid, parent, group, session, name, as the CT sees them
ct_ps() { nsenter -t "$1" -p -m ps -eo pid=,ppid=,pgid=,sid=,comm= | grep -v ' ps$' | sort -n; }
last_n() { tail -n 1 "$out/$1" | awk '{print $1}'; }

init=$($P/ctdrive run $cg $out/init.sh)
sleep 2.5
before=$(ct_ps "$init")
c0=$(last_n counter.out)
if $P/ctdrive dump 20 "$init" $cg $out/img 2> $out/err; then ok "dump and kill"; else fail "dump: $(cat $out/err)"; fi
check "the container is gone after the kill" test ! -d /proc/"$init"
c1=$(last_n counter.out)
p1=$(tail -n 1 $out/pipe.out | awk '{print $2}')
r1=$(tail -n 1 $out/regs.out | awk '{print $2}')
check "the image is smaller than the memory it holds plus 4 MiB" test "$(stat -c %s $out/img)" -lt $(( (8 + 4 + 4) * 1048576 ))

sleep 1
init2=$($P/ctdrive restore 20 $cg $out/img 2> $out/err)
if [ -n "$init2" ]; then ok "restore"; else fail "restore: $(cat $out/err)"; fi
after=$(ct_ps "$init2")
expect_eq "pids, parents, groups and sessions are as before" "$before" "$after"
pausepid=$(awk '/^pause-pid/ {print $2}' $out/blocked.out)
nsenter -t "$init2" -p -m kill -USR1 "$pausepid"
# The timed calls end 30 s after they began, the dump and restore included (30 s: the views
# before and after must see the same tasks, even on a loaded machine).
for i in $(seq 120); do
	[ "$(grep -c ' ok \| FAILED' $out/blocked.out)" -ge 6 ] && break
	sleep 0.5
done
check "counter carried on from $c1 (was $c0 before the dump)" test "$(last_n counter.out)" -gt "$c1"
check "counter's lines are consecutive from 1 (memory and file position kept)" \
	awk '$1 != NR || $2 != "ok" { exit 1 }' $out/counter.out
check "pipeline carried on past $p1 with every number in order" \
	test "$(tail -n 1 $out/pipe.out | awk '{print $2}')" -gt "$p1" -a -z "$(grep -v ' ok$' $out/pipe.out)"
check "threads kept their registers past round $r1" \
	test "$(tail -n 1 $out/regs.out | awk '{print $2}')" -gt "$r1" -a -z "$(grep -v ' ok ' $out/regs.out)"
for call in pause nanosleep poll select read wait4; do
	line=$(grep "^$call " $out/blocked.out)
	case "$line" in
	"$call ok"*) ok "blocked in $call: $line" ;;
	*) fail "blocked in $call: '${line:-no report}'" ;;
	esac
done
kill -9 "$init2" 2>/dev/null
done_testing
