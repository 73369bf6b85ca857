#!/bin/bash
# vm-boot: 1-kernel
# The network of a CT with a namespace of its own (a veth to the host) across the stages: while it
# is suspended its packets are held (a peer sees a delay, not a reset) and after a resume they
# pass, what came meanwhile delivered; a dumped CT's kill sends its peers no FIN and no reset; no
# hook is left behind by a resume, a kill, an abandoned context or the module's unload; a CT whose
# namespace tracks a NATed connection is dumped, and restored with it tracked there, the same
# tuples, NAT binding and all; a restore refuses a namespace that already tracks connections, and a restored CT's network works, with the
# addresses and routes of the image added to the namespace it went into.
. test/lib.sh
P=$VZREPO/test/progs
cg=/sys/fs/cgroup/vzt24
out=/tmp/t24
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
check "both modules depend on nf_conntrack" test "$(lsmod | awk '$1 == "nf_conntrack" { print $4 }' | tr , '\n' | grep -c '^vz')" = 2

last() { tail -n 1 "$1" 2>/dev/null | awk '{print $1}'; }
wait_past() { for i in $(seq 40); do [ "$(last "$1")" -gt "$2" ] 2>/dev/null && return 0; sleep 0.25; done; return 1; }
gone() { for i in $(seq 40); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done; return 1; }

# mknet NAME N: a namespace NAME with eth0 = 10.24.N.2, the host end 10.24.N.1
mknet() {
	ip netns add "$1" && ip link add "h$1" type veth peer name eth0 netns "$1" &&
	ip addr add "10.24.$2.1/24" dev "h$1" && ip link set "h$1" up &&
	ip -n "$1" addr add "10.24.$2.2/24" dev eth0 && ip -n "$1" link set eth0 up &&
	ip -n "$1" link set lo up && ip -n "$1" route add default via "10.24.$2.1"
}
pings() { busybox ping -c 1 -W 1 "$1" > /dev/null 2>&1; }
# What a TCP connect to a closed port of the CT meets: "refused" (a reset) or "timeout" (silence).
tcp() {
	local r
	r=$(timeout 3 bash -c "exec 3<>/dev/tcp/$1/9" 2>&1)
	case $? in 124) echo timeout ;; 0) echo open ;; *) case "$r" in *refused*) echo refused ;; *) echo "other: $r" ;; esac ;; esac
}
ctrun() { nsenter --net=/run/netns/$1 $P/ctdrive run $cg sh -c "exec $P/counter 1 50 > $2 2>/dev/null"; }

mknet vzn1 1 || { fail "veth setup"; done_testing; }
init=$(ctrun vzn1 $out/c1)
wait_past $out/c1 2
check "the CT answers pings before" pings 10.24.1.2
expect_eq "a connect to a closed port is refused (a reset) before" refused "$(tcp 10.24.1.2)"

# --- suspended: silence; resumed: answers again
$P/ctdrive suspend 24 "$init" $cg || fail "suspend"
check "while suspended, pings get no answer" test "$(pings 10.24.1.2 && echo y)" != y
expect_eq "while suspended, a connect meets silence, not a reset" timeout "$(tcp 10.24.1.2)"
check "the host's own network is untouched" pings 10.24.1.1
check "resume" $P/ctdrive resume 24
check "after resume, pings pass" pings 10.24.1.2
expect_eq "after resume, a closed port is refused again" refused "$(tcp 10.24.1.2)"
n=$(last $out/c1)
check "and the CT runs" wait_past $out/c1 "$n"

# --- a snapshot (suspend, dump, resume) and the abandoned context (the dumper killed mid-dump)
check "a dump with --resume" $P/ctdrive dump 24 "$init" $cg $out/snap.img --resume
check "leaves the network up" pings 10.24.1.2
mkfifo $out/fifo
sleep 30 < $out/fifo &
reader=$!
$P/ctdrive dump 24 "$init" $cg $out/fifo 2>/dev/null &
dumper=$!
sleep 2
check "mid-dump the CT's network is down" test "$(pings 10.24.1.2 && echo y)" != y
kill -9 $dumper; wait $dumper 2>/dev/null
sleep 1
check "a dumper killed mid-dump: the abandoned context brings the network back" pings 10.24.1.2
kill $reader 2>/dev/null

# --- a parked suspended context when vzcpt is unloaded: the CT is resumed, its network back
$P/ctdrive suspend 24 "$init" $cg || fail "suspend before unload"
check "vzcpt unloads with a suspended CT parked" rmmod vzcpt
check "its network is back" pings 10.24.1.2
modprobe vzcpt || fail "vzcpt reload"

# --- kill after dump: the image restores into a new namespace, whose network is held until RESUME
check "dump and kill" $P/ctdrive dump 24 "$init" $cg $out/d.img
check "the CT is gone" gone "$init"
mknet vzn2 2 || fail "second veth"
init=$(nsenter --net=/run/netns/vzn2 $P/ctdrive restore 24 $cg $out/d.img 2> $out/err) || fail "restore: $(cat $out/err)"
check "the restored CT runs" wait_past $out/c1 "$(last $out/c1)"
check "and its network passes once resumed" pings 10.24.2.2
# The image carries vzn1's configuration: its address is added, its default route replaces vzn2's.
check "the image's address and default route came with it" sh -c \
	"ip -n vzn2 addr show dev eth0 | grep -q 'inet 10.24.1.2/24' &&
	 ip -n vzn2 route show default | grep -q 'via 10.24.1.1'"
kill -9 "$init"; gone "$init"
# vzn2 as mknet made it again, for the CTs that follow.
ip -n vzn2 addr del 10.24.1.2/24 dev eth0
ip -n vzn2 route replace default via 10.24.2.1

# --- NAT: a NATed connection is carried, its binding with it
# ctlist NS: the namespace's tracked connections to 10.24.9.9, without their time left and use
ctlist() {
	ip netns exec "$1" cat /proc/net/nf_conntrack | grep 10.24.9.9 |
		awk '{ $5 = ""; print }' | sed 's/ use=[0-9]*//'
}
init=$(ctrun vzn2 $out/c2)
wait_past $out/c2 2
if ip netns exec vzn2 iptables -t nat -A OUTPUT -d 10.24.9.9 -j DNAT --to-destination 10.24.2.1 2> $out/err; then
	check "the CT reaches the host through its DNAT rule" ip netns exec vzn2 bash -c "$(declare -f pings); pings 10.24.9.9"
	ctlist vzn2 > $out/ct.before
	check "its namespace tracks the NATed ping: $(cat $out/ct.before)" \
		grep -q "dst=10.24.9.9 .* src=10.24.2.1 dst=10.24.2.2 " $out/ct.before
	check "a CT with a NATed connection is dumped" $P/ctdrive dump 24 "$init" $cg $out/nat.img
	check "and is gone" gone "$init"
	check "dumpinfo shows the connection, NATed" sh -c "vzctl dumpinfo $out/nat.img |
		grep -q 'conntrack: family=ipv4 proto=1 src=10.24.2.2 dst=10.24.9.9 dnat=yes'"
	# --- a restore into a namespace that tracks connections (vzn2's NAT entry) is refused
	if nsenter --net=/run/netns/vzn2 $P/ctdrive restore 24 $cg $out/d.img > /dev/null 2> $out/err; then
		fail "a restore into a namespace with tracked connections went through"
	else
		check "a restore into a used namespace is refused: $(cat $out/err)" grep -q "already tracks .* connection" $out/err
	fi
	expect_eq "and leaves no task in the cgroup" 0 "$(wc -l < $cg/cgroup.procs)"
	# --- into a new namespace: the connection is tracked there as it was, NATed
	mknet vzn4 4 || fail "fourth veth"
	init=$(nsenter --net=/run/netns/vzn4 $P/ctdrive restore 24 $cg $out/nat.img 2> $out/err) ||
		fail "restore of the NATed CT: $(cat $out/err)"
	ctlist vzn4 > $out/ct.after
	if [ -s $out/ct.after ] && cmp -s $out/ct.before $out/ct.after; then
		ok "the restored namespace tracks the NATed connection with the same tuples"
	else
		fail "the restored namespace tracks the NATed connection with the same tuples"
		diff $out/ct.before $out/ct.after | sed 's/^/# /'
	fi
	check "and the DNAT rule came with it" sh -c "ip netns exec vzn4 iptables -t nat -S OUTPUT | grep -q 'DNAT --to-destination 10.24.2.1'"
	kill -9 "$init"; gone "$init"
	ip netns del vzn4
else
	fail "iptables in the CT's namespace: $(cat $out/err)"
fi

# --- held packets: what reaches a suspended CT is delivered once it runs; a dumped CT's kill says
# nothing to its peers. The CT: a UDP receiver, and a server that filled the connection of a host
# client that reads nothing yet (its socket has no unread data and a full send queue: closed in
# front of its peer it would stay, an orphan, to send its data and a FIN once the client reads).
mknet vzn3 3 || fail "third veth"
init=$(nsenter --net=/run/netns/vzn3 $P/ctdrive run $cg sh -c \
	"$P/tcpsrv flood 7401 > $out/flood 2>&1 & $P/tcpsrv udp 7402 > $out/udp 2>&1 & exec $P/counter 1 50 > $out/c3 2>/dev/null")
wait_past $out/c3 2
exec 7<> /dev/tcp/10.24.3.2/7401 || fail "connect to the CT's server"
for i in $(seq 50); do grep -q full $out/flood 2>/dev/null && break; sleep 0.2; done
check "the CT's server filled the client's connection: $(cat $out/flood)" grep -q full $out/flood
said_udp() { for i in $(seq 40); do grep -qx "$1" $out/udp 2>/dev/null && return 0; sleep 0.25; done; return 1; }
echo before > /dev/udp/10.24.3.2/7402
check "a datagram reaches the CT" said_udp before
$P/ctdrive suspend 24 "$init" $cg || fail "suspend with the datagram"
echo held > /dev/udp/10.24.3.2/7402
sleep 1
expect_eq "a datagram sent to the suspended CT is not received meanwhile" 0 "$(grep -c held $out/udp)"
check "resume" $P/ctdrive resume 24
check "and is received once the CT runs: the CT's packets were held, not dropped" said_udp held
check "dump and kill the CT" $P/ctdrive dump 24 "$init" $cg $out/d3.img
check "the CT is gone" gone "$init"
timeout 10 cat <&7 > $out/got
rc=$?
exec 7<&-
expect_eq "the client reads what reached it before the dump, then neither an end nor a reset: the kill said nothing ($(wc -c < $out/got) bytes)" \
	"124 yes" "$rc $(test -s $out/got && echo yes)"

ip netns del vzn1; ip netns del vzn2; ip netns del vzn3
rmdir $cg 2>/dev/null
done_testing
