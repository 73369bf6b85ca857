#!/bin/bash
# Restore on "another host": a CT checkpointed in one boot of the VM, its image and files on a
# persistent disk, is restored in a second boot. Its programs carry on, and its monotonic and
# boot-time clocks continue from the dumped values (the second boot's uptime is much smaller,
# so without the CT's time namespace they would go back). A Debian CT's daemons (rsyslog, cron,
# sshd, nginx, redis) carry on there too, with their pids, and redis with the keys it held in
# memory alone (issue 14).
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

test/vm/run --mem 2048 --timeout 900 --disk "$tmp/disk" test/twoboot/first.sh > "$tmp/o1" 2>&1
st=$?
sed 's/^/# boot 1: /' "$tmp/o1"
expect_eq "boot 1: the CT ran and was checkpointed to the disk" 0 "$st"
test/vm/run --mem 2048 --timeout 900 --disk "$tmp/disk" test/twoboot/second.sh > "$tmp/o2" 2>&1
st=$?
grep -v '^ok\|^not ok' "$tmp/o2" | sed 's/^/# boot 2: /'
grep '^ok\|^not ok' "$tmp/o2"
expect_eq "boot 2: the checks ran" 0 "$st"
done_testing
