#!/bin/bash
# Boot 1 of test/harness/two-boots.sh: run a CT long enough for its clocks to pass the next
# boot's uptime, then checkpoint it to /vz.
set -e
P=$VZREPO/test/progs
modprobe vzcpt
mkdir -p /vz/t
init=$($P/ctdrive run /sys/fs/cgroup/two sh -c "$P/counter 2 100 > /vz/t/c 2>&1 & exec $P/clockcheck 100 > /vz/t/clock 2>&1")
sleep 12
$P/ctdrive dump 30 "$init" /sys/fs/cgroup/two /vz/t/img
echo "dumped at $(tail -n 1 /vz/t/clock), uptime $(cut -d' ' -f1 /proc/uptime)"
tail -n 1 /vz/t/c > /vz/t/c.at-dump
tail -n 1 /vz/t/clock > /vz/t/clock.at-dump
