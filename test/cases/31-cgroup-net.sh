#!/bin/bash
# vm-opts: --timeout 1500
# vm-boot: 2-containers
# vzctl's cgroup and network code (utils/vzctl/cgroup.c, net.c) through the netcg driver, on bare
# CTs (new pid, net, UTS, mount and IPC namespaces): the limits in the group files, the CT init in
# vz/CTID, eth0 with its address, lo up and a default route inside, the host's route and proxy
# ARP, pings host <-> CT and CT <-> CT, a fork loop stopped by pids.max, limits changed on a
# running CT, addresses added and removed, the link taken down and up, teardown leaving nothing,
# and the error cases (cgroup2 not mounted, an address in use, a missing process, a failed setup
# leaving nothing behind). Everything is checked from outside, with ip, nsenter and busybox ping.
. test/lib.sh
P=$VZREPO/test/progs
CG=/sys/fs/cgroup
HOSTIP=10.199.0.1
IP1=10.31.0.1 IP2=10.31.0.2
out=/tmp/t31
mkdir -p $out
ping1() { busybox ping -c 1 -W 2 "$@" > /dev/null 2>&1; }
in_ct() { local pid=$1; shift; nsenter -t "$pid" -n -u "$@"; }
ct_ping() { in_ct "$1" busybox ping -c 1 -W 2 "$2" > /dev/null 2>&1; }
gone() { for _ in $(seq 40); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done; return 1; }
no_link() { ! ip link show "$1" > /dev/null 2>&1; }
no_route() { [ -z "$(ip -4 route show "$1/32")" ]; }
# refused NAME EXPECTED-MESSAGE CMD...: CMD fails with exactly that one line on stderr.
refused() {
	local name=$1 want=$2; shift 2
	if "$@" > $out/o 2> $out/e; then
		fail "$name: succeeded"
	else
		expect_eq "$name" "$want" "$(cat $out/e)"
	fi
}

command -v nsenter > /dev/null || { fail "nsenter (util-linux) is missing in the guest"; done_testing; }
# The host needs an address of its own for the CTs to reach: the guest's NIC is not configured.
ip addr add $HOSTIP/32 dev lo || fail "add $HOSTIP to lo"

check "cgroup2 is mounted at $CG" $P/netcg check

# --- a CT with limits
if pid1=$($P/netcg start 131 --mem 67108864 --pids 20 --cpu 50 --weight 200 $IP1 2> $out/e); then
	ok "CT 131 started, init $pid1"
else
	fail "CT 131 start: $(cat $out/e)"; done_testing
fi
expect_eq "memory.max" 67108864 "$(cat $CG/vz/131/memory.max)"
expect_eq "pids.max" 20 "$(cat $CG/vz/131/pids.max)"
expect_eq "cpu.max is 50% of one CPU" "50000 100000" "$(cat $CG/vz/131/cpu.max)"
expect_eq "cpu.weight" 200 "$(cat $CG/vz/131/cpu.weight)"
for d in $CG $CG/vz; do
	expect_eq "$d/cgroup.subtree_control" "cpu memory pids" "$(cat $d/cgroup.subtree_control)"
done
expect_eq "the init is in vz/131" "0::/vz/131" "$(cat /proc/$pid1/cgroup)"
expect_eq "cgroup.procs is the init alone" "$pid1" "$(cat $CG/vz/131/cgroup.procs)"
expect_eq "cg_exists, cg_nr_procs, cg_frozen, cg_open" "exists 1 procs 1 frozen 0 dirfd ok" \
	"$($P/netcg info 131)"
expect_eq "the CT's hostname" ct131 "$(in_ct $pid1 hostname)"

in_ct $pid1 ip -o -4 addr > $out/addr
check "eth0 in the CT has $IP1/32" grep -q "eth0 *inet $IP1/32 scope global" $out/addr
check "no other address than lo's and eth0's" test "$(wc -l < $out/addr)" = 2
check "lo is up in the CT" sh -c "nsenter -t $pid1 -n ip -o link show lo | grep -q '<LOOPBACK,UP'"
check "eth0 is up in the CT" sh -c "nsenter -t $pid1 -n ip -o link show eth0 | grep -q ',UP,LOWER_UP'"
expect_eq "the CT's default route is on the link" "default dev eth0 proto static scope link" \
	"$(in_ct $pid1 ip -4 route show default | sed 's/ *$//')"
expect_eq "the host routes $IP1 to veth131" "$IP1 dev veth131 proto static scope link" \
	"$(ip -4 route show $IP1/32 | sed 's/ *$//')"
check "veth131 is up on the host" sh -c "ip -o link show veth131 | grep -q ',UP,LOWER_UP'"
expect_eq "proxy ARP on veth131" 1 "$(cat /proc/sys/net/ipv4/conf/veth131/proxy_arp)"
expect_eq "forwarding on" 1 "$(cat /proc/sys/net/ipv4/ip_forward)"
check "the host pings the CT" ping1 $IP1
check "the CT pings the host's $HOSTIP" ct_ping $pid1 $HOSTIP

# --- a second CT, default limits, side by side
if pid2=$($P/netcg start 132 $IP2 2> $out/e); then
	ok "CT 132 started, init $pid2"
else
	fail "CT 132 start: $(cat $out/e)"; done_testing
fi
expect_eq "default memory.max" max "$(cat $CG/vz/132/memory.max)"
expect_eq "default pids.max" max "$(cat $CG/vz/132/pids.max)"
expect_eq "default cpu.max" "max 100000" "$(cat $CG/vz/132/cpu.max)"
expect_eq "default cpu.weight" 100 "$(cat $CG/vz/132/cpu.weight)"
check "CT 131 pings CT 132" ct_ping $pid1 $IP2
check "CT 132 pings CT 131" ct_ping $pid2 $IP1
check "the host pings CT 132" ping1 $IP2
check "the CTs have separate network namespaces" \
	test "$(readlink /proc/$pid1/ns/net)" != "$(readlink /proc/$pid2/ns/net)"

# --- refusals, and nothing left behind by them
refused "an address of another CT" "Error: CT 133: IP address $IP1 is already in use (veth131)" \
	$P/netcg start 133 10.31.0.3 $IP1
check "the refused CT left no veth" no_link veth133
check "the refused CT left no cgroup" test ! -e $CG/vz/133
check "the refused CT left no route" no_route 10.31.0.3
refused "an address of the host" "Error: CT 133: IP address $HOSTIP is already in use (this host)" \
	$P/netcg start 133 $HOSTIP
expect_eq "net_ip_in_use names the owner" veth131 "$($P/netcg inuse $IP1)"
check "net_ip_in_use: a free address" sh -c "! $P/netcg inuse 10.31.0.99"
refused "a process that does not exist (net)" "Error: CT 134: process 999999 does not exist" \
	$P/netcg net 134 999999 10.31.0.4
refused "a process that does not exist (attach)" "Error: CT 131: process 999999 does not exist" \
	$P/netcg attach 131 999999
refused "a process in the host's namespace" \
	"Error: CT 134: process $$ is in the host's network namespace" $P/netcg net 134 $$ 10.31.0.4
check "no veth134" no_link veth134
refused "a bad address" "Error: CT 134: bad IP address '10.31.0.300'" \
	$P/netcg net 134 $pid1 10.31.0.300
refused "a bad prefix" "Error: CT 134: bad prefix length in IP address '10.31.0.4/33'" \
	$P/netcg net 134 $pid1 10.31.0.4/33
refused "a CT that has an eth0 already" "Error: CT 135: the CT already has an eth0" \
	$P/netcg net 135 $pid1 10.31.0.5
check "... left no veth135" no_link veth135
refused "a failure half-way (an address given twice)" \
	"Error: CT 136: IP address 10.31.0.6 is given twice" $P/netcg start 136 10.31.0.6 10.31.0.6
check "... left no veth136" no_link veth136
check "... left no route" no_route 10.31.0.6
check "... left no cgroup" test ! -e $CG/vz/136
check "CT 131 still has its eth0 and address" sh -c "nsenter -t $pid1 -n ip -o -4 addr | grep -q 'eth0 *inet $IP1/32'"
refused "a cgroup with tasks is not reused" \
	"Error: CT 131: cgroup $CG/vz/131 already exists and has tasks" $P/netcg cgcreate 131
mkdir $CG/vz/138
check "an empty stale cgroup is replaced" $P/netcg cgcreate 138 --pids 5
expect_eq "... with its limits" 5 "$(cat $CG/vz/138/pids.max)"
check "cg_destroy removes it" $P/netcg stop 138
check "... gone" test ! -e $CG/vz/138
check "stop of a CT that has nothing succeeds" $P/netcg stop 139

# cgroup2 missing: a mount namespace where something else is mounted at /sys/fs/cgroup
unshare -m sh -c "mount -t tmpfs none $CG && $P/netcg check" > $out/o 2> $out/e
expect_eq "cgroup2 not mounted" "Error: cgroup2 is not mounted at $CG" "$(cat $out/e)"
unshare -m sh -c "mount -t tmpfs none $CG && $P/netcg start 137 10.31.0.7" > $out/o 2> $out/e
expect_eq "start without cgroup2" "Error: CT 137: cgroup2 is not mounted at $CG" "$(cat $out/e)"
check "... left no veth137" no_link veth137

# --- limits changed on a running CT (cpu.weight is clamped to 10000)
check "cg_set_limits" $P/netcg setlimits 132 --mem 134217728 --pids 30 --cpu 150 --weight 20000
expect_eq "new memory.max" 134217728 "$(cat $CG/vz/132/memory.max)"
expect_eq "new pids.max" 30 "$(cat $CG/vz/132/pids.max)"
expect_eq "new cpu.max" "150000 100000" "$(cat $CG/vz/132/cpu.max)"
expect_eq "cpu.weight clamped" 10000 "$(cat $CG/vz/132/cpu.weight)"
refused "limits of a missing group" "Error: CT 139: cgroup $CG/vz/139 does not exist" \
	$P/netcg setlimits 139 --pids 5

# --- cg_frozen
echo 1 > $CG/vz/132/cgroup.freeze
for _ in $(seq 20); do grep -q '^frozen 1' $CG/vz/132/cgroup.events && break; sleep 0.25; done
expect_eq "cg_frozen sees a frozen group" "exists 1 procs 1 frozen 1 dirfd ok" "$($P/netcg info 132)"
echo 0 > $CG/vz/132/cgroup.freeze

# --- addresses added and removed on a running CT
check "net_add_ip 10.31.0.22/24" $P/netcg addip 132 $pid2 10.31.0.22/24
check "... on eth0 with its prefix" sh -c "nsenter -t $pid2 -n ip -o -4 addr | grep -q 'eth0 *inet 10.31.0.22/24'"
check "... routed by the host" test -n "$(ip -4 route show 10.31.0.22/32 dev veth132)"
check "... reachable" ping1 10.31.0.22
refused "net_add_ip of another CT's address" \
	"Error: CT 132: IP address $IP1 is already in use (veth131)" $P/netcg addip 132 $pid2 $IP1
check "net_del_ip 10.31.0.22 (prefix found by itself)" $P/netcg delip 132 $pid2 10.31.0.22
check "... gone from eth0" sh -c "! nsenter -t $pid2 -n ip -o -4 addr | grep -q 10.31.0.22"
check "... no route" no_route 10.31.0.22
refused "net_del_ip of an address the CT does not have" \
	"Error: CT 132: the CT has no IP address 10.31.0.23" $P/netcg delip 132 $pid2 10.31.0.23

# --- the link down and up (routes come back from the CT's addresses)
check "net_link_set down" $P/netcg link 132 down
check "... the host cannot reach the CT" sh -c "! busybox ping -c 1 -W 1 $IP2 > /dev/null 2>&1"
check "net_link_set up" $P/netcg link 132 up
expect_eq "... the route is back" "$IP2 dev veth132 proto static scope link" \
	"$(ip -4 route show $IP2/32 | sed 's/ *$//')"
check "... the host pings the CT again" ping1 $IP2
refused "net_link_set without the link" "Error: CT 139: no network interface veth139: No such device" \
	$P/netcg link 139 up

# --- a fork loop inside CT 131 stops at pids.max = 20; the host is fine
sh -c "echo \$\$ > $CG/vz/131/cgroup.procs && exec nsenter -t $pid1 -p -m -u -n \
	busybox sh -c 'while :; do sleep 60 & done'" > /dev/null 2>&1 &
bomb=$!
for _ in $(seq 60); do
	[ "$(awk '/^max/ {print $2}' $CG/vz/131/pids.events)" -gt 0 ] 2>/dev/null && break
	sleep 0.5
done
maxed=$(awk '/^max/ {print $2}' $CG/vz/131/pids.events)
check "fork failed in the CT at the limit (pids.events max $maxed)" test "$maxed" -gt 0
expect_eq "the CT reached 20 tasks (pids.peak)" 20 "$(cat $CG/vz/131/pids.peak)"
check "and has no more than 20 (pids.current $(cat $CG/vz/131/pids.current))" \
	test "$(cat $CG/vz/131/pids.current)" -le 20
check "the host still forks" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true || exit 1; done'
check "the host still pings CT 132" ping1 $IP2

# --- teardown
check "stop CT 131 (kill, network, cgroup)" $P/netcg stop 131
echo 1 > $CG/vz/132/cgroup.freeze
check "stop CT 132 while it is frozen" $P/netcg stop 132
wait $bomb 2>/dev/null
check "CT 131's init is gone" gone $pid1
check "CT 132's init is gone" gone $pid2
check "no veth131" no_link veth131
check "no veth132" no_link veth132
check "no route to $IP1" no_route $IP1
check "no route to $IP2" no_route $IP2
expect_eq "no veth at all" "" "$(ip -o link show type veth)"
check "no cgroup vz/131" test ! -e $CG/vz/131
check "no cgroup vz/132" test ! -e $CG/vz/132
ip addr del $HOSTIP/32 dev lo
done_testing
