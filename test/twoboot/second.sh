#!/bin/bash
# Boot 2 of test/harness/two-boots.sh: vzctl restore of the CTs checkpointed in boot 1 (busybox
# and Debian), from their dump files and private areas on the disk, and the checks.
. test/lib.sh
modprobe vzrst
# The test VM has no network: the host gets an address of its own for its CTs to talk to.
ip addr add 10.1.1.1/32 dev lo
t=/vz/private/101/root
cp /vz/t/101.conf /etc/vz/conf/101.conf
echo "uptime before the restore: $(cut -d' ' -f1 /proc/uptime)"
vzctl restore 101 > /tmp/out 2>&1 || fail "restore: $(cat /tmp/out)"
sleep 3
read -r cn _ < /vz/t/c.at-dump
read -r n m b _ < /vz/t/clock.at-dump
check "the counter carries on past $cn" test "$(tail -n 1 $t/c | awk '{print $1}')" -gt "$cn"
check "the counter's memory and output are intact" awk '$1 != NR || $2 != "ok" { exit 1 }' $t/c
check "the clock program never saw its clocks go back" test -z "$(grep -v ' ok$' $t/clock)"
next=$(awk -v n="$n" '$1 == n + 1' $t/clock)
read -r _ m2 b2 _ <<< "$next"
echo "at the dump: monotonic ${m}ms boottime ${b}ms; first after the restore: ${m2}ms ${b2}ms"
check "monotonic continues from the dumped value (+$((m2 - m)) ms)" test -n "$m2" -a "$((m2 - m))" -ge 0 -a "$((m2 - m))" -lt 5000
check "boot time continues from the dumped value (+$((b2 - b)) ms)" test -n "$b2" -a "$((b2 - b))" -ge 0 -a "$((b2 - b))" -lt 5000
expect_eq "the restored CT has its hostname" moved "$(vzctl exec 101 hostname)"
check "and answers on its address" ping -c 1 -W 3 10.1.1.101
tail -n 3 $t/clock
vzctl stop 101 > /dev/null || fail "stop after the restore"

# The Debian CT of boot 1: restored here, its daemons the same processes, each still serving.
cp /vz/t/153.conf /etc/vz/conf/153.conf
vzctl restore 153 > /tmp/out 2>&1 || fail "restore of the Debian CT: $(tr '\n' '|' < /tmp/out)"
while read -r d pid; do
	expect_eq "$d runs with its pid of boot 1" "$pid" "$(vzctl exec 153 pidof $d < /dev/null)"
done < /vz/t/153.pids
check "the Debian CT answers on its address" ping -c 1 -W 3 10.1.1.153
ssh_greets() {
	local line
	exec 3<> /dev/tcp/10.1.1.153/22 || return 1
	read -r -t 10 line <&3
	exec 3>&-
	echo "# its sshd said: $line"
	[[ $line == SSH-2.0-OpenSSH* ]]
}
check "its sshd greets a client" ssh_greets
vzctl exec 153 logger -t twoboot "after the restore in boot 2"
sleep 2
check "its rsyslogd logs a message" grep -q "twoboot: after the restore in boot 2" /vz/private/153/var/log/syslog
# The lua script runs in redis: one exec for the 100 keys of boot 1, counted there.
lua="local n = 0 for i = 1, 100 do if redis.call(\"GET\", \"k\" .. i) == \"v\" .. i then n = n + 1 end end return n"
expect_eq "its redis holds the 100 keys set in boot 1, in memory only" "(integer) 100" \
	"$(vzctl exec 153 "redis-cli --no-raw eval '$lua' 0")"
expect_eq "its redis started once" 1 "$(grep -c 'Server initialized' /vz/private/153/var/log/redis/redis-server.log)"
expect_eq "its nginx serves a file whole" "$(cat /vz/t/153.sum)" \
	"$(curl -sf http://10.1.1.153/file | sha256sum | cut -d' ' -f1)"
check "its cron is the one in its pidfile" test "$(vzctl exec 153 cat /run/crond.pid)" = "$(vzctl exec 153 pidof cron)"
vzctl stop 153 > /tmp/out 2>&1 || fail "stop of the Debian CT: $(tr '\n' '|' < /tmp/out)"
check "it stopped without being killed" sh -c "! grep -q 'killing it' /tmp/out"
done_testing
