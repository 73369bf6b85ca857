#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# The CT's network namespace across vzctl chkpnt + vzctl restore (issue 12): inside the CT its
# root adds an IPv4 address to eth0 and an IPv6 one, makes a dummy device with addresses, a
# route in the main table (through a gateway on the dummy), an IPv6 route, a route in table
# 100 with a rule for it, deletes a default rule, sets eth0's MTU, ip_forward and a few
# net.ipv4.conf sysctls. After the restore the namespace shows the same links, addresses,
# routes, rules and net.ipv4 sysctls (iproute2 from the host in the CT's namespace, as
# busybox's ip has no -d; lifetimes, interface indexes, eth0's MAC and the link-local
# addresses made from it are left out: a new veth changes them), and the host still reaches
# the extra addresses. Then a bridge in the CT makes chkpnt refuse, naming it, and the CT
# runs on.
. test/lib.sh
. test/lib-ct.sh
out=/tmp/t56
ct=156
ip=10.56.0.2
extra=10.56.0.3
dummy=192.168.56.1
priv=/vz/private/$ct
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
modprobe dummy
modprobe bridge

vzctl create $ct --hostname ct$ct --ipadd $ip > $out/create 2>&1 ||
	{ fail "create: $(cat $out/create)"; done_testing; }
run "start" 0 vzctl start $ct
# The host's end of the route to the CT has no address: the host needs one of its own to come from.
ip addr add 10.56.0.1/32 dev lo || fail "add 10.56.0.1 to lo"

# pings ADDR: the host gets an answer from ADDR.
pings() { ping -c 1 -W 5 "$1" > /dev/null 2>&1; }
# cx CMD: a shell command inside the CT, as its root; a failure is the test's.
cx() { vzctl exec $ct "$1" > $out/cx 2>&1 || fail "in the CT: $1: $(tr '\n' '|' < $out/cx)"; }
cx "ip addr add $extra/32 dev eth0"
cx "ip -6 addr add 2001:db8:56::2/64 dev eth0"
cx "ip link add dummy0 type dummy"
cx "ip link set dummy0 address 02:56:00:00:00:01"
cx "ip link set dummy0 up"
cx "ip addr add $dummy/24 dev dummy0"
cx "ip -6 addr add 2001:db8:57::1/64 dev dummy0"
cx "ip route add 10.88.0.0/16 via 192.168.56.2"
cx "ip -6 route add 2001:db8:99::/48 dev dummy0 metric 300"
cx "ip route add 10.77.0.0/16 dev eth0 table 100"
cx "ip rule add from $extra table 100 priority 100"
cx "ip rule del priority 32767"
cx "ip link set eth0 mtu 1400"
cx "echo 1 > /proc/sys/net/ipv4/ip_forward"
cx "echo 2 > /proc/sys/net/ipv4/conf/eth0/rp_filter"
cx "echo 1 > /proc/sys/net/ipv4/conf/dummy0/arp_ignore"
cx "echo 1 > /proc/sys/net/ipv4/conf/default/accept_local"

# Routes on the host to the CT's extra addresses (its veth end is made again by the restore).
host_routes() {
	ip route replace $extra/32 dev veth$ct && ip route replace $dummy/32 dev veth$ct
}
host_routes || fail "host routes to the CT's extra addresses"
check "the host reaches the extra address before" pings $extra
check "and the dummy's" pings $dummy

# netstate: the CT's network as iproute2 shows it, without what a new veth or time change.
netstate() {
	local pid
	pid=$(cat /var/run/vz/$ct.pid) || return 1
	nsenter -t $pid -n sh -c '
		for d in $(ip -o link | sed "s/^[0-9]*: \([^:@]*\).*/\1/" | sort); do
			ip -d link show dev $d; ip -d addr show dev $d
		done
		# The kernel lists the routes of a table in the order they were made: a
		# restore brings eth0 up later than a start does, so its routes come later.
		{ ip route show table all; ip -6 route show table all; } | sort
		ip rule; ip -6 rule' |
		grep -v 'fe80:' |
		sed -e 's/^[0-9]*: //' -e 's/@if[0-9]*//' -e 's/link-netnsid [0-9]*//' \
		    -e 's/ tentative//' -e '/valid_lft/d' |
		sed -e '/^eth0/{n;s/link\/ether [^ ]* brd [^ ]*/link\/ether ETH0/}'
}
# sysctls: net.ipv4's per-device settings as the CT reads them.
sysctls() {
	vzctl exec $ct 'cd /proc/sys/net/ipv4 && for f in ip_forward conf/*/*; do
		echo "$f $(cat $f)"; done'
}
# settled: no IPv6 address still in duplicate address detection (its local route comes after).
settled() {
	for i in $(seq 50); do
		nsenter -t $(cat /var/run/vz/$ct.pid) -n ip -6 addr | grep -q tentative || return 0
		sleep 0.2
	done
	return 1
}
check "the CT's IPv6 addresses are settled" settled
netstate > $out/before
sysctls > $out/sysctl.before
check "the state holds what the CT made" sh -c \
	"grep -q 'inet $extra/32' $out/before && grep -q 'dummy0' $out/before &&
	 grep -q '10.77.0.0/16 dev eth0 table 100' $out/before && grep -q 'mtu 1400' $out/before"
nsenter -t $(cat /var/run/vz/$ct.pid) -n ip -o link show dummy0 > $out/mac1

run "chkpnt" 0 vzctl chkpnt $ct
vzctl dumpinfo /vz/dump/Dump.$ct > $out/info 2>&1
check "the image holds the dummy" grep -q 'netdev: id=[0-9]* name=dummy0 kind=dummy' $out/info
check "the rule" grep -q "rule: family=inet priority=100 action=1 table=100 from=$extra/32" $out/info
run "restore" 0 vzctl restore $ct
check "the CT's IPv6 addresses settle again" settled
netstate > $out/after
check "the same links, addresses, routes and rules after the restore: $(diff $out/before $out/after | tr '\n' '|')" \
	cmp -s $out/before $out/after
sysctls > $out/sysctl.after
check "ip_forward is 1 again" grep -qx 'ip_forward 1' $out/sysctl.after
check "the same net.ipv4.conf sysctls: $(diff $out/sysctl.before $out/sysctl.after | tr '\n' '|')" \
	cmp -s $out/sysctl.before $out/sysctl.after
nsenter -t $(cat /var/run/vz/$ct.pid) -n ip -o link show dummy0 > $out/mac2
check "the dummy has its MAC address" grep -q 'link/ether 02:56:00:00:00:01' $out/mac2
host_routes || fail "host routes to the CT's extra addresses after the restore"
check "the host reaches the extra address after the restore" pings $extra
check "and the dummy's" pings $dummy
check "the CT's own address too" pings $ip

# A device of a kind no image carries: refused by name, the CT running on.
cx "ip link add br0 type bridge"
run "a bridge in the CT: chkpnt is refused" 16 vzctl chkpnt $ct
check "the message names the device and its kind" \
	said "CT $ct's network namespace has device br0 of kind bridge: it cannot be carried yet"
check "the CT still runs" sh -c "vzctl status $ct | grep -q running"
check "and answers" pings $extra
cx "ip link del br0"
run "without it, chkpnt again" 0 vzctl chkpnt $ct
run "and restore" 0 vzctl restore $ct
check "the CT's address answers" pings $ip

ip addr del 10.56.0.1/32 dev lo
run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
dmesg | grep -i "vzrst\|vzcpt" | grep -i "network" | tail -n 3 | sed 's/^/# /'
done_testing
