#!/bin/bash
# The demo, run in the test VM by `make demo`: a busybox container is created and started; a counter
# inside it holds 16 MiB that it re-verifies every tick; the container is checkpointed (frozen,
# dumped, killed) and restored from the image, and the counter carries on from where it was.
set -e
P=$VZREPO/test/progs
out=/vz/private/101/root/counter.out
say() { printf '\n== %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

say "loading the checkpoint and restore modules"
show /etc/init.d/vz init
ls -l /proc/cpt /proc/rst
# The test VM has no network: the host gets an address of its own for its CTs to talk to.
ip addr add 10.1.1.1/32 dev lo

say "creating and starting container 101"
show vzctl create 101 --ostemplate busybox --hostname demo101 --ipadd 10.1.1.101
cp $P/counter.static /vz/private/101/bin/counter
show vzctl start 101
show vzctl exec 101 'counter 16 200 > /root/counter.out 2>&1 < /dev/null &'
sleep 3
show vzlist
show vzctl exec 101 ps
echo "the counter (as the host sees the CT's file):"
tail -n 3 $out

say "checkpoint: suspend, dump, kill"
start=$(date +%s%N)
show vzctl chkpnt 101
echo "done in $(( ($(date +%s%N) - start) / 1000000 )) ms; image $(stat -c %s /vz/dump/Dump.101) bytes"
last=$(tail -n 1 $out)
show vzctl status 101
vzctl dumpinfo /vz/dump/Dump.101 | grep -E '^image|task:|summary' | sed 's/^/  /'
sleep 2
echo "the container is down; its counter file still ends with: $(tail -n 1 $out)"

say "restore"
start=$(date +%s%N)
show vzctl restore 101
echo "done in $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 3
show vzctl status 101
show ping -c 1 -W 3 10.1.1.101
tail -n 5 $out
now=$(tail -n 1 $out)
if [ "${now%% *}" -gt "${last%% *}" ] && ! grep -q CORRUPT $out; then
	say "the counter carried on from ${last%% *} to ${now%% *}, its 16 MiB intact"
else
	say "the counter did not carry on"; exit 1
fi
show vzctl stop 101
show vzctl destroy 101
