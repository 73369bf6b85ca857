#!/bin/bash
# vm-slots: 2
# vzmigrate between two hosts: two guests booted at once (1 vCPU each), joined by a virtual wire
# (test/vm/run --net), each with its own /vz disk. The destination (10.77.0.2) runs sshd with a
# host key and a root key made here in a tmpfs; the source (10.77.0.1) migrates CTs to it, online
# and offline, and makes migrations fail (test/migrate/src.sh); the destination checks what came
# over when the source says it is done (test/migrate/dst.sh). Both report.
# Takes both VM slots: run by hand as `flock /tmp/vmslot.0 flock /tmp/vmslot.1 bash test/harness/migrate.sh`
# (test/run-all runs it after the guest groups, when no other guest runs).
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
tmp=$(mktemp -d)
keys=$(mktemp -d /dev/shm/vzmig.XXXXXX)
trap 'rm -rf "$tmp" "$keys"' EXIT

ssh-keygen -q -t ed25519 -N '' -C vzmig-root -f "$keys/root_key" &&
	ssh-keygen -q -t ed25519 -N '' -C vzmig-host -f "$keys/host_key" ||
	{ fail "ssh-keygen"; done_testing; }
chmod 644 "$keys"/*.pub
# A wire of its own: UDP ports from this run's pid.
p1=$((20000 + ($$ % 10000) * 2)) p2=$((20001 + ($$ % 10000) * 2))
vm=(test/vm/run --smp 1 --share "$keys" --timeout "${MIG_TIMEOUT:-900}")

"${vm[@]}" --disk "$tmp/dst.img" --net "$p2:$p1:10.77.0.2/24" test/migrate/dst.sh > "$tmp/dst" 2>&1 &
dpid=$!
"${vm[@]}" --disk "$tmp/src.img" --net "$p1:$p2:10.77.0.1/24" test/migrate/src.sh > "$tmp/src" 2>&1
sst=$?
wait "$dpid"
dst=$?

for g in src dst; do
	grep -v '^ok\|^not ok' "$tmp/$g" | sed "s/^/# $g: /"
	sed -n "s/^\(ok\|not ok\) - /\1 - $g: /p" "$tmp/$g"
done
expect_eq "the source guest's checks ran and passed" 0 "$sst"
expect_eq "the destination guest's checks ran and passed" 0 "$dst"
done_testing
