#!/bin/bash
# scratch: find CRIU options for a vzctl CT
B=$VZREPO/bench
modprobe vzcpt && modprobe vzrst
ip addr add 10.1.1.1/32 dev lo
mkdir -p /bench && mount -t tmpfs -o size=2g tmpfs /bench
vzctl create 101 --hostname ct101 --ipadd 10.1.1.101 >/dev/null || exit 1
vzctl set 101 --ram 2G --numproc 2000 --save
cp $B/memhold.static /vz/private/101/bin/memhold
vzctl start 101 || exit 1
vzctl exec 101 'setsid memhold 16 > /root/m.out 2>&1 < /dev/null &'
sleep 2; tail -n1 /vz/private/101/root/m.out
init=$(cat /var/run/vz/101.pid)
cat /proc/$init/mountinfo
ip -d link show veth101
mkdir -p /bench/c
set -x
time criu dump -t $init -D /bench/c -o dump.log -v4 --ext-mount-map /dev/console:console --freeze-cgroup /sys/fs/cgroup/vz/101 --manage-cgroups=soft
echo "dump rc=$?"
grep -E 'Error|Warn' /bench/c/dump.log | head -20
tail -n 5 /bench/c/dump.log
crit show /bench/c/stats-dump.img
ls -la /bench/c; du -sh /bench/c
ip link show veth101
cat /sys/fs/cgroup/vz/101/cgroup.procs
mountpoint /vz/root/101
time criu restore -D /bench/c -o restore.log -v4 --root /vz/root/101 --ext-mount-map console:/dev/null --veth-pair eth0=veth101 --manage-cgroups=soft -d --pidfile /bench/c/pid
echo "restore rc=$?"
grep -E 'Error|Warn' /bench/c/restore.log | head -20
tail -n 5 /bench/c/restore.log
cat /sys/fs/cgroup/vz/101/cgroup.procs
np=$(cat /bench/c/pid); echo "newinit $np"; cat /proc/$np/cgroup
ip link set veth101 up; ip route add 10.1.1.101 dev veth101
ping -c1 -W3 10.1.1.101
for p in $(cat /sys/fs/cgroup/vz/101/cgroup.procs); do [ "$(cat /proc/$p/comm)" = memhold ] && kill -USR1 $p; done
sleep 3; grep -v tick /vz/private/101/root/m.out; tail -n1 /vz/private/101/root/m.out
echo $np > /var/run/vz/101.pid
vzctl chkpnt 101 --dumpfile /bench/ours.img; echo "ours chkpnt rc=$?"
vzctl restore 101 --dumpfile /bench/ours.img; echo "ours restore rc=$?"
for p in $(cat /sys/fs/cgroup/vz/101/cgroup.procs); do [ "$(cat /proc/$p/comm)" = memhold ] && kill -USR1 $p; done
sleep 3; grep -v tick /vz/private/101/root/m.out; tail -n1 /vz/private/101/root/m.out
vzctl stop 101
