# The debian case of make bench (sourced by bench/run-guest.sh after its functions, not run):
# issue 14's Debian 12 CT with its services (the services template, see etc/template/mkdebian.sh:
# sysvinit, cron, rsyslog, sshd, nginx, redis-server), as it comes, with two clients on the host
# that stay connected while both tools checkpoint and restore it in turn:
# - an ssh session running a command that prints a counter twice a second;
# - a redis client on one connection writing a key and waiting for each acknowledgement.
# After every restore, debian_verify checks the CT as a user would: every daemon kept its pids
# (none restarted), both clients went on (no tick lost or repeated, every acknowledged write is in
# redis), nginx serves a file whole on a new connection and rsyslog takes a message. CRIU gets
# --tcp-established (the two connections) and --file-locks (cron's and rsyslog's pidfile locks).
# One "BENCH ct" line says what the CT held: tasks, threads, memory, open files, sockets.
# shellcheck shell=bash

DEB_DAEMONS="init rsyslogd cron sshd nginx redis-server"
DEB_TMPL=debian-12-x86_64-services

# Figures of the CT as it runs, seen from the host.
deb_ct_line() {
	local procs threads=0 fds=0 socks=0 p
	procs=$(wc -l < $CG/cgroup.procs)
	for p in $(cat $CG/cgroup.procs); do
		threads=$((threads + $(ls /proc/$p/task 2>/dev/null | wc -l)))
		fds=$((fds + $(ls /proc/$p/fd 2>/dev/null | wc -l)))
		socks=$((socks + $(find /proc/$p/fd -lname 'socket:*' 2>/dev/null | wc -l)))
	done
	echo "BENCH ct case=debian procs=$procs threads=$threads fds=$fds sockets=$socks ctmem_kib=$(ctmem)"
}

deb_pids() {
	local d
	for d in $DEB_DAEMONS; do echo "$d $(vzctl exec $CT pidof $d | tr '\n' ' ')"; done
}

# deb_moving: the ssh counter and the redis acknowledgements both grew within 60 s.
deb_ticks() { grep -c '^tick' /tmp/deb/ssh.out; }
deb_acked() { cat /tmp/deb/redis.acked 2>/dev/null || echo -1; }
deb_moving() {
	local t a
	t=$(deb_ticks) a=$(deb_acked)
	for _ in $(seq 120); do
		[ "$(deb_ticks)" -gt "$t" ] && [ "$(deb_acked)" -gt "$a" ] && return 0
		sleep 0.5
	done
	echo "clients stalled: ssh ticks $t -> $(deb_ticks), redis acks $a -> $(deb_acked) $(cat /tmp/deb/redis.err 2>/dev/null)"
	return 1
}

# Run in a subshell (ours and criu_run take its output): its syslog message is told by the time.
debian_verify() {
	local d pids p n lua bad sum tag
	deb_moving || return 1
	deb_pids > /tmp/deb/pids.now
	while read -r d pids; do
		for p in $pids; do
			grep -q "^$d .*\b$p\b" /tmp/deb/pids.now || { echo "$d lost pid $p: $(grep "^$d " /tmp/deb/pids.now)"; return 1; }
		done
	done < /tmp/deb/pids.before
	bad=$(awk '$1 == "tick" { if ($2 != n) { print "line " NR ": " $0 " after " n - 1; exit } n++ }' /tmp/deb/ssh.out)
	[ -z "$bad" ] || { echo "ssh counter: $bad"; return 1; }
	n=$(deb_acked)
	lua="local bad = 0 for i = 0, $n do if redis.call(\"GET\", \"k\" .. i) ~= tostring(i) then bad = bad + 1 end end return bad"
	bad=$(vzctl exec $CT "redis-cli --no-raw eval '$lua' 0")
	[ "$bad" = "(integer) 0" ] || { echo "redis lost acknowledged writes of 0..$n: $bad"; return 1; }
	sum=$(curl -sf "http://10.1.1.$CT/file" | sha256sum | cut -d' ' -f1)
	[ "$sum" = "$DEB_SUM" ] || { echo "nginx served the file wrong or not at all"; return 1; }
	tag=verify-$(date +%s%N)
	vzctl exec $CT logger -t bench "$tag" || { echo "logger failed"; return 1; }
	for _ in $(seq 60); do
		grep -q "bench: $tag\$" /vz/private/$CT/var/log/syslog && return 0
		sleep 0.5
	done
	echo "rsyslogd did not write a message"
	return 1
}

deb_redis_client() {
	local i=0 line
	exec 3<> /dev/tcp/10.1.1.$CT/6379 || { echo "connect failed" > /tmp/deb/redis.err; return 1; }
	while :; do
		printf 'SET k%d %d\r\n' $i $i >&3
		IFS= read -r -t 600 line <&3 || { echo "no reply to SET k$i" > /tmp/deb/redis.err; return 1; }
		[ "${line%$'\r'}" = "+OK" ] || { echo "reply to SET k$i: $line" > /tmp/deb/redis.err; return 1; }
		echo $i > /tmp/deb/redis.acked.new && mv /tmp/deb/redis.acked.new /tmp/deb/redis.acked
		i=$((i + 1))
		sleep 0.1
	done
}

deb_start() {
	local priv=/vz/private/$CT d sshopt
	rm -rf /tmp/deb && mkdir -p /tmp/deb
	vzctl start $CT > /tmp/start.log 2>&1 || die "start the Debian CT: $(cat /tmp/start.log)"
	# The init's runlevel is reached as its last scripts start their daemons.
	for d in $DEB_DAEMONS; do
		for _ in $(seq 60); do vzctl exec $CT pidof $d > /dev/null && break; sleep 1; done
		vzctl exec $CT pidof $d > /dev/null || die "the Debian CT runs no $d after 60 s"
	done
	deb_pids > /tmp/deb/pids.before
	sshopt="-i /tmp/deb.key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes"
	# shellcheck disable=SC2086
	ssh $sshopt root@10.1.1.$CT \
		'i=0; while :; do echo "tick $i"; i=$((i + 1)); sleep 0.5; done' > /tmp/deb/ssh.out 2> /tmp/deb/ssh.err &
	DEB_SSH=$!
	deb_redis_client & DEB_REDIS=$!
	deb_moving > /tmp/deb/why || die "the Debian CT's clients are not served: $(cat /tmp/deb/why) $(head -c 300 /tmp/deb/ssh.err)"
	debian_verify > /tmp/deb/why || die "the Debian CT does not verify before any dump: $(cat /tmp/deb/why)"
	[ -e "$priv/var/log/redis/redis-server.log" ] || die "redis writes no log"
}

deb_stop() {
	kill $DEB_SSH $DEB_REDIS 2> /dev/null
	wait $DEB_SSH $DEB_REDIS 2> /dev/null
	vzctl stop $CT --fast > /tmp/stop.log 2>&1 || {
		log "stop failed: $(cat /tmp/stop.log); killing the cgroup"
		echo 1 > $CG/cgroup.kill; sleep 1
		vzctl stop $CT --fast > /dev/null 2>&1
	}
}

# debian_case REPS: the case on CT 102 (CT 101 stays the busybox CT of the other cases).
debian_case() {
	local reps=$1 priv keep_ct=$CT keep_cg=$CG
	CT=102 CG=/sys/fs/cgroup/vz/102 priv=/vz/private/102
	mkdir -p /vz/template/cache
	cp "$VZREPO/build/template/$DEB_TMPL.tar.gz" /vz/template/cache/ ||
		die "no $DEB_TMPL template: make template-debian-services"
	vzctl create $CT --ostemplate $DEB_TMPL --hostname deb$CT --ipadd 10.1.1.$CT > /tmp/create.log 2>&1 ||
		die "create the Debian CT: $(cat /tmp/create.log)"
	rm -f /tmp/deb.key /tmp/deb.key.pub
	ssh-keygen -q -t ed25519 -N '' -f /tmp/deb.key || die "ssh-keygen"
	mkdir -p -m 700 $priv/root/.ssh
	install -m 600 /tmp/deb.key.pub $priv/root/.ssh/authorized_keys || die "install the key"
	# redis serves the host; no RDB save, whose fork would come and go under the pid checks.
	sed -i 's/^bind .*/bind 0.0.0.0/; s/^protected-mode yes/protected-mode no/; s/^save .*//' \
		$priv/etc/redis/redis.conf || die "redis.conf"
	echo 'save ""' >> $priv/etc/redis/redis.conf
	head -c $((4 << 20)) /dev/urandom > $priv/var/www/html/file
	DEB_SUM=$(sha256sum < $priv/var/www/html/file | cut -d' ' -f1)
	VERIFY=debian_verify TCPOPT="--tcp-established --file-locks"
	deb_start
	deb_ct_line
	for r in $(seq "$reps"); do
		log "debian rep $r: vzctl"
		ours debian $r || { log "debian: vzctl failed, the CT restarts"; deb_stop; deb_start; }
		log "debian rep $r: criu"
		criu_run debian $r || { log "debian: criu failed, the CT restarts"; deb_stop; deb_start; }
	done
	deb_ct_line
	deb_stop
	vzctl destroy $CT > /dev/null 2>&1 || log "destroy $CT failed"
	VERIFY=verify TCPOPT=""
	CT=$keep_ct CG=$keep_cg
}
