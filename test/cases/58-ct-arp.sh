#!/bin/bash
# vm-boot: 3-ct
# vm-opts: --timeout 1200
# A CT's address on a LAN of the host (issue 12, OpenVZ's vzarp and arpsend): the host answers
# ARP for it there (a proxy entry of vzctl's) and announces it by a gratuitous ARP when the CT
# comes up, at start and after a restore, so that a peer on that LAN whose ARP cache still names
# another machine for the address (as after a migration) sends to this host at once. The LAN is
# a bridge with an address on the host and a peer in its own network namespace behind a veth.
# A CT's stop removes its entry, and only its: another CT's and the admin's own stay.
. test/lib.sh
. test/lib-ct.sh
out=/tmp/t58
ct=158 ct2=159
ip=10.58.0.5 ip2=10.58.0.6
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
modprobe bridge

ip link add br58 type bridge && ip addr add 10.58.0.1/24 dev br58 && ip link set br58 up &&
	ip netns add peer58 && ip link add p58h type veth peer name p58c &&
	ip link set p58c netns peer58 && ip link set p58h master br58 up &&
	ip -n peer58 addr add 10.58.0.9/24 dev p58c && ip -n peer58 link set p58c up &&
	ip -n peer58 link set lo up || { fail "the LAN and its peer"; done_testing; }
brmac=$(cat /sys/class/net/br58/address)
ip neigh add proxy 10.58.0.77 dev br58 || fail "the admin's own proxy entry"

# stale: the peer's ARP cache names another machine for the CT's address.
stale() { ip -n peer58 neigh replace $ip lladdr 02:00:00:00:58:99 dev p58c nud stale; }
# announced: the peer's cache names the host's LAN device for it, without the peer having asked.
announced() {
	for _ in $(seq 50); do
		ip -n peer58 neigh show $ip dev p58c | grep -q "lladdr $brmac" && return 0
		sleep 0.1
	done
	echo "# the peer's entry: $(ip -n peer58 neigh show $ip dev p58c)"
	return 1
}
proxied() { ip neigh show proxy | grep -q "^$1 dev br58"; }
peer_pings() { ip netns exec peer58 ping -c 1 -W 5 "$1" > /dev/null 2>&1; }

for c in "$ct $ip" "$ct2 $ip2"; do
	set -- $c
	vzctl create $1 --hostname ct$1 --ipadd $2 > $out/create.$1 2>&1 ||
		{ fail "create $1: $(cat $out/create.$1)"; done_testing; }
done
stale
run "start" 0 vzctl start $ct
check "the host answers ARP for the CT's address on the LAN" proxied $ip
check "the start announced the address to the peer" announced
check "the peer reaches the CT" peer_pings $ip
run "start a second CT on the LAN" 0 vzctl start $ct2

run "chkpnt" 0 vzctl chkpnt $ct
check "a dumped CT's address is no longer proxied here" sh -c "! ip neigh show proxy | grep -q '^$ip '"
stale
run "restore" 0 vzctl restore $ct
check "proxied again after the restore" proxied $ip
check "the restore announced the address to the peer" announced
check "the peer reaches the restored CT" peer_pings $ip

run "stop" 0 vzctl stop $ct
check "the stop removed the CT's entry" sh -c "! ip neigh show proxy | grep -q '^$ip '"
check "and left the second CT's" proxied $ip2
check "and the admin's own" proxied 10.58.0.77
check "the peer still reaches the second CT" peer_pings $ip2
run "stop the second CT" 0 vzctl stop $ct2
check "its entry went too" sh -c "! ip neigh show proxy | grep -q '^$ip2 '"

vzctl destroy $ct > /dev/null 2>&1
vzctl destroy $ct2 > /dev/null 2>&1
ip neigh del proxy 10.58.0.77 dev br58
ip netns del peer58
ip link del br58
done_testing
