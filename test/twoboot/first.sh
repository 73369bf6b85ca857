#!/bin/bash
# Boot 1 of test/harness/two-boots.sh: a busybox CT on the persistent disk (/vz) runs a counter and
# a clock checker long enough for its clocks to pass the next boot's uptime, then vzctl chkpnt
# writes its image to /vz/dump. The CT's config goes to the disk too, as a migration would carry it.
# Then a Debian CT with its services is checkpointed there too.
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

# A Debian 12 CT (issue 14) with its init, rsyslog, cron, sshd, nginx and redis, checkpointed to
# the disk too; its daemons' pids kept to compare after the restore in the next boot. redis keeps
# its keys in memory alone (no RDB, no AOF): only the image carries them to the next boot.
mkdir -p /vz/template/cache
cp "$VZREPO/build/template/debian-12-x86_64-services.tar.gz" /vz/template/cache/
vzctl create 153 --ostemplate debian-12-x86_64-services --hostname deb153 --ipadd 10.1.1.153 > /dev/null
priv=/vz/private/153
sed -i 's/^save .*//' $priv/etc/redis/redis.conf
echo 'save ""' >> $priv/etc/redis/redis.conf
head -c $((1 << 20)) /dev/urandom > $priv/var/www/html/file
sha256sum < $priv/var/www/html/file | cut -d' ' -f1 > /vz/t/153.sum
vzctl start 153 > /dev/null
daemons="rsyslogd cron sshd nginx redis-server"
for d in $daemons; do
	for _ in $(seq 60); do vzctl exec 153 pidof $d > /dev/null && break; sleep 1; done
	echo "$d $(vzctl exec 153 pidof $d)"
done > /vz/t/153.pids
for i in $(seq 100); do
	vzctl exec 153 redis-cli set "k$i" "v$i" > /dev/null
done
cat /vz/t/153.pids
vzctl chkpnt 153
cp /etc/vz/conf/153.conf /vz/t/153.conf
