#!/bin/bash
# vm-boot: 2-containers
# Containers with vzctl, checked from inside and from outside: create, start, exec, stop, start,
# destroy; pid 1 is the template's init and no host process is visible; hostname and IP; the host
# and the CT ping each other; memory.max/pids.max applied and a fork bomb stopped at the limit;
# two CTs side by side; vzlist; enter; set; the lock; each error case; a failed start leaves
# nothing behind.
. test/lib.sh
. test/lib-ct.sh
out=/tmp/t32
mkdir -p $out
HOSTIP=10.1.1.1

initpid() { cat /var/run/vz/$1.pid; }

ip addr add $HOSTIP/32 dev lo

# --- create
run "create 101" 0 vzctl create 101 --ostemplate busybox --hostname ct101 --ipadd 10.1.1.101
check "the config exists" test -f /etc/vz/conf/101.conf
check "the config has the hostname" grep -q '^HOSTNAME="\?ct101' /etc/vz/conf/101.conf
check "the private area holds the template" test -e /vz/private/101/sbin/init
run "status of a created CT" 0 vzctl status 101
check "says exist unmounted down" said "^CT 101 exist unmounted down$"
run "create 101 again fails" 44 vzctl create 101
run "set limits in OpenVZ's forms" 0 vzctl set 101 --numproc 30:40 --cpulimit 25% --save
check "NUMPROC takes the limit of barrier:limit" grep -q '^NUMPROC="40:40"' /etc/vz/conf/101.conf
check "CPULIMIT without the % sign" grep -q '^CPULIMIT="25"' /etc/vz/conf/101.conf
run "set limits with --save" 0 vzctl set 101 --ram 64M --numproc 40 --cpuunits 2000 --cpulimit 50 --save
check "PHYSPAGES saved" grep -q '^PHYSPAGES="0:16384"' /etc/vz/conf/101.conf
check "CPULIMIT saved" grep -q '^CPULIMIT="50"' /etc/vz/conf/101.conf
run "a bad --numproc is refused" 21 vzctl set 101 --numproc lots
check "the sample's comments are kept" grep -q '^#' /etc/vz/conf/101.conf
run "set --userpasswd of a stopped CT is refused" 31 vzctl set 101 --userpasswd bob:pw
check "saying it must run" said "Error: CT 101 is not running: --userpasswd runs the CT's own useradd and chpasswd, start it first"

# --- start and look at it
run "start 101" 0 vzctl start 101
run "status of a running CT" 0 vzctl status 101
check "says exist mounted running" said "^CT 101 exist mounted running$"
init=$(initpid 101)
run "exec: pid 1 in the CT" 0 vzctl exec 101 cat /proc/1/comm
check "pid 1 is the template's init" said '^init$'
vzctl exec 101 'ls /proc | grep -c "^[0-9]"' > $out/n 2>&1
check "few processes are visible in the CT ($(cat $out/n))" test "$(cat $out/n)" -lt 10
vzctl exec 101 'ls /proc' | grep -qx "$$" && fail "the host shell's pid is visible in the CT" || ok "host processes are not visible"
expect_eq "the CT's hostname" ct101 "$(vzctl exec 101 hostname)"
# An fd vzctl's caller left open (7 here) must not reach the CT: ls's own directory is fd 3.
expect_eq "exec: the command has only its own fds" "0 1 2 3" \
	"$(vzctl exec 101 'ls /proc/self/fd' 7< /etc/hostname | sort -n | tr '\n' ' ' | sed 's/ $//')"
check "the CT's init is in cgroup vz/101" grep -qx "0::/vz/101" /proc/$init/cgroup
vzctl exec 101 ip -4 -o addr show dev eth0 > $out/last 2>&1
check "eth0 in the CT has 10.1.1.101" said "10.1.1.101"
check "the host pings the CT" ping -c 1 -W 3 10.1.1.101
run "the CT pings the host" 0 vzctl exec 101 ping -c 1 -W 3 $HOSTIP
run "exec2 returns the command's status" 7 vzctl exec2 101 'exit 7'
expect_eq "exec passes arguments as a command line" "a b" "$(vzctl exec 101 echo a b)"
expect_eq "memory.max" 67108864 "$(cat /sys/fs/cgroup/vz/101/memory.max)"
expect_eq "pids.max" 40 "$(cat /sys/fs/cgroup/vz/101/pids.max)"
expect_eq "cpu.max from CPULIMIT 50" "50000 100000" "$(cat /sys/fs/cgroup/vz/101/cpu.max)"
expect_eq "cpu.weight from CPUUNITS 2000" 200 "$(cat /sys/fs/cgroup/vz/101/cpu.weight)"

# --- a fork bomb stops at pids.max; the host is fine
vzctl exec 101 'i=0; while [ $i -lt 200 ]; do sleep 60 & i=$((i+1)); done; echo started' > $out/bomb 2>&1
n=$(cat /sys/fs/cgroup/vz/101/pids.current)
check "the fork bomb stopped at the limit ($n tasks)" test "$n" -le 40
check "and the limit was hit" grep -q '^max [1-9]' /sys/fs/cgroup/vz/101/pids.events
check "the host still forks" sh -c 'for i in 1 2 3 4 5; do /bin/true || exit 1; done'
vzctl exec 101 'killall sleep' > /dev/null 2>&1

# --- vzlist and enter
vzlist -H -o ctid,status,ip,hostname > $out/last 2>&1
check "vzlist shows 101 running" grep -Eq '^ +101 running +10.1.1.101 +ct101$' $out/last
vzlist > $out/last 2>&1
check "vzlist's header" grep -Eq '^ +CTID +NPROC STATUS +IP_ADDR +HOSTNAME$' $out/last
printf 'echo inside:$(hostname)\nexit 3\n' | vzctl enter 101 > $out/last 2>&1
rc=$?
check "enter runs a shell in the CT" said "inside:ct101"
expect_eq "enter returns the shell's status" 3 "$rc"

# --- set on a running CT
run "set --hostname on a running CT" 0 vzctl set 101 --hostname renamed --save
expect_eq "the running CT has the new hostname" renamed "$(vzctl exec 101 hostname)"
run "set --ipadd on a running CT" 0 vzctl set 101 --ipadd 10.1.1.111 --save
check "the host pings the added address" ping -c 1 -W 3 10.1.1.111
run "set --ipdel" 0 vzctl set 101 --ipdel 10.1.1.111 --save
check "the removed address is gone" sh -c '! ping -c 1 -W 1 10.1.1.111 >/dev/null'
check "IP_ADDRESS saved" grep -q '^IP_ADDRESS="10.1.1.101"' /etc/vz/conf/101.conf
# busybox has no useradd, adduser or chpasswd: the password cannot be set, and vzctl says so.
run "set --userpasswd where the CT has no chpasswd" 74 vzctl set 101 --userpasswd bob:Zq9-secret
check "naming the user" said "Error: CT 101: unable to set the password of bob (status 1)"
check "and not the password" sh -c "! grep -q Zq9-secret $out/last"

# --- the lock
flock /vz/lock/101.lck sleep 4 &
sleep 0.5
run "a locked CT is refused at once" 9 vzctl stop 101
check "with OpenVZ's message" said "Container already locked"
wait
echo 999999 > /vz/lock/101.lck
run "a stale lock is taken over" 0 vzctl set 101 --onboot yes --save

# --- two CTs side by side
run "create 102" 0 vzctl create 102 --hostname ct102 --ipadd 10.1.1.102
run "start 102" 0 vzctl start 102
run "101 pings 102" 0 vzctl exec 101 ping -c 1 -W 3 10.1.1.102
check "separate pid namespaces" test "$(readlink /proc/$(initpid 101)/ns/pid)" != "$(readlink /proc/$(initpid 102)/ns/pid)"
vzctl exec 102 'sleep 300 &' ; sleep 0.3
vzctl exec 101 'ps' > $out/last 2>&1
check "101 does not see 102's processes" sh -c "! grep -q 'sleep 300' $out/last"
run "an address in use by another CT is refused" 78 vzctl set 102 --ipadd 10.1.1.101
run "stop 102" 0 vzctl stop 102 --fast
expect_eq "nothing of 102 is left" none "$(leftovers 102)"

# --- errors
run "start of a running CT" 32 vzctl start 101
run "start of an unknown CT" 43 vzctl start 999
run "stop of an unknown CT" 31 vzctl stop 999
run "exec in a CT that is not running" 31 vzctl exec 102 true
run "status of an unknown CT" 0 vzctl status 999
check "says deleted" said "^CT 999 deleted unmounted down$"
run "a template that does not exist" 91 vzctl create 103 --ostemplate nosuch
check "names the template" said "nosuch"
check "and leaves no private area" test ! -e /vz/private/103
run "a bad --ram" 21 vzctl set 101 --ram lots
run "a bad --ipadd" 71 vzctl set 101 --ipadd 300.1.1.1
run "a bad --hostname" 70 vzctl set 101 --hostname 'bad name'
run "an unknown option" 20 vzctl set 101 --frobnicate
run "a bad CTID" 20 vzctl start abc
run "not root" 12 setpriv --reuid 65534 --regid 65534 --clear-groups vzctl start 102
check "says so" said "root"
run "cgroup2 not mounted" 5 unshare -m sh -c 'mount -t tmpfs none /sys/fs/cgroup && vzctl start 102'
check "says so" said "cgroup2"
expect_eq "and leaves nothing" none "$(leftovers 102)"

# --- a start that fails leaves nothing behind
mv /vz/private/102/sbin/init /vz/private/102/sbin/init.away
run "start without an init fails" 7 vzctl start 102
check "names the cause" said "/sbin/init"
expect_eq "nothing of the failed start is left" none "$(leftovers 102)"
mv /vz/private/102/sbin/init.away /vz/private/102/sbin/init
run "set refuses an address another CT has" 78 vzctl set 102 --ipadd 10.1.1.101 --save
# A config edited by hand can still hold one: start refuses it.
sed -i 's/^IP_ADDRESS=.*/IP_ADDRESS="10.1.1.101"/' /etc/vz/conf/102.conf
run "start with an address another CT has fails" 78 vzctl start 102
expect_eq "nothing of that start is left" none "$(leftovers 102)"
check "and 101 is untouched" ping -c 1 -W 3 10.1.1.101

# --- stop, start again, destroy
run "stop 101" 0 vzctl stop 101
check "its init is gone" sh -c "! kill -0 $init 2>/dev/null"
expect_eq "nothing of 101 is left" none "$(leftovers 101)"
run "status after stop" 0 vzctl status 101
check "says exist unmounted down" said "^CT 101 exist unmounted down$"
run "start 101 again" 0 vzctl start 101
expect_eq "with the saved hostname" renamed "$(vzctl exec 101 hostname)"
run "destroy of a running CT" 32 vzctl destroy 101
run "stop --fast" 0 vzctl stop 101 --fast
run "destroy 101" 0 vzctl destroy 101
check "its private area is gone" test ! -e /vz/private/101
check "its config is kept as .destroyed" test -f /etc/vz/conf/101.conf.destroyed
run "destroy 102" 0 vzctl destroy 102
vzlist -a -H > $out/last 2>&1
check "vzlist -a is empty" test ! -s $out/last
done_testing
