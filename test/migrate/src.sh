#!/bin/bash
# The source of test/harness/migrate.sh (10.77.0.1): CTs migrated with vzmigrate to the destination
# (10.77.0.2), whose state this script checks over ssh, and migrations made to fail.
#   104: the destination lacks vzrst; already has the CTID; the ssh carrying the memory dies
#        mid-stream (in the pre-copy passes): each time 104 runs on here untouched and nothing of
#        it is left there. (--noiter's way, no passes, is test/harness/vzmigrate.sh's: a 64 MiB
#        migration of it here took 90 s, past the group's time.)
#   101: online, -r yes, pre-copied: --times shows two passes or more; a counter over 16 MiB, a
#        clock checker and mem00 (a catalog program) keep their pids and carry on there,
#        their memory intact; a TCP stream from this guest to a server in it carries on
#        there, every byte in order both ways; the CT is gone from here.
#   102: offline while it runs, -r no: it runs there, here its private area stays and its config
#        becomes 102.conf.migrated.
#   103: offline while stopped: there stopped, here gone.
# At the end "done" goes to the destination over ssh (test/migrate/dst.sh then checks its side).
. test/lib.sh
P=$VZREPO/test/progs
D=10.77.0.2
out=/tmp/mig
mkdir -p $out
. test/migrate/ssh.sh
mig_ssh_opts || { fail "the root key"; done_testing; }
# Whatever happens here, the destination stops waiting.
trap 'dsh "touch /tmp/mig-done" > /dev/null 2>&1' EXIT
say() { echo "# $(cut -d' ' -f1 /proc/uptime)s: $*"; }

modprobe vzcpt && modprobe vzrst || { fail "the modules load"; done_testing; }
ip addr add 10.1.1.1/32 dev lo

for _ in $(seq 240); do dsh true 2> /dev/null && break; sleep 1; done
check "the destination's sshd answers over the virtual network" dsh true
# running CTID: 0 if it runs here, not staged.
running() { vzctl status "$1" 2> /dev/null | grep -q ' running$' && [ ! -e /var/run/vz/$1.staged ]; }
drunning() { dsh "vzctl status $1 2> /dev/null | grep -q ' running\$' && [ ! -e /var/run/vz/$1.staged ]"; }
# nothing_there CTID: the destination has neither its config nor its private area.
nothing_there() { dsh "[ ! -e /etc/vz/conf/$1.conf ] && [ ! -e /vz/private/$1 ]"; }
# counter_ok FILE: every line "N ok" with N its line number: no value lost or repeated.
counter_ok() { awk '$1 != NR || $2 != "ok" { bad = 1 } END { exit bad || NR == 0 }' "$1"; }
last() { tail -n 1 "$1" | awk '{ print $1 }'; }
mig() { vzmigrate --ssh="$SSH" "$@"; }

# mkct CTID MIB [PERIOD_MS]: a busybox CT running a counter of MIB MiB (its output in /root/c).
mkct() {
	vzctl create "$1" --hostname "ct$1" --ipadd "10.1.1.$1" > $out/create.$1 2>&1 ||
		{ fail "create $1: $(cat $out/create.$1)"; return 1; }
	cp $P/counter.static /vz/private/$1/bin/counter
	echo "made on the source" > /vz/private/$1/root/marker
	vzctl start "$1" > $out/start.$1 2>&1 || { fail "start $1: $(cat $out/start.$1)"; return 1; }
	vzctl exec "$1" "counter $2 ${3:-100} > /root/c 2>&1 < /dev/null & echo \$! > /root/counter.pid"
}

# ---- 104: failures
say "104: failures"
# 64 MiB, for a stream long enough to be cut; checked once a second, for a slow guest.
mkct 104 64 1000
sleep 3
dsh "rmmod vzrst"
mig --online $D 104 > $out/m1 2>&1
expect_eq "no vzrst there: exit 14 (MIG_ERR_OVZ_NOT_RUNNING)" 14 "$?"
expect_eq "with OpenVZ's message" "Cannot migrate container online: module rst is not loaded" "$(head -n 1 $out/m1)"
check "104 still runs here" running 104
check "nothing of 104 there" nothing_there 104
dsh "modprobe vzrst"

dsh "echo 'VE_PRIVATE=/vz/private/\$VEID' > /etc/vz/conf/104.conf"
mig --online $D 104 > $out/m2 2>&1
st=$?
expect_eq "104 already exists there: exit 9 (MIG_ERR_EXISTS): $(cat $out/m2)" 9 "$st"
check "104 still runs here" running 104
check "and its config there is left alone, no private area made" \
	dsh "grep -q VE_PRIVATE /etc/vz/conf/104.conf && [ ! -e /vz/private/104 ]"
dsh "rm -f /etc/vz/conf/104.conf"

# The image stream dies: the ssh that carries it is killed once the restore there reads it.
n0=$(last /vz/private/104/root/c)
mig --online -v $D 104 > $out/m3 2>&1 &
mpid=$!
sp=""
for _ in $(seq 600); do
	sp=$(pgrep -f "vzctl restore 104 --undump" | head -n 1)
	[ -n "$sp" ] && break
	kill -0 $mpid 2> /dev/null || break
	sleep 0.2
done
for _ in $(seq 50); do dsh "pgrep -f '^vzctl restore 104'" > /dev/null && break; sleep 0.2; done
sleep 0.3
check "the ssh carrying the image was found and killed mid-stream" kill -KILL "$sp"
wait $mpid
st=$?
sed 's/^/# m3: /' $out/m3
check "vzmigrate fails with the dump's or the restore's code (8 or 7), not $st" test "$st" = 7 -o "$st" = 8
check "its error names the CT: $(grep Error $out/m3 | head -n 1)" grep -q "^Error: CT 104: " $out/m3
check "104 runs here again" running 104
sleep 2
n1=$(last /vz/private/104/root/c)
check "and its counter goes on ($n0 before, $n1 now)" test "$n1" -gt "$n0"
check "with no value lost or repeated" counter_ok /vz/private/104/root/c
check "nothing of 104 is left there" nothing_there 104
check "not even a running or undumped 104" dsh "! vzctl status 104 2> /dev/null | grep -q ' running' && [ ! -e /var/run/vz/104.staged ]"
check "no pre-copy record is left here" test ! -e /var/run/vz/104.precopy
vzctl stop 104 > /dev/null 2>&1

# ---- 101: online, -r yes
say "101: online, pre-copied"
# 16 MiB: a first pass over the 1000 pages under which vzctl makes no second one.
mkct 101 16 500
t=/vz/private/101
cp $P/clockcheck.static $t/bin/clockcheck
cp $P/mem00.static $t/bin/mem00
mkdir -p $t/zt
cat > $t/zt/start.sh <<'EOF'
#!/bin/sh
clockcheck 100 > /root/clock 2>&1 < /dev/null &
echo $! > /root/clockcheck.pid
cd /zt && setsid /bin/mem00 /zt >> /zt/out 2>&1 < /dev/null &
echo $! > /root/mem00.pid
EOF
chmod +x $t/zt/start.sh
vzctl exec 101 'setsid /zt/start.sh < /dev/null > /dev/null 2>&1 &'
for _ in $(seq 120); do grep -q '^ready' $t/zt/out 2> /dev/null && break; sleep 0.5; done
check "mem00 is ready" grep -q '^ready' $t/zt/out
# A TCP stream between this guest and a server in 101, both ways without pause, across the
# migration: no byte lost, duplicated or reordered, no reset. It comes from this guest's own
# address (10.1.1.1, the usual source, is the destination's too), and once 101 is gone from
# here the route to its address goes through the destination, as a network learns it from the
# CT's announcement there.
cp $P/tcpsrv.static $t/bin/tcpsrv
vzctl exec 101 'setsid tcpsrv 7400 /root/srv > /root/srv.log 2>&1 < /dev/null &'
for _ in $(seq 50); do grep -q listening $t/root/srv.log 2> /dev/null && break; sleep 0.2; done
check "the stream's server in 101 listens" grep -q listening $t/root/srv.log
ip route replace 10.1.1.101/32 dev veth101 scope link src 10.77.0.1
sent() { awk '{ print $1 }' $out/prog; }
recvd() { awk '{ print $2 }' $out/prog; }
$P/tcpstream 10.1.1.101 7400 $out/prog > $out/client 2>&1 &
client=$!
for _ in $(seq 100); do [ "$(recvd 2> /dev/null)" -gt 100000 ] 2> /dev/null && break; sleep 0.2; done
check "the stream flows before the migration ($(cat $out/prog 2> /dev/null))" \
	test "$(recvd)" -gt 100000 -a "$(sent)" -gt 100000
sleep 2
declare -A pid
for p in counter clockcheck mem00; do pid[$p]=$(cat $t/root/$p.pid); done
n0=$(last $t/root/c)
mig --online --times -v $D 101 > $out/m4 2>&1
st=$?
ip route add 10.1.1.101/32 via $D
s1=$(sent) r1=$(recvd) t1=$(date +%s.%N)
sed 's/^/# m4: /' $out/m4
expect_eq "vzmigrate --online 101 exits 0" 0 "$st"
# moved: both directions went on since vzmigrate returned (the client rewrites its progress
# every 100 ms). The wait is generous; the seconds it took are a figure, not an assertion.
moved() { [ "$(sent)" -gt "$s1" ] && [ "$(recvd)" -gt "$r1" ]; }
for _ in $(seq 600); do moved && break; sleep 0.1; done
took=$(echo "$(date +%s.%N) $t1" | awk '{ printf "%.1f", $1 - $2 }')
check "the TCP stream moves on with 101 there, ${took} s after vzmigrate returned (sent $s1 -> $(sent), received $r1 -> $(recvd))" moved
kill -USR1 $client
wait $client
rc=$?
echo "# the stream's longest wait for the server's bytes, the whole migration: $(awk '{ print $7 }' $out/client) s"
expect_eq "the client saw no reset and every byte in order: $(cat $out/client)" "0 PASS" \
	"$rc $(cut -c1-4 $out/client)"
for _ in $(seq 50); do dsh "ls /vz/private/101/root/srv.[0-9]*" > /dev/null 2>&1 && break; sleep 0.2; done
read -r verdict got put < <(dsh "cat /vz/private/101/root/srv.[0-9]*" 2> /dev/null)
expect_eq "the server there read every byte the client sent, and sent every byte it read" \
	"ok $(awk '{ print $3, $5 }' $out/client)" "$verdict $got $put"
check "--times says the frozen time: $(grep Frozen $out/m4)" grep -q "^Frozen time: [0-9.]* s" $out/m4
np=$(grep -c '^Pre-copy pass [0-9]*: [0-9]* pages, [0-9]* bytes' $out/m4)
check "it pre-copied in two passes or more ($np)" test "$np" -ge 2
p1=$(sed -n 's/^Pre-copy pass 1: \([0-9]*\) pages.*/\1/p' $out/m4)
check "the first pass carried the counter's 16 MiB ($p1 pages)" test "${p1:-0}" -gt 4096
check "-v said the final sync came between the passes and the dump" \
	sh -c "grep -n 'Pre-copying\|final pass\|^Dumping' $out/m4 | cut -d: -f2- | tr '\n' '|' | grep -q '^Pre-copying.*|Syncing.*final pass.*|Dumping'"
check "no pre-copy record is left here" test ! -e /var/run/vz/101.precopy
check "101 is gone from here: vzlist -a" sh -c "! vzlist -a -H -o ctid | grep -qw 101"
check "its private area is removed (-r yes)" test ! -e $t
check "and its config" test ! -e /etc/vz/conf/101.conf
check "101 runs there" drunning 101
check "with its config there" dsh "test -f /etc/vz/conf/101.conf"
check "and its files" dsh "test \"\$(cat /vz/private/101/root/marker)\" = 'made on the source'"
for p in counter clockcheck mem00; do
	expect_eq "$p keeps its pid ${pid[$p]} there" "${pid[$p]}" "$(dsh "vzctl exec 101 pidof $p" 2>&1)"
done
sleep 2
dsh "cat /vz/private/101/root/c" > $out/c101
n1=$(last $out/c101)
check "the counter carries on there ($n0 here before, $n1 there now)" test "${n1:-0}" -gt "$n0"
check "with no value lost or repeated" counter_ok $out/c101
check "the clock checker never saw its clocks go back" \
	dsh "test -s /vz/private/101/root/clock && ! grep -v ' ok\$' /vz/private/101/root/clock"
check "the CT answers on its address there (from the destination)" dsh "ping -c 1 -W 5 10.1.1.101"
check "and from here, routed through the destination" ping -c 1 -W 5 10.1.1.101
ip route del 10.1.1.101/32 via $D

# ---- 102: offline while running, -r no
say "102: offline, running"
mkct 102 1
sleep 1
mig -r no -t $D 102 > $out/m5 2>&1
st=$?
sed 's/^/# m5: /' $out/m5
expect_eq "vzmigrate 102 (offline) exits 0" 0 "$st"
check "102 runs there" drunning 102
check "with its files" dsh "test \"\$(cat /vz/private/102/root/marker)\" = 'made on the source'"
check "102 is gone from vzlist here" sh -c "! vzlist -a -H -o ctid | grep -qw 102"
check "its private area stays here (-r no)" test -f /vz/private/102/root/marker
check "its config became 102.conf.migrated" test -f /etc/vz/conf/102.conf.migrated -a ! -e /etc/vz/conf/102.conf

# ---- 103: offline while stopped
say "103: offline, stopped"
mkct 103 1
vzctl stop 103 > /dev/null 2>&1
mig --online $D 103 > $out/m6 2>&1
st=$?
sed 's/^/# m6: /' $out/m6
expect_eq "vzmigrate --online of a stopped 103 exits 0 (migrated offline)" 0 "$st"
check "103 is there, stopped" dsh "vzctl status 103 | grep -q 'exist unmounted down'"
check "with its files" dsh "test \"\$(cat /vz/private/103/root/marker)\" = 'made on the source'"
check "103 is gone from here" test ! -e /vz/private/103 -a ! -e /etc/vz/conf/103.conf
done_testing
