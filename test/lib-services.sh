# The Debian services CT's clients and their checks, shared by test 54 (the scenario) and
# make bench's debian case (bench/debian.sh), which both source it. Each client writes its
# files into a directory it is given; the CT is the services template's (etc/template/mkdebian.sh).
# shellcheck shell=bash

# svc_setup PRIV KEY: KEY.pub lets the host in as the CT's root over ssh; redis listens for the
# host (Debian's binds loopback only) and never saves an RDB, whose fork would come and go under
# the checks of the daemons' pids.
svc_setup() {
	mkdir -p -m 700 "$1/root/.ssh" &&
		install -m 600 "$2.pub" "$1/root/.ssh/authorized_keys" &&
		sed -i 's/^bind .*/bind 0.0.0.0/; s/^protected-mode yes/protected-mode no/; s/^save .*//' \
			"$1/etc/redis/redis.conf" &&
		echo 'save ""' >> "$1/etc/redis/redis.conf"
}

# svc_ssh IP KEY DIR: an ssh session whose command in the CT prints "tick N" twice a second, N
# counting from 0; what it prints goes to DIR/ssh.out. Run it in the background.
svc_ssh() {
	ssh -i "$2" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
		root@"$1" 'i=0; while :; do echo "tick $i"; i=$((i + 1)); sleep 0.5; done' \
		> "$3/ssh.out" 2> "$3/ssh.err"
}

# svc_redis IP DIR WAIT PAUSE: a redis client on one connection that sets key kN to N and waits
# up to WAIT s for each acknowledgement, PAUSE s apart, until DIR/redis.stop exists. The last
# acknowledged N is in DIR/redis.acked, what went wrong in DIR/redis.err. Run it in the background.
svc_redis() {
	local i=0 line
	exec 3<> "/dev/tcp/$1/6379" || { echo "connect failed" > "$2/redis.err"; return 1; }
	while [ ! -e "$2/redis.stop" ]; do
		printf 'SET k%d %d\r\n' $i $i >&3
		IFS= read -r -t "$3" line <&3 || { echo "no reply to SET k$i" > "$2/redis.err"; return 1; }
		[ "${line%$'\r'}" = "+OK" ] || { echo "reply to SET k$i: $line" > "$2/redis.err"; return 1; }
		# Renamed into place: a reader never finds it empty or half written.
		echo $i > "$2/redis.acked.new" && mv "$2/redis.acked.new" "$2/redis.acked"
		i=$((i + 1))
		sleep "$4"
	done
	printf 'QUIT\r\n' >&3
}

# svc_ticks DIR, svc_acked DIR: how far the ssh counter and the redis client got (-1: no write yet).
svc_ticks() { grep -c '^tick' "$1/ssh.out"; }
svc_acked() { cat "$1/redis.acked" 2>/dev/null || echo -1; }

# svc_tick_gap DIR: the first tick out of sequence (one lost or repeated), nothing if none.
svc_tick_gap() {
	awk '$1 == "tick" { if ($2 != n) { print "line " NR ": " $0 " after " n - 1; exit } n++ }' \
		"$1/ssh.out"
}

# svc_redis_lost CT N: how many of the keys k0..kN redis in CT does not hold with their values,
# as redis-cli prints it ("(integer) 0": none). vzctl exec runs its words through the CT's sh:
# the script goes quoted for it.
svc_redis_lost() {
	local lua="local bad = 0 for i = 0, $2 do if redis.call(\"GET\", \"k\" .. i) ~= tostring(i) then bad = bad + 1 end end return bad"
	vzctl exec "$1" "redis-cli --no-raw eval '$lua' 0"
}

# svc_grows FN...: every FN (a function printing a number: how far a client got) printed more
# within 60 s (TCG is slow; the seconds are a figure); if not, a line of what each got to.
svc_grows() {
	local f from=() n _
	for f; do from+=("$($f)"); done
	for _ in $(seq 120); do
		n=0
		for f; do
			[ "$($f)" -gt "${from[n]}" ] || break
			n=$((n + 1))
		done
		[ $n = $# ] && return 0
		sleep 0.5
	done
	n=0
	for f; do
		printf '%s %s -> %s; ' "$f" "${from[n]}" "$($f)"
		n=$((n + 1))
	done
	echo
	return 1
}
