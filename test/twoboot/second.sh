#!/bin/bash
# Boot 2 of test/harness/two-boots.sh: restore the CT checkpointed in boot 1 and check it.
. test/lib.sh
P=$VZREPO/test/progs
modprobe vzrst
echo "uptime before the restore: $(cut -d' ' -f1 /proc/uptime)"
init=$($P/ctdrive restore 30 /sys/fs/cgroup/two /vz/t/img 2> /tmp/err) || fail "restore: $(cat /tmp/err)"
sleep 3
read -r cn _ < /vz/t/c.at-dump
read -r n m b _ < /vz/t/clock.at-dump
check "the counter carries on past $cn" test "$(tail -n 1 /vz/t/c | awk '{print $1}')" -gt "$cn"
check "the counter's memory and output are intact" awk '$1 != NR || $2 != "ok" { exit 1 }' /vz/t/c
check "the clock program never saw its clocks go back" test -z "$(grep -v ' ok$' /vz/t/clock)"
next=$(awk -v n="$n" '$1 == n + 1' /vz/t/clock)
read -r _ m2 b2 _ <<< "$next"
echo "at the dump: monotonic ${m}ms boottime ${b}ms; first after the restore: ${m2}ms ${b2}ms"
check "monotonic continues from the dumped value (+$((m2 - m)) ms)" test -n "$m2" -a "$((m2 - m))" -ge 0 -a "$((m2 - m))" -lt 5000
check "boot time continues from the dumped value (+$((b2 - b)) ms)" test -n "$b2" -a "$((b2 - b))" -ge 0 -a "$((b2 - b))" -lt 5000
tail -n 3 /vz/t/clock
kill -9 "$init"
done_testing
