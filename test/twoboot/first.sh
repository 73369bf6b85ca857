#!/bin/bash
# Boot 1 of test/harness/two-boots.sh: a busybox CT on the persistent disk (/vz) runs a counter and
# a clock checker long enough for its clocks to pass the next boot's uptime, then vzctl chkpnt
# writes its image to /vz/dump. The CT's config goes to the disk too, as a migration would carry it.
set -e
P=$VZREPO/test/progs
modprobe vzcpt
vzctl create 101 --hostname moved --ipadd 10.1.1.101 > /dev/null
cp $P/counter.static /vz/private/101/bin/counter
cp $P/clockcheck.static /vz/private/101/bin/clockcheck
vzctl start 101 > /dev/null
vzctl exec 101 'counter 2 100 > /root/c 2>&1 < /dev/null & clockcheck 100 > /root/clock 2>&1 < /dev/null &'
sleep 12
vzctl chkpnt 101
t=/vz/private/101/root
echo "dumped at $(tail -n 1 $t/clock), uptime $(cut -d' ' -f1 /proc/uptime)"
mkdir -p /vz/t
tail -n 1 $t/c > /vz/t/c.at-dump
tail -n 1 $t/clock > /vz/t/clock.at-dump
cp /etc/vz/conf/101.conf /vz/t/101.conf
