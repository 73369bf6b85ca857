#!/bin/bash
# The source guest of make bench-migtwo (10.77.0.1): for each case MIB:WS, REPS times and each way,
# a busybox CT running bench/dirtier MIB WS (MIB MiB, WS MiB of it rewritten every 10 ms) is
# migrated live to the destination (10.77.0.2) over the virtual wire by `vzmigrate --online
# --times`, with pre-copy (way "online") and without (way "noiter"). Its frozen time and total
# time are vzmigrate's own figures; then the dirtier there verifies every page of its memory and
# the CT is removed there. Figures as "BENCH ..." lines.
# Usage (in the guest): bench/migtwo-src.sh REPS MIB:WS...
set -u
B=$VZREPO/bench
CT=101
REPS=${1:-2}
shift
. "$B/lib.sh"
. "$VZREPO/test/migrate/ssh.sh"
# Whatever happens here, the destination stops waiting.
trap 'dsh "touch /tmp/mig-done" > /dev/null 2>&1' EXIT

modprobe vzcpt && modprobe vzrst || die "modules do not load"
ip addr add 10.1.1.1/32 dev lo
mig_ssh_opts || die "no root key"
for _ in $(seq 240); do dsh true 2> /dev/null && break; sleep 1; done
dsh true || die "the destination's sshd does not answer"
echo "BENCH vm cpus=$(nproc) memtotal_kib=$(awk '/MemTotal/ {print $2}' /proc/meminfo) kernel=$(uname -r)"

# ct_up MIB WS: CT 101 here, running the dirtier, which has filled its memory.
ct_up() {
	vzctl create $CT --hostname ct$CT --ipadd 10.1.1.$CT > /tmp/create.log 2>&1 ||
		die "create: $(cat /tmp/create.log)"
	vzctl set $CT --ram 2G --save > /dev/null || die "set --ram"
	cp "$B/dirtier.static" /vz/private/$CT/bin/dirtier || die "cp dirtier"
	vzctl start $CT > /tmp/start.log 2>&1 || die "start: $(cat /tmp/start.log)"
	vzctl exec $CT "setsid dirtier $1 $2 > /root/d.out 2>&1 < /dev/null &" || die "exec dirtier"
	for _ in $(seq 240); do grep -q '^ready' /vz/private/$CT/root/d.out 2> /dev/null && break; sleep 0.5; done
	grep -q '^ready' /vz/private/$CT/root/d.out || die "dirtier $1 $2 is not ready"
	# A few rounds of its working set before the migration starts.
	sleep 2
}

# verified_there: the dirtier on the destination checks every page of its memory.
verified_there() {
	dsh "vzctl exec $CT 'kill -USR1 \$(pidof dirtier)'" > /dev/null 2>&1 || return 1
	for _ in $(seq 120); do
		dsh "grep -q '^verified\|^CORRUPT' /vz/private/$CT/root/d.out" 2> /dev/null && break
		sleep 0.5
	done
	dsh "grep -q '^verified' /vz/private/$CT/root/d.out && ! grep -q CORRUPT /vz/private/$CT/root/d.out"
}

# one MIB WS WAY REP: one migration, its BENCH line; the CT removed on both sides after.
one() {
	local mib=$1 ws=$2 way=$3 rep=$4 o=/tmp/migtwo.out rc opt="" frozen total pages ok=no

	[ "$way" = noiter ] && opt=--noiter
	ct_up "$mib" "$ws"
	log "$mib:$ws $way rep $rep"
	# shellcheck disable=SC2086
	vzmigrate --ssh="$SSH" --online $opt --times 10.77.0.2 $CT > $o 2>&1
	rc=$?
	sed 's/^/# /' $o
	frozen=$(sed -n 's/^Frozen time: \([0-9.]*\) s$/\1/p' $o)
	total=$(sed -n 's/^Times: .*total \([0-9.]*\) s$/\1/p' $o)
	pages=$(sed -n 's/^Pre-copy pass [0-9]*: \([0-9]*\) pages.*/\1/p' $o | paste -sd, -)
	[ "$rc" = 0 ] && verified_there && ok=yes
	echo "BENCH migtwo mib=$mib ws=$ws way=$way rep=$rep rc=$rc frozen=${frozen:-?} total=${total:-?} passes=\"$pages\" verified=$ok"
	dsh "vzctl stop $CT --fast; vzctl destroy $CT" > /dev/null 2>&1
	if vzctl status $CT 2> /dev/null | grep -q 'exist'; then
		vzctl stop $CT --fast > /dev/null 2>&1
		vzctl destroy $CT > /dev/null 2>&1
	fi
}

for c in "$@"; do
	case $c in
	*:*) ;;
	*) die "bad case $c" ;;
	esac
	for rep in $(seq "$REPS"); do
		one "${c%%:*}" "${c##*:}" online "$rep"
		one "${c%%:*}" "${c##*:}" noiter "$rep"
	done
done
log "done"
