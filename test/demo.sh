#!/bin/bash
# The demo, run in the test VM by `make demo`: a container runs a counter that holds memory and
# checks it; it is checkpointed (frozen, dumped, killed), then restored from the image, and the
# counter carries on from where it was.
set -e
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/demo
say() { printf '\n== %s\n' "$*"; }

say "loading the checkpoint and restore modules"
/etc/init.d/vz init
/etc/init.d/vz status
ls -l /proc/cpt /proc/rst

say "starting container 101: a counter holding 16 MiB it re-verifies every tick"
init=$($P/ctdrive run $cg sh -c "exec $P/counter 16 200 > /tmp/counter.out 2>&1")
sleep 3
echo "host pid of the CT's init: $init"
tail -n 3 /tmp/counter.out

say "checkpoint: suspend, dump to /tmp/Dump.101, kill"
start=$(date +%s%N)
$P/ctdrive dump 101 "$init" $cg /tmp/Dump.101
echo "done in $(( ($(date +%s%N) - start) / 1000000 )) ms; image $(stat -c %s /tmp/Dump.101) bytes"
last=$(tail -n 1 /tmp/counter.out)
echo "the counter stopped at: $last"
sleep 2
if [ -d /proc/"$init" ]; then echo "the CT is still there?"; exit 1; fi
echo "the container is gone; its counter file still ends with: $(tail -n 1 /tmp/counter.out)"

say "restore from /tmp/Dump.101"
init=$($P/ctdrive restore 101 $cg /tmp/Dump.101)
echo "restored; host pid of the CT's init: $init"
sleep 3
tail -n 5 /tmp/counter.out
now=$(tail -n 1 /tmp/counter.out)
if [ "${now%% *}" -gt "${last%% *}" ] && ! grep -q CORRUPT /tmp/counter.out; then
	say "the counter carried on from ${last%% *} to ${now%% *}, its 16 MiB intact"
else
	say "the counter did not carry on"; exit 1
fi
kill -9 "$init"
