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
# debian_ct CT TEMPLATE WHAT HOSTNAME: a Debian CT case's set-up. $out (/tmp/tCT, empty), $IP
# (10.1.1.CT), $HOSTIP (the host's address for its CTs, on lo), $tmpl and $priv set, the modules
# loaded, TEMPLATE copied in from the build (make check makes it on the host; read over 9p, it is
# too big for the stage every boot copies), and CT created from it with HOSTNAME.
debian_ct() {
	CT=$1 tmpl=$2
	out=/tmp/t$CT IP=10.1.1.$CT HOSTIP=10.1.1.1 priv=/vz/private/$CT
	rm -rf "$out"
	mkdir -p "$out" /vz/template/cache
	ip addr add $HOSTIP/32 dev lo
	modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }
	check "the $3 template was made by the build" cp "$VZREPO/build/template/$tmpl.tar.gz" \
		/vz/template/cache/
	run "create $CT from $tmpl" 0 vzctl create $CT --ostemplate $tmpl --hostname "$4" --ipadd $IP
}
