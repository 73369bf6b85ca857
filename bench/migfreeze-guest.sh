#!/bin/bash
# The migration-freeze benchmark, in the test VM (one boot): for each case MIB:WS a busybox CT runs
# bench/dirtier (MIB MiB, a working set of WS MiB rewritten every 10 ms) and is checkpointed, REPS
# times, by vzctl and by CRIU, each without and with pre-copy, the CT running on after each
# (bench/mig.sh says exactly how and what is measured). A case lazy:MIB:WS tries CRIU's lazy
# migration (--lazy-pages) instead; MIB:WS:diag adds a CRIU dump at -v4 that shows its freeze's parts. Figures as "BENCH ..." lines.
# Usage (in the guest): bench/migfreeze-guest.sh REPS [MIB:WS | MIB:WS:diag | lazy:MIB:WS]...
set -u
B=$VZREPO/bench
CT=101
IMG=/bench/img
REPS=${1:-2}
shift
CASES=${*:-64:0.64 64:6.4 256:2.56 256:25.6 1024:10.24 1024:102.4 lazy:64:0.64}
. "$B/lib.sh"
. "$B/mig.sh"

modprobe vzcpt && modprobe vzrst || die "modules do not load"
ip addr add 10.1.1.1/32 dev lo
mkdir -p /bench && mount -t tmpfs -o size=2400m tmpfs /bench || die "no tmpfs for the images"
mkdir -p $IMG
vzctl create $CT --hostname ct$CT > /tmp/create.log 2>&1 || die "create: $(cat /tmp/create.log)"
vzctl set $CT --ram 2G --save > /dev/null || die "set"
cp "$B/dirtier.static" /vz/private/$CT/bin/dirtier || die "cp dirtier"
echo "BENCH vm cpus=$(nproc) memtotal_kib=$(awk '/MemTotal/ {print $2}' /proc/meminfo) kernel=$(uname -r) criu=\"$(criu --version | head -n1 | sed 's/Version: //')\""

for c in $CASES; do
	case $c in
	lazy:*:*) c=${c#lazy:}; mig_lazy "${c%%:*}" "${c##*:}" ;;
	*:*:diag) c=${c%:diag}; mig_case "${c%%:*}" "${c##*:}" "$REPS" diag ;;
	*:*) mig_case "${c%%:*}" "${c##*:}" "$REPS" ;;
	*) die "bad case $c" ;;
	esac
done
log "done"
