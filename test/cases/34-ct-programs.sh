#!/bin/bash
# vm-boot: 2-containers
# vzctl chkpnt and restore of a busybox CT running the self-checking programs, dynamically linked
# (their libraries copied into the CT): 64 MiB of a pattern re-verified, threads with AVX/SSE and
# general registers, a pipeline with data in flight, processes blocked in pause, nanosleep, poll,
# select, read and wait4, a process holding 2000 open files (above the default fd limit), and a
# shell loop counting into a file with sleep. After the restore each
# carries on and its own checks pass; pids, parents, groups and sessions are as before, seen from
# inside the CT and from the host.
. test/lib.sh
P=$VZREPO/test/progs
out=/tmp/t34
priv=/vz/private/101
t=$priv/opt/t
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create 101 --hostname ct101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $t
for p in counter regs pipeline blocked fileholder; do
	cp $P/$p $t/
	# The program's libraries and loader, at the paths it was linked against.
	for lib in $(ldd $P/$p | grep -o '/[^ ]*'); do cp -L --parents "$lib" $priv/; done
done
cat > $t/start.sh <<'S'
#!/bin/sh
cd /opt/t
./counter 64 50 > counter.out 2>&1 < /dev/null &
./regs 3 > regs.out 2>&1 < /dev/null &
./pipeline > pipe.out 2>&1 < /dev/null &
./blocked 30 > blocked.out 2>&1 < /dev/null &
./fileholder 2000 /opt/t/files > files.out 2>&1 < /dev/null &
i=0
while true; do i=$((i + 1)); echo $i >> loop.out; sleep 0.2; done < /dev/null > /dev/null 2>&1 &
wait
S
chmod +x $t/start.sh
check "start" vzctl start 101
vzctl exec 101 'setsid /opt/t/start.sh < /dev/null > /dev/null 2>&1 &'
sleep 3
for i in $(seq 120); do grep -q '^ready' $t/files.out 2>/dev/null && break; sleep 0.5; done
check "the file holder has its 2000 files open" grep -q '^ready 2000$' $t/files.out

# The CT's tasks as the CT numbers them: pid, parent, group, session, name.
# The shell loop's short-lived sleeps are left out: each view would catch another one.
ps_inside() { vzctl exec 101 'exec cat /proc/[0-9]*/stat 2>/dev/null' | grep -v '^[0-9]* (cat)\|^[0-9]* (sleep)' |
	awk '{ print $1, $4, $5, $6, $2 }' | sort -n; }
# The same from the host: /proc/PID/status of each task in the CT's cgroup, NS fields.
ps_host() {
	local p
	for p in $(cat /sys/fs/cgroup/vz/101/cgroup.procs); do
		awk -v hp="$p" '/^Name:/ { n = $2 } /^NSpid:/ { id = $NF } /^NSpgid:/ { g = $NF }
			/^NSsid:/ { s = $NF } /^PPid:/ { pp = $2 }
			END { print hp, pp, id, g, s, n }' /proc/$p/status 2>/dev/null
	done | awk '{ host[$1] = $3; line[NR] = $0 }
		END { for (i = 1; i <= NR; i++) { split(line[i], f, " ");
			print f[3], (f[2] in host ? host[f[2]] : 0), f[4], f[5], "(" f[6] ")" } }' |
		sort -n | grep -v '(cat)\|(sleep)'
}
last_n() { tail -n 1 "$t/$1" | awk '{print $1}'; }

in_before=$(ps_inside)
host_before=$(ps_host)
expect_eq "inside and host views agree before" "$in_before" "$host_before"
check "the CT holds its init and the programs ($(echo "$in_before" | wc -l) tasks)" \
	test "$(echo "$in_before" | wc -l)" -ge 9
if vzctl chkpnt 101 > $out/msg 2>&1; then ok "chkpnt"; else fail "chkpnt: $(cat $out/msg)"; fi
c1=$(last_n counter.out); l1=$(last_n loop.out)
p1=$(tail -n 1 $t/pipe.out | awk '{print $2}')
r1=$(tail -n 1 $t/regs.out | awk '{print $2}')
rss=$(vzctl dumpinfo /vz/dump/Dump.101 | sed -n 's/.* page_bytes=\([0-9]*\).*/\1/p')
check "the image holds the 64 MiB it must ($rss bytes of pages)" test "${rss:-0}" -ge 67108864
check "and follows RSS, not VSZ (image $(stat -c %s /vz/dump/Dump.101) bytes)" \
	test "$(stat -c %s /vz/dump/Dump.101)" -lt $(( 64 * 1048576 + 16 * 1048576 ))
sleep 1
if vzctl restore 101 > $out/msg 2>&1; then ok "restore"; else fail "restore: $(cat $out/msg)"; fi
expect_eq "pids, parents, groups and sessions as before, seen from inside" "$in_before" "$(ps_inside)"
expect_eq "and from the host" "$host_before" "$(ps_host)"
pausepid=$(awk '/^pause-pid/ {print $2}' $t/blocked.out)
vzctl exec 101 kill -USR1 "$pausepid"
for i in $(seq 80); do
	[ "$(grep -c ' ok\| FAILED' $t/blocked.out)" -ge 6 ] && break
	sleep 0.5
done
vzctl exec 101 'kill -USR1 $(pidof fileholder)'
for i in $(seq 120); do grep -qE '^(verified|CORRUPT)' $t/files.out && break; sleep 0.5; done
check "the 2000 fds (up to fd 2002) came back, each file and position verified" \
	grep -q '^verified 1 2000$' $t/files.out
sleep 1
check "counter carried on from $c1" test "$(last_n counter.out)" -gt "$c1"
check "counter's lines are consecutive, its 64 MiB intact" \
	awk '$1 != NR || $2 != "ok" { exit 1 }' $t/counter.out
check "the shell loop carried on from $l1" test "$(last_n loop.out)" -gt "$l1"
check "the shell loop's lines are consecutive" awk '$1 != NR { exit 1 }' $t/loop.out
check "pipeline carried on past $p1 with every number in order" \
	test "$(tail -n 1 $t/pipe.out | awk '{print $2}')" -gt "$p1" -a -z "$(grep -v ' ok$' $t/pipe.out)"
check "threads kept their registers past round $r1" \
	test "$(tail -n 1 $t/regs.out | awk '{print $2}')" -gt "$r1" -a -z "$(grep -v ' ok ' $t/regs.out)"
for call in pause nanosleep poll select read wait4; do
	line=$(grep "^$call " $t/blocked.out)
	case "$line" in
	"$call ok"*) ok "blocked in $call: $line" ;;
	*) fail "blocked in $call: '${line:-no report}'" ;;
	esac
done

# --suspend then --resume leaves the CT as it was
before=$(ps_host)
check "chkpnt --suspend" vzctl chkpnt 101 --suspend
check "chkpnt --resume" vzctl chkpnt 101 --resume
expect_eq "the CT is unchanged by suspend and resume" "$before" "$(ps_host)"
l2=$(last_n loop.out); sleep 1
check "and runs" test "$(last_n loop.out)" -gt "$l2"

# vzctl killed in the middle of a dump leaves the CT running
vzctl chkpnt 101 --dumpfile - 2>/dev/null | { sleep 1; exit 0; } &
sleep 0.3
pkill -KILL -x vzctl
wait
sleep 1
check "after a killed dump the CT is not frozen" sh -c '! grep -q "^frozen 1" /sys/fs/cgroup/vz/101/cgroup.events'
l3=$(last_n loop.out); sleep 1
check "and keeps running" test "$(last_n loop.out)" -gt "$l3"
vzctl stop 101 --fast > /dev/null 2>&1
vzctl destroy 101 > /dev/null 2>&1
done_testing
