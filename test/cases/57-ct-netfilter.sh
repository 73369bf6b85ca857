#!/bin/bash
# vm-boot: 3-ct
# vm-opts: --timeout 1200
# Netfilter in the CT's network namespace. Legacy tables (issue 12) are carried: iptables-legacy
# rules in filter, raw (a user chain), mangle (a limit match) and nat (DNAT), a DROP policy, an
# ip6tables-legacy rule and an arptables-legacy rule come back identical, the port 7 rule with
# its counts, and still drop, reject and count. A legacy table holding only its built-in chains
# with ACCEPT policies (what `iptables -L` leaves) filters nothing and is left out. An
# ebtables-legacy table (bridge hooks) makes vzctl chkpnt refuse, naming it, and the CT runs on.
# nftables is carried: a ruleset with a commented table, base and regular chains, counted rules, named,
# anonymous, interval and timeout sets, a verdict map, a named counter, a dormant table and
# iptables-nft's table (an xt match through nft_compat), its counters made non-zero by traffic,
# comes back identical (nft list ruleset, nft list counters, iptables-nft -S) after a chkpnt and
# restore, after a second one of the restored CT and through a dump file dumpinfo reads, and still
# works: drops and counts, the dormant table stays dormant, the timeout element stays. A chain
# bound to a rule (an anonymous chain) still refuses. The tools are the host's, run in the CT's
# namespace.
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

# Legacy tables with rules are carried: each table with its entries, matches, targets, user
# chains, policies and counters, set again by its family's SET_REPLACE.
nsx iptables-legacy -A INPUT -p tcp --dport 7 -j DROP
nsx iptables-legacy -A INPUT -p tcp --dport 5007 -m comment --comment vz5007 -j REJECT --reject-with tcp-reset
nsx iptables-legacy -P FORWARD DROP
nsx iptables-legacy -t raw -N vzchain
nsx iptables-legacy -t raw -A vzchain -p udp --dport 6 -j DROP
nsx iptables-legacy -t raw -A PREROUTING -j vzchain
nsx iptables-legacy -t mangle -A OUTPUT -p icmp -m limit --limit 100/s -j ACCEPT
nsx iptables-legacy -t nat -A OUTPUT -p tcp -d 10.57.0.1 --dport 5008 -j DNAT --to-destination 10.57.0.1:5009
nsx ip6tables-legacy -t mangle -A PREROUTING -p udp -j ACCEPT
nsx arptables-legacy -A INPUT -s 10.57.0.9 -j DROP
# legacy_rules: every legacy table's rules, without the policies' counters (packets the kernel
# sends on its own, IPv6 neighbour discovery, move them)
legacy_rules() {
	local pid t
	pid=$(cat /var/run/vz/$ct.pid)
	{
		for t in filter raw mangle nat; do nsenter -t "$pid" -n iptables-legacy-save -t $t; done
		nsenter -t "$pid" -n ip6tables-legacy-save -t mangle
		nsenter -t "$pid" -n arptables-legacy -L -n
	} 2>&1 | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//'
}
# dport7: the packets and bytes the port 7 DROP rule counted
dport7() {
	nsenter -t "$(cat /var/run/vz/$ct.pid)" -n iptables-legacy -L INPUT -v -x -n |
		awk '/dpt:7$/ { print $1, $2 }'
}
for _ in 1 2; do timeout 2 bash -c "echo > /dev/tcp/$ip/7" 2> /dev/null; done
legacy_rules > $out/legacy.before
c7=$(dport7)
check "the port 7 rule counted the connects" test "${c7%% *}" -gt 0 2>/dev/null
check "the legacy rules are all there" sh -c "grep -q -- '--dport 7 -j DROP' $out/legacy.before &&
	grep -q -- ':FORWARD DROP' $out/legacy.before && grep -q -- '-A vzchain' $out/legacy.before &&
	grep -q -- '--limit 100/sec' $out/legacy.before && grep -q -- 'DNAT' $out/legacy.before &&
	grep -q -- '-A PREROUTING -p udp -j ACCEPT' $out/legacy.before &&
	grep -q -- '10.57.0.9' $out/legacy.before"
run "legacy tables: chkpnt" 0 vzctl chkpnt $ct --dumpfile $out/legacy.img
vzctl dumpinfo $out/legacy.img > $out/legacy.info 2>&1
check "dumpinfo lists the legacy tables" sh -c "grep -q 'xtable: family=iptables table=filter hooks=0xe' $out/legacy.info &&
	grep -q 'xtable: family=iptables table=nat' $out/legacy.info &&
	grep -q 'xtable: family=arptables table=filter' $out/legacy.info &&
	grep -q 'xtable: family=ip6tables table=mangle' $out/legacy.info && grep -q 'legacy_tables=6' $out/legacy.info"
run "and restore" 0 vzctl restore $ct --dumpfile $out/legacy.img
# a failed restore: the CT afresh, for the rest of the test
vzctl status $ct | grep -q running || vzctl start $ct > /dev/null 2>&1
legacy_rules > $out/legacy.after
if cmp -s $out/legacy.before $out/legacy.after; then
	ok "every legacy table comes back with the same rules"
else
	fail "every legacy table comes back with the same rules"
	diff -u $out/legacy.before $out/legacy.after | sed 's/^/# /'
fi
expect_eq "and the port 7 rule with its counts" "$c7" "$(dport7)"
timeout 3 bash -c "echo > /dev/tcp/$ip/7" 2> /dev/null
expect_eq "a connect to port 7 is still dropped (times out)" 124 $?
timeout 3 bash -c "echo > /dev/tcp/$ip/5007" 2> /dev/null
expect_eq "one to port 5007 still rejected with a reset" 1 $?
c7b=$(dport7)
check "and counted" test "${c7b%% *}" -gt "${c7%% *}"
check "the CT answers pings" pings $ip
nsx iptables-legacy -F
nsx iptables-legacy -P FORWARD ACCEPT
nsx iptables-legacy -t raw -F
nsx iptables-legacy -t raw -X
nsx iptables-legacy -t mangle -F
nsx iptables-legacy -t nat -F
nsx ip6tables-legacy -t mangle -F
nsx arptables-legacy -F

# nftables: a ruleset of every kind the images carry, with traffic through its counters, comes
# back whole from a checkpoint, from a restored CT's checkpoint and from a dump file.
cat > $out/rules.nft <<'EOF'
table inet vzt {
	comment "vzcpt test 57"
	counter cnt1 {
	}
	set blocked {
		type ipv4_addr
		elements = { 10.57.0.9, 10.57.0.10 }
	}
	set nets {
		type ipv4_addr
		flags interval
		elements = { 10.58.0.0/16 }
	}
	set tmo {
		type ipv4_addr
		flags timeout
		elements = { 10.57.0.77 timeout 1h }
	}
	chain vzsub {
		counter drop
	}
	chain in {
		type filter hook input priority 0; policy accept;
		tcp dport 9 counter drop
		ip saddr @blocked drop
		tcp dport { 5001, 5002 } drop
		tcp dport vmap { 5003 : jump vzsub }
		tcp dport 5004 counter name "cnt1"
		ip saddr @nets counter drop
		ip saddr @tmo drop
	}
}
table ip vzdorm {
	flags dormant
	chain c {
		type filter hook output priority 0; policy drop;
	}
}
EOF
nsx nft -f $out/rules.nft
# iptables-nft's table: a comment (kept in the rule's user data), a limit (a native nft
# expression) and u32 (an xt match through nft_compat; "6&0xFF=17": the protocol is UDP).
nsx iptables-nft -A INPUT -p tcp --dport 7 -m comment --comment vz7 -j DROP
nsx iptables-nft -A INPUT -p tcp --dport 8 -m limit --limit 5/s -j ACCEPT
nsx iptables-nft -A INPUT -p udp --dport 6 -m u32 --u32 "6&0xFF=17" -j DROP

# nsout FILE CMD...: CMD's standard output in the CT's network namespace, into FILE.
nsout() {
	local f=$1; shift
	nsenter -t "$(cat /var/run/vz/$ct.pid)" -n "$@" > "$f" 2> $out/nsx ||
		fail "in the CT's namespace: $*: $(tr '\n' '|' < $out/nsx)"
}
# tcp_rc PORT: the exit status of a TCP connect from the host to the CT's PORT, at most 2 s
# (124: timed out, the SYNs dropped; 1: refused, the CT answered with a reset).
tcp_rc() { timeout 2 bash -c "echo > /dev/tcp/$ip/$1" 2> /dev/null; echo $?; }
# pkts RULE FILE: the packets of the counter of RULE (what precedes "counter") in a listing.
pkts() { sed -n "s/^[[:space:]]*$1[[:space:]]*counter packets \([0-9]*\) bytes .*/\1/p" "$2" | head -n 1; }
# cnt1: the packets of the named counter cnt1.
cnt1() {
	nsenter -t "$(cat /var/run/vz/$ct.pid)" -n nft list counter inet vzt cnt1 > $out/cnt1 2>&1
	sed -n 's/^[[:space:]]*packets \([0-9]*\) bytes .*/\1/p' $out/cnt1
}
# snap NAME: the ruleset (an element's "expires" stripped: it counts down), the named counters
# and iptables-nft -S, into $out/NAME.*.
snap() {
	nsout $out/$1.ruleset nft list ruleset
	sed -i -E 's/ expires [0-9a-z]+//' $out/$1.ruleset
	nsout $out/$1.counters nft list counters
	nsout $out/$1.ipt iptables-nft -S
}
# same NAME A B: files A and B are the same; if not, the diff as comments.
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else fail "$1"; diff -u "$2" "$3" | sed 's/^/# /'; fi
}
# running: the CT runs.
running() { vzctl status $ct 2> /dev/null | grep -q running; }
# back NAME: after a restore, the CT runs (else it says so and fails), the ruleset, counters and iptables-nft rules are those of snap NAME,
# and the rules work: port 9 still drops and counts, the CT still answers (vzdorm stayed dormant:
# its output chain's policy drops everything), the timeout element is still there, expiring.
back() {
	running || { fail "the CT runs after the restore: the nftables cycles stop here"; return 1; }
	snap $1.after
	same "the whole nft ruleset is back as it was" $out/$1.ruleset $out/$1.after.ruleset
	same "the named counters are back as they were" $out/$1.counters $out/$1.after.counters
	same "iptables-nft -S is back as it was" $out/$1.ipt $out/$1.after.ipt
	local n0 n1 c0 c1
	n0=$(pkts "tcp dport 9" $out/$1.after.ruleset)
	expect_eq "a connect to port 9 is still dropped (times out)" 124 "$(tcp_rc 9)"
	expect_eq "and a second one" 124 "$(tcp_rc 9)"
	nsout $out/$1.now nft list ruleset
	n1=$(pkts "tcp dport 9" $out/$1.now)
	check "port 9's counter went on from $n0 by the attempts' SYNs (now $n1)" \
		[ "${n1:-0}" -ge $((${n0:-0} + 2)) ]
	c0=$(cnt1)
	expect_eq "a connect to port 5004 is refused: the CT answers TCP" 1 "$(tcp_rc 5004)"
	c1=$(cnt1)
	check "and cnt1 counted it (from $c0 to $c1)" [ "${c1:-0}" -gt "${c0:-0}" ]
	check "the CT answers pings (vzdorm stayed dormant)" pings $ip
	check "vzdorm is still dormant" sh -c "grep -A1 -x 'table ip vzdorm {' $out/$1.now |
		grep -q 'flags dormant'"
	nsout $out/$1.tmo nft list set inet vzt tmo
	if grep -Eq "10\.57\.0\.77 timeout 1h expires [0-9]+m" $out/$1.tmo; then
		ok "the timeout element is still in its set, expiring"
	else
		fail "the timeout element is still in its set, expiring"; sed 's/^/# /' $out/$1.tmo
	fi
}

# Traffic through the counters: port 9 (its rule's counter), 7 (iptables-nft's), 5003 (the vmap's
# jump to vzsub's counted drop), 5004 (the named counter).
expect_eq "a connect to port 9 is dropped (times out)" 124 "$(tcp_rc 9)"
expect_eq "and a second one" 124 "$(tcp_rc 9)"
expect_eq "a connect to port 7 is dropped by iptables-nft's rule" 124 "$(tcp_rc 7)"
expect_eq "a connect to port 5003 is dropped through the vmap" 124 "$(tcp_rc 5003)"
expect_eq "a connect to port 5004 is counted by cnt1 and refused" 1 "$(tcp_rc 5004)"
snap nft1
n=$(pkts "tcp dport 9" $out/nft1.ruleset)
check "port 9's counter is above 0 ($n)" [ "${n:-0}" -gt 0 ]
n=$(pkts "tcp dport 7" $out/nft1.ruleset)
check "iptables-nft's port 7 counter is above 0 ($n)" [ "${n:-0}" -gt 0 ]
n=$(pkts "" $out/nft1.ruleset)
check "vzsub's counter is above 0 ($n)" [ "${n:-0}" -gt 0 ]
n=$(cnt1)
check "cnt1 is above 0 ($n)" [ "${n:-0}" -gt 0 ]
check "the ruleset has its parts" sh -c "grep -q 'comment \"vzcpt test 57\"' $out/nft1.ruleset &&
	grep -q 'flags dormant' $out/nft1.ruleset && grep -q 'xt match u32' $out/nft1.ruleset &&
	grep -q 'limit rate 5/second' $out/nft1.ruleset &&
	grep -q '10.57.0.77 timeout 1h' $out/nft1.ruleset"
check "iptables-nft -S has its rules" sh -c "grep -q -- '--comment vz7 -j DROP' $out/nft1.ipt &&
	grep -q -- '-m u32' $out/nft1.ipt"

carried() {
	run "nftables ruleset: chkpnt" 0 vzctl chkpnt $ct
	run "and restore" 0 vzctl restore $ct
	back nft1 || return
	# The restored CT's ruleset, checkpointed and restored again.
	snap nft2
	run "the restored nftables ruleset: chkpnt" 0 vzctl chkpnt $ct
	run "and restore" 0 vzctl restore $ct
	back nft2 || return
	# Through a dump file (named so that no message quoting it says "nft"), which dumpinfo reads.
	snap nft3
	run "nftables ruleset: chkpnt into a dump file" 0 vzctl chkpnt $ct --dumpfile $out/ct57.img
	run "dumpinfo reads it" 0 vzctl dumpinfo $out/ct57.img
	check "and shows the nftables records" grep -qi nft $out/last
	run "restore from the dump file" 0 vzctl restore $ct --dumpfile $out/ct57.img
	back nft3
}
carried
# A failed restore left the CT down: a fresh start, with the ruleset, for what follows.
if ! running; then
	run "the CT starts afresh" 0 vzctl start $ct
	nsx nft -f $out/rules.nft
fi

# A chain bound to a rule (an anonymous chain) is not carried yet.
snap nft4
nsx nft add rule inet vzt in tcp dport 5005 jump '{ drop; }'
refused "an anonymous nftables chain" "an anonymous chain in nftables table inet vzt"
nsout $out/nft4.anon nft -a list chain inet vzt in
check "the rule is still there" grep -q "tcp dport 5005 jump {" $out/nft4.anon
h=$(sed -n 's/^[[:space:]]*} # handle \([0-9]*\)$/\1/p' $out/nft4.anon)
nsx nft delete rule inet vzt in handle "${h:-0}"
snap nft4.gone
same "without it the ruleset is as before" $out/nft4.ruleset $out/nft4.gone.ruleset
nsx nft flush ruleset

# A TCP stream from the host through the CT's own DNAT (nft redirect 5008 -> 5009), carried with
# its tracked connection: after the restore it is tracked as before (the same tuples, ESTABLISHED
# and ASSURED: not picked up anew from its next packet), and the stream goes on, no byte lost.
mkdir -p /vz/private/$ct/opt
cp $VZREPO/test/progs/tcpsrv.static /vz/private/$ct/opt/tcpsrv
vzctl exec $ct 'setsid /opt/tcpsrv 5009 /opt/srv > /opt/srv.log 2>&1 < /dev/null &'
for _ in $(seq 50); do grep -q listening /vz/private/$ct/opt/srv.log 2>/dev/null && break; sleep 0.2; done
nsx nft add table ip vznat
nsx nft add chain ip vznat pre '{ type nat hook prerouting priority -100; }'
nsx nft add rule ip vznat pre tcp dport 5008 redirect to :5009
recvd() { awk '{ print $2 }' $out/prog 2>/dev/null; }
flows() { # flows N: the client has received more than N bytes within 10 s
	for _ in $(seq 50); do [ "$(recvd)" -gt "$1" ] 2>/dev/null && return 0; sleep 0.2; done
	return 1
}
$VZREPO/test/progs/tcpstream $ip 5008 $out/prog > $out/client 2>&1 &
client=$!
check "a stream flows through the CT's DNAT" flows 100000
ctconn() {
	nsenter -t "$(cat /var/run/vz/$ct.pid)" -n cat /proc/net/nf_conntrack | grep 'dport=5008 ' |
		awk '{ $5 = ""; print }' | sed 's/ use=[0-9]*//'
}
ctconn > $out/tcpct.before
check "its connection is tracked, DNATed, established and assured: $(cat $out/tcpct.before)" \
	grep -q "ESTABLISHED src=10.57.0.1 dst=$ip sport=[0-9]* dport=5008 src=$ip dst=10.57.0.1 sport=5009 .*ASSURED" $out/tcpct.before
run "the DNATed stream: chkpnt" 0 vzctl chkpnt $ct
run "and restore" 0 vzctl restore $ct
ctconn > $out/tcpct.after
if [ -s $out/tcpct.after ] && cmp -s $out/tcpct.before $out/tcpct.after; then
	ok "the restored namespace tracks the connection as before"
else
	fail "the restored namespace tracks the connection as before"
	diff $out/tcpct.before $out/tcpct.after | sed 's/^/# /'
fi
r=$(recvd)
check "the stream goes on after the restore" flows "$r"
kill -USR1 $client
wait $client
check "not a byte lost, duplicated or out of order: $(cat $out/client)" grep -q '^PASS' $out/client
vzctl exec $ct 'pkill tcpsrv' > /dev/null 2>&1
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
