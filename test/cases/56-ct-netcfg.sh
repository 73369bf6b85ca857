#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# The CT's network namespace across vzctl chkpnt + vzctl restore (issue 12): inside the CT its
# root adds an IPv4 address to eth0 and an IPv6 one, makes a dummy device with addresses, a
# route in the main table (through a gateway on the dummy), an IPv6 route, a route in table
# 100 with a rule for it, deletes a default rule, sets eth0's MTU, ip_forward and a few
# net.ipv4.conf sysctls; eth0's MAC and the devices' txqueuelen; a sample of net.ipv6.conf
# on all, default, eth0 and the dummy, and other sysctls of the namespace (net.ipv4,
# net.ipv6, net.core, net.unix, a neighbour table's), among them ip_local_port_range below
# the default ip_unprivileged_port_start, which the restore can only write after the other.
# After the restore the namespace shows the same links (MAC and qlen too), addresses,
# routes and rules (iproute2 from the host in the CT's namespace, as busybox's ip has no
# -d; lifetimes, interface indexes and the link-local addresses are left out), the whole of
# `sysctl -a` of net.* read in its namespace is the same but for what the kernel changes
# by itself (named in nsysctls below), and the host still reaches the extra addresses.
# The neighbour entries its root made (static ARP and NDP, proxy) come back too, and datagrams
# queued on dummy0's addresses say they came in by dummy0's new index. Then a bridge
# in the CT, and an externally learnt neighbour, make chkpnt refuse, naming them, and the CT
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
# A device made and deleted before dummy0: dummy0's index is one the restore does not give it.
cx "ip link add dummyx type dummy"
cx "ip link del dummyx"
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
# eth0's MAC and the devices' queue lengths
cx "ip link set eth0 address 02:56:00:00:00:02"
cx "ifconfig eth0 txqueuelen 321"
cx "ifconfig dummy0 txqueuelen 123"
cx "ifconfig lo txqueuelen 77"
# net.ipv6.conf: all, default, eth0, dummy0
sc() { cx "echo '$2' > /proc/sys/net/$1"; }
sc ipv6/conf/all/forwarding 1
sc ipv6/conf/all/accept_redirects 0
sc ipv6/conf/default/hop_limit 33
sc ipv6/conf/default/accept_ra 0
sc ipv6/conf/eth0/hop_limit 44
sc ipv6/conf/eth0/accept_dad 0
sc ipv6/conf/eth0/use_tempaddr 2
sc ipv6/conf/eth0/forwarding 0
sc ipv6/conf/dummy0/accept_ra 2
sc ipv6/conf/dummy0/mtu 1300
sc ipv6/conf/dummy0/router_solicitations 7
# the namespace's own: IPv4, TCP, ICMP, IPv6, core, unix, neighbours
sc ipv4/ip_unprivileged_port_start 500
sc ipv4/ip_local_port_range "600 700"
sc ipv4/ping_group_range "0 100"
sc ipv4/ip_default_ttl 77
sc ipv4/ip_no_pmtu_disc 1
sc ipv4/fwmark_reflect 1
sc ipv4/tcp_keepalive_time 1234
sc ipv4/tcp_keepalive_intvl 56
sc ipv4/tcp_keepalive_probes 4
sc ipv4/tcp_fin_timeout 33
sc ipv4/tcp_syn_retries 4
sc ipv4/tcp_synack_retries 3
sc ipv4/tcp_tw_reuse 1
sc ipv4/tcp_timestamps 0
sc ipv4/tcp_sack 0
sc ipv4/tcp_window_scaling 0
sc ipv4/tcp_ecn 1
sc ipv4/icmp_ratelimit 500
sc ipv4/icmp_echo_ignore_broadcasts 0
sc ipv4/neigh/eth0/base_reachable_time_ms 20000
sc ipv6/icmp/ratelimit 700
sc ipv6/ip_nonlocal_bind 1
sc ipv6/route/gc_interval 45
sc core/somaxconn 512
sc unix/max_dgram_qlen 64

# Routes on the host to the CT's extra addresses (its veth end is made again by the restore).
host_routes() {
	ip route replace $extra/32 dev veth$ct && ip route replace $dummy/32 dev veth$ct
}
# Neighbour entries the CT's root makes: static ARP and NDP ones (one a router's), proxy ones.
# busybox's ip only shows neighbours: iproute2 from the host, in the CT's namespace.
nx() { nsenter -t $(cat /var/run/vz/$ct.pid) -n "$@" || fail "in the CT's namespace: $*"; }
nx ip neigh add 192.168.56.7 lladdr 02:56:00:00:00:77 dev dummy0 nud permanent
nx ip -6 neigh add 2001:db8:57::7 lladdr 02:56:00:00:00:79 dev dummy0 nud permanent router
nx ip neigh add proxy 10.56.0.99 dev eth0
nx ip -6 neigh add proxy 2001:db8:56::99 dev eth0 router
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
		ip rule; ip -6 rule
		{ ip neigh show nud permanent; ip -6 neigh show nud permanent
		  ip neigh show proxy; ip -6 neigh show proxy; } | sort' |
		grep -v 'fe80:' |
		sed -e 's/^[0-9]*: //' -e 's/@if[0-9]*//' -e 's/link-netnsid [0-9]*//' \
		    -e 's/ tentative//' -e '/valid_lft/d'
}
# nsysctls: every net.* sysctl as read in the CT's namespace, but for what the kernel
# changes by itself: the connections conntrack counts.
nsysctls() {
	nsenter -t $(cat /var/run/vz/$ct.pid) -n sysctl -a -r '^net\.' 2> /dev/null |
		grep -v '^net\.netfilter\.nf_conntrack_count ' | sort
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
# Datagrams queued on dummy0's addresses, which the restore's dummy0 has under another index.
cp $VZREPO/test/progs/pktinfohold.static $priv/bin/pktinfohold
cx "setsid pktinfohold dummy0 $dummy 2001:db8:57::1 > /root/pk.out 2>&1 < /dev/null &"
check "pktinfohold queued its datagrams" sh -c \
	"for i in \$(seq 50); do grep -q '^ready' $priv/root/pk.out && exit 0; sleep 0.2; done; exit 1"
netstate > $out/before
sysctls > $out/sysctl.before
nsysctls > $out/nsysctl.before
check "sysctl -a read the CT's values" sh -c \
	"grep -qx 'net.ipv6.conf.eth0.hop_limit = 44' $out/nsysctl.before &&
	 grep -qx 'net.core.somaxconn = 512' $out/nsysctl.before &&
	 grep -q 'qlen 321' $out/before && grep -q 'link/ether 02:56:00:00:00:02' $out/before"
check "the state holds what the CT made" sh -c \
	"grep -q 'inet $extra/32' $out/before && grep -q 'dummy0' $out/before &&
	 grep -q '192.168.56.7 dev dummy0 lladdr 02:56:00:00:00:77 PERMANENT' $out/before &&
	 grep -q '2001:db8:57::7 dev dummy0 lladdr 02:56:00:00:00:79 router PERMANENT' $out/before &&
	 grep -q '2001:db8:56::99 dev eth0 .*proxy' $out/before &&
	 grep -q '10.77.0.0/16 dev eth0 table 100' $out/before && grep -q 'mtu 1400' $out/before"
nsenter -t $(cat /var/run/vz/$ct.pid) -n ip -o link show dummy0 > $out/mac1

run "chkpnt" 0 vzctl chkpnt $ct
vzctl dumpinfo /vz/dump/Dump.$ct > $out/info 2>&1
check "the image holds the dummy" grep -q 'netdev: id=[0-9]* name=dummy0 kind=dummy' $out/info
check "the rule" grep -q "rule: family=inet priority=100 action=1 table=100 from=$extra/32" $out/info
check "the static ARP entry" grep -q 'neigh: family=inet dst=192.168.56.7 dev=[0-9]* lladdr=02:56:00:00:00:77' $out/info
check "the IPv6 router's" grep -q 'neigh: family=inet6 dst=2001:db8:57::7 dev=[0-9]* lladdr=02:56:00:00:00:79 router=yes' $out/info
check "the proxy entries" sh -c "grep -q 'neigh: family=inet dst=10.56.0.99 dev=[0-9]* proxy=yes' $out/info &&
	grep -q 'neigh: family=inet6 dst=2001:db8:56::99 dev=[0-9]* proxy=yes router=yes' $out/info"
check "eth0's MAC and queue length" grep -q 'netdev: id=[0-9]* name=eth0 kind=veth .*txqlen=321 mac=02:56:00:00:00:02' $out/info
check "eth0's IPv6 hop limit" grep -q 'netsysctl: path=ipv6/conf/eth0/hop_limit dev=[0-9]* value=44' $out/info
check "the queued datagrams' device, by name" grep -q 'dgram: .*dev=dummy0 len=' $out/info
check "the local port range" grep -q 'netsysctl: path=ipv4/ip_local_port_range value="600 700"' $out/info
grep -c netsysctl: $out/info | sed 's/^/# network sysctls in the image: /'
run "restore" 0 vzctl restore $ct
check "the CT's IPv6 addresses settle again" settled
netstate > $out/after
check "the same links, addresses, routes and rules after the restore: $(diff $out/before $out/after | tr '\n' '|')" \
	cmp -s $out/before $out/after
cx 'kill -TERM $(pidof pktinfohold)'
for _ in $(seq 50); do grep -q '^PASS\|^FAIL' $priv/root/pk.out && break; sleep 0.2; done
check "the queued datagrams name the interface dummy0 is now: $(tr '\n' '|' < $priv/root/pk.out)" \
	grep -q '^PASS' $priv/root/pk.out
check "dummy0's index changed, so that this means something" \
	sh -c "! grep -q '^PASS index \([0-9]*\) -> \1\$' $priv/root/pk.out"
sysctls > $out/sysctl.after
check "ip_forward is 1 again" grep -qx 'ip_forward 1' $out/sysctl.after
check "the same net.ipv4.conf sysctls: $(diff $out/sysctl.before $out/sysctl.after | tr '\n' '|')" \
	cmp -s $out/sysctl.before $out/sysctl.after
nsysctls > $out/nsysctl.after
check "the same net.* sysctls ($(wc -l < $out/nsysctl.before) of them): $(diff $out/nsysctl.before $out/nsysctl.after | head -40 | tr '\n' '|')" \
	cmp -s $out/nsysctl.before $out/nsysctl.after
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
# A neighbour entry another agent taught (extern_learn): refused, the CT running on.
nx ip neigh add 192.168.56.8 lladdr 02:56:00:00:00:88 dev dummy0 extern_learn
run "an externally learnt neighbour: chkpnt is refused" 16 vzctl chkpnt $ct
check "the message says which" said "CT $ct's network namespace has a neighbour entry with flags 0x10"
check "the CT still runs" sh -c "vzctl status $ct | grep -q running"
nx ip neigh del 192.168.56.8 dev dummy0
run "without it, chkpnt again" 0 vzctl chkpnt $ct
run "and restore" 0 vzctl restore $ct
check "the CT's address answers" pings $ip

ip addr del 10.56.0.1/32 dev lo
run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
dmesg | grep -i "vzrst\|vzcpt" | grep -i "network" | tail -n 3 | sed 's/^/# /'
done_testing
