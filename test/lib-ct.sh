# Helpers for guest scenarios with vzctl containers. Source it after test/lib.sh; set $out first.

# run NAME EXPECTED_RC CMD...: a check on the command's exit status; its output goes to $out/last.
run() {
	local name=$1 want=$2; shift 2
	"$@" > "$out/last" 2>&1
	local rc=$?
	if [ "$rc" = "$want" ]; then ok "$name"; else fail "$name: exit $rc, wanted $want: $(tr '\n' '|' < "$out/last")"; fi
}
# said PATTERN: the last run's output has a line matching PATTERN.
said() { grep -q -- "$1" "$out/last" || { echo "# output: $(tr '\n' '|' < "$out/last")"; return 1; }; }
# leftovers CTID: what a stopped CT must not have left on the host ("none").
leftovers() {
	local l=""
	mountpoint -q "/vz/root/$1" 2>/dev/null && l="$l mount"
	[ -d "/sys/fs/cgroup/vz/$1" ] && l="$l cgroup"
	ip link show "veth$1" > /dev/null 2>&1 && l="$l veth"
	[ -e "/var/run/vz/$1.pid" ] && l="$l pidfile"
	echo "${l:-none}"
}
