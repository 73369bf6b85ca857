#!/bin/bash
# vm-boot: 6-ct-state
# vm-opts: --timeout 3600
# TCP across vzctl chkpnt + vzctl restore, seen by a peer on the host: a client streams a
# pattern both ways without pause to a server in the CT (listening on [::]:7400, IPv4 and
# IPv6); the CT is checkpointed and restored under it. The client sees no reset and no byte
# lost, doubled or out of order, and the stream moves on after the restore; the server in
# the CT read every byte the client sent. A watch on connection attempts to the CT checks that
# the restore never lets its namespace answer with a reset before its sockets are back. IPv6
# between host and CT is not exercised: vzctl gives a CT IPv4 addresses only (tcpconn00
# carries IPv6 connections inside the CT). Two connections the host's clients half-closed
# (CLOSE_WAIT in the CT, the request and FIN read or not) are answered after a restore, and
# two waiting in a listener's queue are accepted after it, and two whose handshakes a
# TCP_DEFER_ACCEPT listener holds (SYN_RECV) are accepted once their clients speak after it, as
# are two a plain listener holds because the host drops their clients' ACKs; one
# the CT's end shut down for
# writing (FIN_WAIT2) reads what its host client sends after the restore; an answer its server
# wrote and closed (an orphan in FIN_WAIT1) reaches its client whole after the restore.
# Then what no image carries is refused by name, the CT left running: a raw socket taking
# router alerts, a connection with urgent data
# not read, a connection in CLOSE_WAIT whose peer in the CT was closed (an orphan), one reset while
# held whose addresses and ports a newer connection took, a packet socket with a ring or in a fanout group, a SO_REUSEPORT group steered
# by a BPF program. Last, a send queue restored under TCP memory pressure, and an answer
# its server wrote and closed (an orphan).
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t43
ct=143
ip=10.43.0.2
priv=/vz/private/$ct
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct --ipadd $ip > $out/create 2>&1 ||
	{ fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $priv/opt
cp $P/tcpsrv.static $priv/opt/tcpsrv
run "start" 0 vzctl start $ct
vzctl exec $ct 'setsid /opt/tcpsrv 7400 /opt/srv > /opt/srv.log 2>&1 < /dev/null &'
for i in $(seq 50); do grep -q listening $priv/opt/srv.log 2>/dev/null && break; sleep 0.2; done
check "the server in the CT listens" grep -q listening $priv/opt/srv.log
# A second listener, for the watch on connection attempts during the restore (below).
vzctl exec $ct 'setsid /opt/tcpsrv 7402 /opt/probe > /opt/probe.log 2>&1 < /dev/null &'
for i in $(seq 50); do grep -q listening $priv/opt/probe.log 2>/dev/null && break; sleep 0.2; done
check "the probe listener in the CT listens" grep -q listening $priv/opt/probe.log

# progress: "SENT RECEIVED" as the client last wrote it.
sent() { awk '{print $1}' $out/prog; }
recvd() { awk '{print $2}' $out/prog; }
# The host's end of the route to the CT has no address: the host needs one of its own to come from.
ip addr add 10.43.0.1/32 dev lo || fail "add 10.43.0.1 to lo"
$P/tcpstream $ip 7400 $out/prog > $out/client 2>&1 &
client=$!
for i in $(seq 50); do [ "$(recvd 2>/dev/null)" -gt 1000000 ] 2>/dev/null && break; sleep 0.2; done
check "the stream flows before the checkpoint ($(cat $out/prog 2>/dev/null))" \
	test "$(recvd)" -gt 1000000 -a "$(sent)" -gt 1000000

# watch PORT: connwatch on the CT's PORT in the background, counting into $out/watch.PORT.
watch() { $P/connwatch $ip $1 $out/watch.$1 & watcher=$!; }
# count WHAT PORT: that count of the watch on PORT.
count() { sed -n "s/.*$1 \([0-9]*\).*/\1/p" $out/watch.$2; }
watch 7403
sleep 1
kill $watcher; wait $watcher
check "the watch sees the running CT refuse a port nothing listens on ($(cat $out/watch.7403))" \
	test "$(count refused 7403)" -gt 0

run "chkpnt under the stream" 0 vzctl chkpnt $ct
check "the client is still connected while the CT is away" kill -0 $client
vzctl dumpinfo /vz/dump/Dump.$ct > $out/info 2>&1
check "the image holds the listener" grep -q 'inet:.*proto=tcp6 state=listen local=\[::\]:7400' $out/info
# has_conn: the image holds the connection; if not, says which sockets it holds.
has_conn() {
	grep -q "inet:.*proto=tcp6 state=established" $out/info ||
		{ echo "# $(grep 'inet:' $out/info | tr '\n' '|')"; return 1; }
}
check "and the connection" has_conn
# While the CT is restored, its new network namespace must not answer before its sockets are
# back: a connection attempt to its listener then waits (or finds no route), never a reset.
watch 7402
run "restore under the stream" 0 vzctl restore $ct
s1=$(sent) r1=$(recvd) t0=$(date +%s.%N)
for i in $(seq 100); do [ "$(count connected 7402)" -gt 0 ] && break; sleep 0.1; done
kill $watcher; wait $watcher
check "no connection attempt to the CT's listener was refused during the restore ($(cat $out/watch.7402))" \
	test "$(count refused 7402)" -eq 0 -a "$(count connected 7402)" -gt 0
# moved: both directions went on since the restore returned (the client rewrites its progress
# every 100 ms). The wait is generous; the seconds it took are a figure, not an assertion.
moved() { [ "$(sent)" -gt "$s1" ] && [ "$(recvd)" -gt "$r1" ]; }
for i in $(seq 600); do moved && break; sleep 0.1; done
took=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}')
check "the stream moves on after the restore, in ${took} s (sent $s1 -> $(sent), received $r1 -> $(recvd))" moved
dmesg | grep "CT $ct: network up" | tail -n 1 | sed 's/^/# /'
kill -USR1 $client
wait $client
rc=$?
echo "# the client's longest wait for the server's bytes, the whole checkpoint and restore: $(awk '{print $7}' $out/client) s"
expect_eq "the client saw no reset and every byte in order: $(cat $out/client)" "0 PASS" \
	"$rc $(cut -c1-4 $out/client)"
for i in $(seq 50); do ls $priv/opt/srv.[0-9]* > /dev/null 2>&1 && break; sleep 0.2; done
read -r verdict got put < <(cat $priv/opt/srv.[0-9]* 2>/dev/null)
expect_eq "the server read every byte the client sent, and sent every byte it read" \
	"ok $(awk '{print $3, $5}' $out/client)" "$verdict $got $put"

# Half-closed by the host's clients: each sends a request and shuts its side down (the CT's
# ends in CLOSE_WAIT), A's request and FIN unread in the CT, B's read to the EOF. After the
# restore the server reads A's, finds both at EOF, answers each and closes; each client reads
# its answer and the EOF.
vzctl exec $ct 'setsid /opt/tcpsrv halfserve 7410 /opt/half.go > /opt/half.log 2>&1 < /dev/null &'
for i in $(seq 50); do grep -q listening $priv/opt/half.log 2>/dev/null && break; sleep 0.2; done
$P/tcpsrv halfclient $ip 7410 unread-request > $out/halfA 2>&1 & ha=$!
for i in $(seq 50); do grep -q sent $out/halfA 2>/dev/null && break; sleep 0.2; done
$P/tcpsrv halfclient $ip 7410 read-request > $out/halfB 2>&1 & hb=$!
for i in $(seq 100); do grep -q 'ready\|FAIL' $priv/opt/half.log 2>/dev/null && break; sleep 0.2; done
check "the CT's ends of both half-closed connections are in CLOSE_WAIT ($(tr '\n' '|' < $priv/opt/half.log))" \
	grep -q ready $priv/opt/half.log
run "chkpnt under the half-closed connections" 0 vzctl chkpnt $ct --dumpfile $out/half.img
vzctl dumpinfo $out/half.img > $out/half.info 2>&1
check "the image holds A with its request and FIN unread" \
	grep -q 'inet:.*state=established.* to_read=14 peer_fin=unread' $out/half.info
check "and B with its FIN read" grep -q 'inet:.*state=established.* to_read=0 peer_fin=read' $out/half.info
run "restore under the half-closed connections" 0 vzctl restore $ct --dumpfile $out/half.img
touch $priv/opt/half.go
wait $ha; ra=$?
wait $hb; rb=$?
expect_eq "client A gets its answer and the EOF" "0 reply re:unread-request" "$ra $(tail -n 1 $out/halfA)"
expect_eq "client B gets its answer and the EOF" "0 reply re:read-request" "$rb $(tail -n 1 $out/halfB)"
for i in $(seq 50); do grep -q '^ok\|FAIL' $priv/opt/half.log && break; sleep 0.2; done
expect_eq "the server read A's request after the restore, and both EOFs" \
	"ok unread-request read-request" "$(tail -n 1 $priv/opt/half.log)"

# Waiting in the listener's queue: two host clients connect to a CT server that accepts nothing
# yet; A sends a line and waits, B sends its request and shuts its side down (CLOSE_WAIT in the
# queue). The image holds both as connections not accepted; after the restore the server
# accepts them in the order they came, reads each request and answers; each client reads its
# answer and the EOF.
vzctl exec $ct 'setsid /opt/tcpsrv lateserve 7411 /opt/late.go 2 > /opt/late.log 2>&1 < /dev/null &'
for i in $(seq 50); do grep -q listening $priv/opt/late.log 2>/dev/null && break; sleep 0.2; done
$P/tcpsrv halfclient $ip 7411 queued-open open > $out/lateA 2>&1 & la=$!
for i in $(seq 50); do grep -q sent $out/lateA 2>/dev/null && break; sleep 0.2; done
$P/tcpsrv halfclient $ip 7411 queued-shut > $out/lateB 2>&1 & lb=$!
for i in $(seq 100); do grep -q 'ready\|FAIL' $priv/opt/late.log 2>/dev/null && break; sleep 0.2; done
check "the CT's listener holds both connections in its queue ($(tr '\n' '|' < $priv/opt/late.log))" \
	grep -q ready $priv/opt/late.log
run "chkpnt under the connections not accepted" 0 vzctl chkpnt $ct --dumpfile $out/late.img
vzctl dumpinfo $out/late.img > $out/late.info 2>&1
check "the image holds both as connections not accepted on the listener's port" \
	sh -c "grep -c 'inet:.*state=not_accepted local=[0-9.]*:7411 peer=' $out/late.info | grep -qx 2"
run "restore under the connections not accepted" 0 vzctl restore $ct --dumpfile $out/late.img
touch $priv/opt/late.go
wait $la; ra=$?
wait $lb; rb=$?
expect_eq "client A gets its answer and the EOF" "0 reply re:queued-open" "$ra $(tail -n 1 $out/lateA)"
expect_eq "client B gets its answer and the EOF" "0 reply re:queued-shut" "$rb $(tail -n 1 $out/lateB)"
for i in $(seq 50); do grep -q '^ok\|FAIL' $priv/opt/late.log && break; sleep 0.2; done
expect_eq "the server accepted both after the restore, in the order they came" \
	"ok queued-open queued-shut" "$(tail -n 1 $priv/opt/late.log)"

# In their handshake: two host clients connect to a CT listener that keeps them as requests
# (SYN_RECV), not in its queue: under TCP_DEFER_ACCEPT, their ACKs came and they send nothing
# ("defer"); or a plain listener whose clients' ACKs never came, the host dropping every segment
# but their SYN, so that it resends its SYN-ACK ("syn"). The image holds both as connections
# being opened, acknowledged or not; after the restore (and the host letting the ACKs through)
# the clients send their lines, and the listener accepts each with its line and answers.
# handshakes TAG PORT MODE: one such pair, "lateserve PORT GO 2 MODE" in the CT.
handshakes() {
	local tag=$1 port=$2 mode=$3 a b ra rb i
	vzctl exec $ct "setsid /opt/tcpsrv lateserve $port /opt/$tag.go 2 $mode > /opt/$tag.log 2>&1 < /dev/null &"
	for i in $(seq 50); do grep -q ready $priv/opt/$tag.log 2>/dev/null && break; sleep 0.2; done
	if [ "$mode" = syn ]; then
		nft add table inet t43 && nft add chain inet t43 out '{ type filter hook output priority 0; }' &&
			nft add rule inet t43 out ip daddr $ip tcp dport "$port" tcp flags '!' syn drop ||
			fail "$tag: nft: drop the clients' ACKs to port $port"
	fi
	rm -f $out/$tag.go
	$P/tcpsrv deferclient $ip "$port" $out/$tag.go $tag-1 > $out/${tag}1 2>&1 & a=$!
	$P/tcpsrv deferclient $ip "$port" $out/$tag.go $tag-2 > $out/${tag}2 2>&1 & b=$!
	for i in $(seq 50); do grep -q connected $out/${tag}1 2>/dev/null && grep -q connected $out/${tag}2 2>/dev/null && break; sleep 0.2; done
	check "$tag: both clients connected, none queued on the listener ($(tr '\n' '|' < $priv/opt/$tag.log))" \
		sh -c "grep -q connected $out/${tag}1 && grep -q connected $out/${tag}2 && ! grep -q FAIL $priv/opt/$tag.log"
	run "$tag: chkpnt under the connections in their handshake" 0 vzctl chkpnt $ct --dumpfile $out/$tag.img
	vzctl dumpinfo $out/$tag.img > $out/$tag.info 2>&1
	if [ "$mode" = syn ]; then
		check "$tag: the image holds both as connections being opened, not acknowledged" \
			sh -c "grep 'tcp_req:.* local=$ip peer=' $out/$tag.info | grep -vc acked | grep -qx 2"
	else
		check "$tag: the image holds both as connections being opened, their ACKs come" \
			sh -c "grep -c 'tcp_req:.* local=$ip peer=[0-9.]*:[0-9]* .*acked' $out/$tag.info | grep -qx 2"
	fi
	run "$tag: restore under the connections in their handshake" 0 vzctl restore $ct --dumpfile $out/$tag.img
	if [ "$mode" = syn ]; then nft delete table inet t43 || fail "$tag: nft: let the ACKs through"; fi
	touch $priv/opt/$tag.go
	sleep 1
	touch $out/$tag.go
	wait $a; ra=$?
	wait $b; rb=$?
	expect_eq "$tag: client 1 gets its answer and the EOF" "0 reply re:$tag-1" "$ra $(tail -n 1 $out/${tag}1)"
	expect_eq "$tag: client 2 gets its answer and the EOF" "0 reply re:$tag-2" "$rb $(tail -n 1 $out/${tag}2)"
	for i in $(seq 50); do grep -q '^ok\|FAIL' $priv/opt/$tag.log && break; sleep 0.2; done
	check "$tag: the listener accepted both after the restore ($(tail -n 1 $priv/opt/$tag.log))" \
		sh -c "tail -n 1 $priv/opt/$tag.log | grep -Eqx 'ok ($tag-1 $tag-2|$tag-2 $tag-1)'"
}
handshakes defer 7413 defer
handshakes noack 7414 syn

# Shut down for writing in the CT: the server sends "hello" and its FIN, which the host's client
# reads to the EOF and acknowledges (FIN_WAIT2 in the CT). The image holds the connection with
# its FIN sent; after the restore the client sends a line and closes, and the server reads it.
vzctl exec $ct 'setsid /opt/tcpsrv shutserve 7412 > /opt/shut.log 2>&1 < /dev/null &'
for i in $(seq 50); do grep -q listening $priv/opt/shut.log 2>/dev/null && break; sleep 0.2; done
rm -f $out/shut.go
$P/tcpsrv shutclient $ip 7412 $out/shut.go after-restore > $out/shutc 2>&1 & sc=$!
for i in $(seq 100); do grep -q 'ready\|FAIL' $priv/opt/shut.log 2>/dev/null && break; sleep 0.2; done
check "the CT's end is in FIN_WAIT2 ($(tr '\n' '|' < $priv/opt/shut.log))" grep -q ready $priv/opt/shut.log
run "chkpnt with a connection shut down for writing" 0 vzctl chkpnt $ct --dumpfile $out/shut.img
vzctl dumpinfo $out/shut.img > $out/shut.info 2>&1
check "the image holds it with its FIN sent and acknowledged" \
	grep -q 'inet:.*state=established local=[0-9.]*:7412 .* fin=acked' $out/shut.info
run "restore with a connection shut down for writing" 0 vzctl restore $ct --dumpfile $out/shut.img
touch $out/shut.go
wait $sc; rc=$?
expect_eq "the host's client read hello and the EOF, then sent its line" "0 eof hello sent" \
	"$rc $(head -n 1 $out/shutc) $(tail -n 1 $out/shutc)"
for i in $(seq 50); do grep -q '^ok\|FAIL' $priv/opt/shut.log && break; sleep 0.2; done
expect_eq "the CT's end read the line sent after the restore, and the EOF" "ok after-restore" \
	"$(tail -n 1 $priv/opt/shut.log)"

# refused NAME MODE WHY: a holder of MODE's socket makes chkpnt fail naming it, the CT running.
refused() {
	local name=$1 mode=$2 why=$3
	vzctl exec $ct "setsid /opt/tcpsrv hold $mode > /opt/hold.$mode 2>&1 < /dev/null & echo \$! > /opt/hold.$mode.pid"
	for i in $(seq 50); do grep -q ready $priv/opt/hold.$mode 2>/dev/null && break; sleep 0.2; done
	run "$name: chkpnt is refused" 16 vzctl chkpnt $ct
	check "$name: the message names the task, the fd and why" \
		said "Error: checkpoint of CT $ct failed: task [0-9]* (tcpsrv), fd [0-9]*: .*$why"
	check "$name: the CT still runs" sh -c "vzctl status $ct | grep -q running"
	vzctl exec $ct "kill \$(cat /opt/hold.$mode.pid)" > /dev/null 2>&1
	for i in $(seq 25); do vzctl exec $ct "kill -0 \$(cat /opt/hold.$mode.pid)" > /dev/null 2>&1 || break; sleep 0.2; done
}
refused "a raw socket taking router alerts" raw \
	"a raw IPv4 socket with router alerts (IP_ROUTER_ALERT or IPV6_ROUTER_ALERT) cannot be carried"
refused "urgent data" urgent "urgent data (MSG_OOB)"
refused "a connection in CLOSE_WAIT whose client in the CT closed" closewait \
	"a TCP connection with a peer of the CT's own that was closed (an orphan in FIN_WAIT2) cannot be carried"
refused "a connection that has ended whose ports a newer one took" retaken \
	"a TCP connection with its addresses and ports in use by a newer connection since it ended cannot be carried"
refused "a failed connect() whose ports a newer connection took" failtaken \
	"a TCP/IPv4 socket with a failed connect() whose ports a newer connection took cannot be carried yet"
refused "a packet socket with a ring" ring \
	"a packet socket of protocol 0x0003 has a ring (PACKET_RX_RING or PACKET_TX_RING): cannot be carried yet"
refused "a SO_REUSEPORT group steered by BPF" reuseport \
	"a socket (IPv4) in a SO_REUSEPORT group with a BPF program (SO_ATTACH_REUSEPORT_CBPF or _EBPF) cannot be dumped yet"
refused "a packet socket in a fanout group" fanout \
	"a packet socket of protocol 0x0003 is in a fanout group (PACKET_FANOUT): cannot be carried yet"

# A send queue restored under TCP memory pressure: the CT's server fills the connection of a host
# client that reads nothing yet; the CT is checkpointed, then restored with net.ipv4.tcp_mem's
# hard limit (global, in pages) below what the queue takes, where the kernel grants a send queue
# more memory only one skb at a time. The client then reads every byte, in order.
# SO_SNDBUF set (capped by net.core.wmem_max, then doubled: about 416 KiB): the kernel does not
# shrink a buffer the task set, so only the restore's own way past the pressure lets the queue,
# several skbs above the hard limit of 64 pages (256 KiB), back in.
vzctl exec $ct 'setsid /opt/tcpsrv flood 7401 1048576 > /opt/flood 2>&1 < /dev/null &'
sleep 1
rm -f $out/go
$P/tcpsrv sink $ip 7401 $out/go > $out/sink 2>&1 &
sinkpid=$!
for i in $(seq 100); do grep -q full $priv/opt/flood 2>/dev/null && break; sleep 0.2; done
check "the CT's server filled the host client's connection: $(cat $priv/opt/flood)" grep -q full $priv/opt/flood
# The host client's receive buffer takes a part (up to 128 KiB); the rest waits in the CT.
check "more than 384 KiB was written to it" test "$(awk '{print $2}' $priv/opt/flood)" -gt 393216
run "chkpnt with the full send queue" 0 vzctl chkpnt $ct
# The host client's window is shut: most of the queue was never sent, and the image says how much.
vzctl dumpinfo /vz/dump/Dump.$ct > $out/flood.info 2>&1
unsent=$(sed -n 's/.*state=established local=[0-9.]*:7401 .* unsent=\([0-9]*\).*/\1/p' $out/flood.info)
check "the image holds bytes of the flood not sent yet (${unsent:-none})" test "${unsent:-0}" -gt 0
read -r mem < /proc/sys/net/ipv4/tcp_mem
echo "16 32 64" > /proc/sys/net/ipv4/tcp_mem
run "restore with tcp_mem at 16 32 64 pages" 0 vzctl restore $ct
echo "$mem" > /proc/sys/net/ipv4/tcp_mem
# Restored as not sent yet, they go out as new data once the window opens, not after the
# backed-off retransmission timeouts of bytes counted as sent.
notsent=$(nsenter -t "$(cat /var/run/vz/$ct.pid)" -n ss -tni 'sport = :7401' |
	sed -n 's/.*notsent:\([0-9]*\).*/\1/p')
check "the restored connection holds them as not sent yet (${notsent:-none} of ${unsent:-0})" \
	test "${notsent:-0}" -gt 0 -a "${notsent:-0}" -le "${unsent:-0}"
touch $out/go
wait $sinkpid
expect_eq "the host client read every byte the server queued, in order" \
	"ok $(awk '{print $2}' $priv/opt/flood)" "$(cat $out/sink | tail -n 1)"

# An answer the CT's server wrote and closed while its client read nothing yet: the kernel holds
# what the client's window did not take and the FIN (an orphan in FIN_WAIT1: no file, no task).
# The image carries it; after the restore the client reads the whole answer, then the EOF.
vzctl exec $ct 'setsid /opt/tcpsrv flood 7403 262144 close > /opt/orphan 2>&1 < /dev/null &'
sleep 1
rm -f $out/go3
$P/tcpsrv sink $ip 7403 $out/go3 eof > $out/osink 2>&1 &
osinkpid=$!
for i in $(seq 100); do grep -q closed $priv/opt/orphan 2>/dev/null && break; sleep 0.2; done
check "the CT's server wrote its answer and closed: $(tr '\n' ' ' < $priv/opt/orphan)" grep -q closed $priv/opt/orphan
check "the kernel still holds it (FIN_WAIT1)" sh -c "nsenter -t \$(cat /var/run/vz/$ct.pid) -n ss -tn state fin-wait-1 'sport = :7403' | grep -q ':7403'"
run "chkpnt with the closed connection" 0 vzctl chkpnt $ct --dumpfile $out/orphan.img
vzctl dumpinfo $out/orphan.img > $out/orphan.info 2>&1
check "the image holds it, its FIN after its bytes" \
	grep -q 'inet:.*state=orphan local=[0-9.]*:7403 .* fin=queued' $out/orphan.info
run "restore with the closed connection" 0 vzctl restore $ct --dumpfile $out/orphan.img
touch $out/go3
wait $osinkpid
expect_eq "the host client read the whole answer, in order, then the EOF" \
	"ok $(awk '/^full/ {print $2}' $priv/opt/orphan) eof" "$(tail -n 1 $out/osink)"

ip addr del 10.43.0.1/32 dev lo
run "stop" 0 vzctl stop $ct
vzctl destroy $ct > /dev/null 2>&1
done_testing
