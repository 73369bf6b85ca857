#!/bin/bash
# The test VM itself: exit statuses propagate, the share is writable, the disk persists across
# boots, a guest kernel WARNING fails the run, and a hung guest is killed at the timeout.
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
. test/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
share=$tmp/share disk=$tmp/disk.img
mkdir -p "$share"

cat > "$tmp/first.sh" <<'S'
echo "guest-says-$1" > /mnt/share/out
echo persisted > /vz/mark
exit 0
S
cat > "$tmp/second.sh" <<'S'
echo "second boot read: $(cat /vz/mark)"
exit 7
S
cat > "$tmp/warn.sh" <<'S'
echo "<4>WARNING: CPU: 0 PID: 1 at vzcpt-harness-self-test" > /dev/kmsg
exit 0
S
cat > "$tmp/hang.sh" <<'S'
sleep 100000
S

test/vm/run --share "$share" --disk "$disk" "$tmp/first.sh" hello > "$tmp/o1" 2>&1
expect_eq "vm: status 0 propagates" 0 $?
expect_eq "vm: the share is writable from the guest" "guest-says-hello" "$(cat "$share/out" 2>/dev/null)"

test/vm/run --disk "$disk" "$tmp/second.sh" > "$tmp/o2" 2>&1
expect_eq "vm: status 7 propagates" 7 $?
check "vm: the disk keeps its state across boots" grep -q "second boot read: persisted" "$tmp/o2"

test/vm/run "$tmp/warn.sh" > "$tmp/o3" 2>&1
st=$?
check "vm: a guest kernel WARNING fails the run (status $st)" test "$st" != 0
check "vm: the kernel log is printed on that failure" grep -q "vzcpt-harness-self-test" "$tmp/o3"

start=$(date +%s)
test/vm/run --timeout 20 "$tmp/hang.sh" > "$tmp/o4" 2>&1
st=$? took=$(( $(date +%s) - start ))
check "vm: a hung guest is killed at the timeout (status $st, ${took}s)" test "$st" != 0 -a "$took" -lt 40
check "vm: the timeout is reported" grep -q "timed out" "$tmp/o4"
done_testing
