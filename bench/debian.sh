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
. "$VZREPO/test/lib-services.sh"

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
deb_ticks() { svc_ticks /tmp/deb; }
deb_acked() { svc_acked /tmp/deb; }
deb_moving() {
	svc_grows deb_ticks deb_acked && return 0
	echo "clients stalled; redis said: $(cat /tmp/deb/redis.err 2>/dev/null)"
	return 1
}

# Run in a subshell (ours and criu_run take its output): its syslog message is told by the time.
debian_verify() {
	local d pids p n bad sum tag
	deb_moving || return 1
	deb_pids > /tmp/deb/pids.now
	while read -r d pids; do
		for p in $pids; do
			grep -q "^$d .*\b$p\b" /tmp/deb/pids.now || { echo "$d lost pid $p: $(grep "^$d " /tmp/deb/pids.now)"; return 1; }
		done
	done < /tmp/deb/pids.before
	bad=$(svc_tick_gap /tmp/deb)
	[ -z "$bad" ] || { echo "ssh counter: $bad"; return 1; }
	n=$(deb_acked)
	bad=$(svc_redis_lost $CT "$n")
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

deb_start() {
	local priv=/vz/private/$CT d
	rm -rf /tmp/deb && mkdir -p /tmp/deb
	vzctl start $CT > /tmp/start.log 2>&1 || die "start the Debian CT: $(cat /tmp/start.log)"
	# The init's runlevel is reached as its last scripts start their daemons.
	for d in $DEB_DAEMONS; do
		for _ in $(seq 60); do vzctl exec $CT pidof $d > /dev/null && break; sleep 1; done
		vzctl exec $CT pidof $d > /dev/null || die "the Debian CT runs no $d after 60 s"
	done
	deb_pids > /tmp/deb/pids.before
	svc_ssh 10.1.1.$CT /tmp/deb.key /tmp/deb & DEB_SSH=$!
	svc_redis 10.1.1.$CT /tmp/deb 600 0.1 & DEB_REDIS=$!
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
	svc_setup $priv /tmp/deb.key || die "the CT does not let the host's clients in"
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
