#!/bin/bash
# vm-boot: 8-services
# vm-opts: --mem 2048 --timeout 1800
# vm-weight: 6
# Issue 14's services scenario: a Debian 12 CT (the template with nginx and redis, see
# etc/template/mkdebian.sh) runs its init, cron, rsyslog, sshd, nginx and redis-server, each
# with a client on the host that stays connected across the checkpoint:
# - an ssh session running a command that prints a counter twice a second;
# - a download of a large file from nginx, slowed so that it spans the checkpoint;
# - a redis client on one connection that writes a key and waits for each acknowledgement;
# - an interactive login (ssh -tt: a pty, bash -i with job control) with a job in the background.
# The CT is checkpointed and restored under them (vzctl chkpnt + vzctl restore), then
# snapshotted live (--suspend, --dump, --resume). Afterwards: the counter went on with no
# number lost or repeated; the download is whole (its sha256 is the file's); redis holds every
# write it acknowledged, on the same connection; the login's shell has its pid, terminal and job,
# and ends the job and itself when told; every daemon has the pid it had (none was
# restarted: their logs say they started once), cron and syslog still work.
. test/lib.sh
. test/lib-ct.sh
. test/lib-services.sh
debian_ct 154 debian-12-x86_64-services services svc154

# The host's key for the ssh session; redis serving the host.
ssh-keygen -q -t ed25519 -N '' -f $out/key
check "the CT lets the host's clients in" svc_setup $priv $out/key
# 64 MiB at 512 KiB/s: the download lasts about 128 s, so that the checkpoint, the restore and the
# snapshot come in its middle even when the guest's steps are slowed by a busy host and the
# download's pace is not (at 2 MiB/s a slow run saw it end before the freeze).
head -c $((64 << 20)) /dev/urandom > $priv/var/www/html/big
sum=$(sha256sum < $priv/var/www/html/big | cut -d' ' -f1)

run "start $CT" 0 vzctl start $CT
daemons="init rsyslogd cron sshd nginx redis-server"
for d in $daemons; do
	run "$d runs" 0 vzctl exec $CT pidof $d
	echo "$d $(tr '\n' ' ' < $out/last)" >> $out/pids.before
done
check "nginx serves" sh -c "curl -sf http://$IP/ -o /dev/null"

# The clients. ssh: the command runs in the CT, its output comes back over the session.
svc_ssh $IP $out/key $out &
sshpid=$!
curl -sS --limit-rate 512K -o $out/big http://$IP/big 2> $out/curl.err &
curlpid=$!
# redis: inline commands on one connection; each acknowledged key is noted as it comes.
svc_redis $IP $out 120 0.05 &
redispid=$!
# An interactive login: ssh gives it a pty, and bash -i leads its session with job control; a
# job left running in the background. What it says is read from the terminal's output.
mkfifo $out/login.in
ssh -tt -i $out/key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
	root@$IP < $out/login.in > $out/login.out 2> $out/login.err &
loginpid=$!
exec 4> $out/login.in
echo 'stty -echo; sleep 1000 & echo "LOGIN:$$:$(tty):$!:END"' >&4
# said_login TAG: what the login printed between TAG: and :END, the first time (the terminal
# echoes the first command, which has TAG:$$ and the like: a value starts with a digit).
said_login() {
	local i
	for i in $(seq 120); do
		grep -ao "$1:[0-9][^ ]*:END" $out/login.out | head -1 | sed "s/^$1://; s/:END\$//" | grep . &&
			return 0
		sleep 0.5
	done
	return 1
}
login=$(said_login LOGIN)
check "the login runs its shell and a job ($login)" test -n "$login"
# Figures that grow while each client is served.
ticks() { svc_ticks $out; }
got() { stat -c %s $out/big 2>/dev/null || echo 0; }
acked() { svc_acked $out; }
# moving: each client made progress.
moving() { svc_grows ticks got acked; }
check "the three clients are served before the checkpoint" moving

t0=$SECONDS
run "chkpnt under the clients" 0 vzctl chkpnt $CT --dumpfile $out/dump
echo "# chkpnt took $((SECONDS - t0)) s; the CT is away with $(got) of $((64 << 20)) bytes downloaded"
check "the download is not over: it spans the checkpoint" kill -0 $curlpid
check "the ssh session is still open while the CT is away" kill -0 $sshpid
vzctl dumpinfo $out/dump > $out/info 2>&1
echo "# image: $(grep -m1 'summary:' $out/info)"
# nginx's channel sockets: O_ASYNC, and the master as the owner of their SIGIO (F_SETOWN).
check "the image carries nginx's owners of SIGIO" grep -q "async=yes owner_type=pid owner_pid=" $out/info
# The slowed download's receive window is full: nginx's bytes beyond it were written, not sent,
# and the restore must send them as new data (as retransmissions they would wait out timeouts).
check "the image carries nginx's bytes not sent yet apart from those sent" \
	grep -Eq "to_send=[0-9]+ unsent=[1-9]" $out/info
t0=$SECONDS
run "restore under the clients" 0 vzctl restore $CT --dumpfile $out/dump
echo "# restore took $((SECONDS - t0)) s"
check "the three clients are served after the restore" moving

run "snapshot: suspend" 0 vzctl chkpnt $CT --suspend
# By the snapshot, the send queue of nginx's socket of the slowed download may have grown (its
# send buffer grows on its own) past 4 MiB: the image splits it over several records.
run "snapshot: dump" 0 vzctl chkpnt $CT --dump --dumpfile $out/dump2
run "snapshot: resume" 0 vzctl chkpnt $CT --resume
check "the three clients are served after the snapshot" moving

# The login's shell is the one it was, on its terminal, with its job, which it can stop.
echo 'echo "STILL:$$:$(tty):$(jobs -p):END"; kill %1; wait %1; echo "ENDED:$?:END"' >&4
expect_eq "the login's shell, terminal and job are those it had" "$login" "$(said_login STILL)"
expect_eq "the job is ended by the shell's kill %1 (SIGTERM)" 143 "$(said_login ENDED)"
echo exit >&4
exec 4>&-
check "the login ends as it is told" wait $loginpid

for d in $daemons; do
	run "$d still runs" 0 vzctl exec $CT pidof $d
	echo "$d $(tr '\n' ' ' < $out/last)" >> $out/pids.after
done
# kept: each pid a daemon had before is one of its pids after (sshd has the session's too now).
kept() {
	local d p pids
	while read -r d pids; do
		for p in $pids; do
			grep -q "^$d .*\b$p\b" $out/pids.after || { echo "# $d lost pid $p: $(grep "^$d " $out/pids.after)"; return 1; }
		done
	done < $out/pids.before
}
check "every daemon kept its pids (none was restarted)" kept
expect_eq "redis started once" 1 "$(grep -c 'Server initialized' $priv/var/log/redis/redis-server.log)"
run "syslog takes a message after the restore" 0 vzctl exec $CT logger -t t54 after-the-restore
check "rsyslogd wrote it" sh -c "for i in \$(seq 30); do grep -q 't54: after-the-restore' $priv/var/log/syslog && exit 0; sleep 1; done; exit 1"
check "cron's pid is the one in its pidfile" test "$(vzctl exec $CT cat /run/crond.pid)" = \
	"$(vzctl exec $CT pidof cron)"

# The clients end: the download completes, the counter and the writes are checked whole.
check "the download completes" wait $curlpid
expect_eq "the downloaded file is the CT's, byte for byte" "$sum" "$(sha256sum < $out/big | cut -d' ' -f1)"
touch $out/redis.stop
check "the redis client ends without an error ($(cat $out/redis.err 2>/dev/null))" wait $redispid
n=$(acked)
check "redis acknowledged writes before, across and after ($n)" test "$n" -gt 20
run "redis holds them" 0 svc_redis_lost $CT $n
expect_eq "no acknowledged write is lost" "(integer) 0" "$(cat $out/last)"
kill $sshpid 2> /dev/null
wait $sshpid 2> /dev/null
expect_eq "the ssh session's counter went on with no tick lost or repeated" "" "$(svc_tick_gap $out)"
echo "# ssh ticks: $(ticks); ssh said: $(head -c 300 $out/ssh.err | grep -v Warning | tr '\n' '|')"

run "stop $CT" 0 vzctl stop $CT
expect_eq "nothing is left" none "$(leftovers $CT)"
run "destroy $CT" 0 vzctl destroy $CT
done_testing
