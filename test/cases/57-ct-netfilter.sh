#!/bin/bash
# vm-boot: 3-ct
# vm-opts: --timeout 1200
# Netfilter rules in the CT's network namespace, which no image carries yet (issue 12): each kind
# makes vzctl chkpnt refuse, naming the table, and the CT runs on with its rules in place; once
# they are gone the CT checkpoints and restores. The kinds: an iptables-legacy rule, a DROP policy
# and a user chain; an ip6tables-legacy rule in another table; an arptables-legacy rule; an
# nftables table (even empty), and iptables-nft's; an ebtables-legacy table (bridge hooks). A
# legacy table holding only its built-in chains with ACCEPT policies (what `iptables -L` leaves)
# filters nothing and does not refuse. The tools are the host's, run in the CT's namespace.
. test/lib.sh
. test/lib-ct.sh
out=/tmp/t57
ct=157
ip=10.57.0.2
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct --ipadd $ip > $out/create 2>&1 ||
	{ fail "create: $(cat $out/create)"; done_testing; }
run "start" 0 vzctl start $ct
ip addr add 10.57.0.1/32 dev lo || fail "add 10.57.0.1 to lo"

pings() { ping -c 1 -W 5 "$1" > /dev/null 2>&1; }
# nsx CMD...: CMD from the host in the CT's network namespace; a failure is the test's.
nsx() {
	nsenter -t "$(cat /var/run/vz/$ct.pid)" -n "$@" > $out/nsx 2>&1 ||
		fail "in the CT's namespace: $*: $(tr '\n' '|' < $out/nsx)"
}
# refused WHAT MESSAGE: chkpnt refuses with exit 16 naming it; the CT runs on and answers.
refused() {
	run "$1: chkpnt is refused" 16 vzctl chkpnt $ct
	check "the message names it" said "CT $ct's network namespace has $2: netfilter rules cannot be carried yet"
	check "the CT still runs" sh -c "vzctl status $ct | grep -q running"
	check "and answers" pings $ip
}

# Tables that hold only their built-in chains, ACCEPT: nothing to carry.
nsx iptables-legacy -L
nsx ip6tables-legacy -t mangle -L
check "the empty legacy tables exist in the CT's namespace" sh -c \
	"nsenter -t $(cat /var/run/vz/$ct.pid) -n cat /proc/net/ip_tables_names | grep -qx filter"
run "empty legacy tables: chkpnt" 0 vzctl chkpnt $ct
run "and restore" 0 vzctl restore $ct
check "the CT answers after the restore" pings $ip

nsx iptables-legacy -A INPUT -p tcp --dport 7 -j DROP
refused "an iptables-legacy rule" "rules or user chains in its iptables-legacy table filter"
nsx iptables-legacy -S INPUT
check "the rule is still there" grep -q -- "--dport 7 -j DROP" $out/nsx
nsx iptables-legacy -D INPUT -p tcp --dport 7 -j DROP

nsx iptables-legacy -P FORWARD DROP
refused "a DROP policy" "a DROP policy in its iptables-legacy table filter"
nsx iptables-legacy -P FORWARD ACCEPT

nsx iptables-legacy -t raw -N vzchain
refused "a user chain" "rules or user chains in its iptables-legacy table raw"
nsx iptables-legacy -t raw -X vzchain

nsx ip6tables-legacy -t mangle -A PREROUTING -p udp -j ACCEPT
refused "an ip6tables-legacy rule" "rules or user chains in its ip6tables-legacy table mangle"
nsx ip6tables-legacy -t mangle -F

nsx arptables-legacy -A INPUT -s 10.57.0.9 -j DROP
refused "an arptables-legacy rule" "rules or user chains in its arptables-legacy table filter"
nsx arptables-legacy -F

nsx nft add table inet vzt
refused "an empty nftables table" "nftables table inet vzt"
nsx nft add chain inet vzt in '{ type filter hook input priority 0; policy accept; }'
nsx nft add rule inet vzt in tcp dport 9 drop
refused "an nftables chain with a rule" "nftables table inet vzt"
nsx nft delete table inet vzt

nsx iptables-nft -A OUTPUT -p tcp --dport 9 -j REJECT
refused "an iptables-nft rule" "nftables table ip filter"
nsx nft flush ruleset

nsx ebtables-legacy -L
refused "an ebtables-legacy table" "[0-9]* bridge netfilter hooks (ebtables)"

# The modules that kept the tables, unloaded: nothing left in the CT's namespace to refuse.
rmmod ebtable_filter ebtables 2>/dev/null
check "ebtables' tables went with its module" sh -c "! lsmod | grep -q '^ebtable_filter '"
run "with only empty legacy tables left: chkpnt" 0 vzctl chkpnt $ct
run "and restore" 0 vzctl restore $ct
check "the CT answers after the restore" pings $ip
nsx iptables-legacy -S
check "its namespace's iptables works after the restore" grep -qx -- "-P INPUT ACCEPT" $out/nsx

ip addr del 10.57.0.1/32 dev lo
run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
