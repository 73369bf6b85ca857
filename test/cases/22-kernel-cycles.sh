#!/bin/bash
# vm-boot: 1-kernel
# 30 checkpoint/restore cycles of one CT in one boot: it still runs and checks itself, and once it
# is stopped and both modules are unloaded the kernel holds no more tasks, mms, files or pids
# than before (nothing leaked by a reference the modules forgot to drop).
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt22
out=/tmp/t22
mkdir -p $out
cycles=30

# active objects of the caches a leaked reference would keep busy
objs() {
	sync; echo 3 > /proc/sys/vm/drop_caches; sleep 0.5
	awk '$1 ~ /^(task_struct|mm_struct|filp|pid|cred_jar|files_cache|sighand_cache)$/ { print $1, $2 }' /proc/slabinfo | sort
}
last() { tail -n 1 "$1" | awk '{print $1}'; }
# past FILE N: wait (up to 20 s: TCG on a busy host is slow) for FILE's count to pass N
past() { for t in $(seq 200); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.1; done; return 1; }

base=$(objs)
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
init=$($P/ctdrive run $cg sh -c "$P/pipeline > $out/p 2>&1 & exec $P/counter 2 50 > $out/c 2>&1")
past $out/c 0 || fail "the counter started"
good=0
for i in $(seq $cycles); do
	n=$(last $out/c)
	$P/ctdrive dump 22 "$init" $cg $out/img 2> $out/err || { echo "# cycle $i dump: $(cat $out/err)"; break; }
	init=$($P/ctdrive restore 22 $cg $out/img 2> $out/err) || { echo "# cycle $i restore: $(cat $out/err)"; break; }
	past $out/c "$n" || { echo "# cycle $i: the counter stopped at $n"; break; }
	good=$i
done
expect_eq "$cycles checkpoint/restore cycles, the CT running after each" $cycles $good
check "the counter's lines are consecutive over all cycles" awk '$1 != NR || $2 != "ok" { exit 1 }' $out/c
check "the pipeline never lost or reordered data" test -z "$(grep -v ' ok$' $out/p)"
kill -9 "$init"
for t in $(seq 50); do [ "$(wc -l < $cg/cgroup.procs)" = 0 ] && break; sleep 0.1; done
modprobe -r vzrst && modprobe -r vzcpt || fail "modules unload"
after=$(objs)
# Active counts move by whole slabs (measured: filp +64 after 5 and after 25 restores alike,
# cred_jar +21, one slab); a leak of one object per cycle is $cycles or more, and of one file
# per task per cycle 3 x $cycles.
leaks=$(join <(echo "$base") <(echo "$after") |
	awk -v c=$cycles '$3 - $2 >= ($1 == "filp" ? 3 * c : c) { printf "%s +%d ", $1, $3 - $2 }')
if [ -z "$leaks" ]; then ok "no task, mm, file or pid objects left behind"; else fail "leaked: $leaks"; fi
rmdir $cg
done_testing
