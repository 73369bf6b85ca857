#!/bin/bash
# vm-opts: --timeout 1200
# vm-boot: 3-service
# The iptables-restart trap and its recoveries. An iptables restart (RHEL's iptables service with
# IPTABLES_MODULES_UNLOAD=yes) unloads the netfilter modules, and with each the modules that use
# it: vzcpt and vzrst go with nf_conntrack. Then vzctl chkpnt, vzctl restore and vzmigrate --online
# fail with OpenVZ's messages and exit codes and name the fix; `service vz init`, `/etc/init.d/vz
# init` and loading nf_conntrack again (the modprobe.d softdep) each bring /proc/cpt and /proc/rst
# back; IPTABLES_MODULES_UNLOAD=no avoids the trap. Also the init script's status and its errors.
. test/lib.sh
out=/tmp/t50
mkdir -p $out /etc/sysconfig
ct=150

present() { [ -e /proc/cpt ] && [ -e /proc/rst ]; }
absent() { [ ! -e /proc/cpt ] && [ ! -e /proc/rst ] && [ ! -d /sys/module/vzcpt ] && [ ! -d /sys/module/vzrst ]; }

# What RHEL's iptables init script does on stop: unload each netfilter module after, recursively,
# every module that uses it (its rmmod_r), unless IPTABLES_MODULES_UNLOAD=no.
rmmod_r() {
	local mod=$1 ref i
	ref=$(lsmod | awk -v m="$mod" '$1 == m { print $4 }' | tr , ' ')
	for i in $ref; do rmmod_r "$i"; done
	if grep -q "^$mod " /proc/modules; then modprobe -r "$mod" > /dev/null 2>&1; fi
}
iptables_stop() {
	local IPTABLES_MODULES_UNLOAD=yes m
	# shellcheck source=/dev/null
	[ -f /etc/sysconfig/iptables-config ] && . /etc/sysconfig/iptables-config
	[ "$IPTABLES_MODULES_UNLOAD" = yes ] || return 0
	for m in $(lsmod | awk '/^iptable_/ { print $1 }') ip_tables x_tables nf_nat nf_conntrack; do
		grep -q "^$m " /proc/modules && rmmod_r "$m"
	done
	return 0
}
# iptables' start: the rules load the netfilter modules (the NAT table pulls in nf_conntrack).
iptables_start() { modprobe iptable_nat && modprobe iptable_filter; }

# From a host with none of them loaded (an earlier case of this boot may have loaded them).
for m in vzrst vzcpt; do grep -q "^$m " /proc/modules && rmmod $m; done
grep -q '^nf_conntrack ' /proc/modules && rmmod_r nf_conntrack
check "start: vzcpt, vzrst and nf_conntrack are not loaded" absent
check "the softdep rule is installed" grep -q '^softdep nf_conntrack post: vzcpt vzrst' /etc/modprobe.d/vz.conf
rm -f /etc/sysconfig/iptables-config
service vz init > $out/init 2>&1
rc=$?
expect_eq "service vz init exits 0" 0 "$rc"
check "and reports what it loaded: $(cat $out/init)" grep -q "^vz: loaded kernel modules:.* nf_conntrack.* vzcpt" $out/init
check "/proc/cpt and /proc/rst are there" present
service vz init > $out/init 2>&1
expect_eq "a second init is a no-op: $(cat $out/init)" "vz: kernel modules already loaded: vzcpt vzrst" "$(cat $out/init)"
service vz status > $out/st 2>&1
expect_eq "status exits 0 with the modules loaded" 0 "$?"
check "and says so: $(tr '\n' ' ' < $out/st)" grep -q "^vz: module vzrst is loaded" $out/st

# --- the trap
check "iptables starts (netfilter modules loaded)" iptables_start
iptables_stop
check "an iptables stop took vzcpt and vzrst away with nf_conntrack" absent
check "and nf_conntrack itself" test ! -d /sys/module/nf_conntrack
service vz status > $out/st 2>&1
expect_eq "status then exits 3" 3 "$?"
check "and names the fix: $(tr '\n' ' ' < $out/st)" grep -q "module vzcpt is not loaded (service vz init loads it)" $out/st

vzctl chkpnt $ct > $out/msg 2>&1
expect_eq "vzctl chkpnt exits 16" 16 "$?"
expect_eq "with OpenVZ's message" "Error: No checkpointing support is available, unable to open /proc/cpt" "$(head -n 1 $out/msg)"
check "and the fix: $(tail -n 1 $out/msg)" grep -q "service vz init" $out/msg
vzctl restore $ct > $out/msg 2>&1
expect_eq "vzctl restore exits 17" 17 "$?"
check "naming the module and the fix: $(cat $out/msg)" grep -q "^Error: No undumping support is available, unable to open /proc/rst: module vzrst is not loaded.*service vz init" $out/msg
vzmigrate --online localhost $ct > $out/msg 2>&1
expect_eq "vzmigrate --online exits 14 (OpenVZ's MIG_ERR_OVZ_NOT_RUNNING)" 14 "$?"
expect_eq "with the message users know" "Cannot migrate container online: module rst is not loaded" "$(head -n 1 $out/msg)"
check "and the fix: $(tail -n 1 $out/msg)" grep -q "service vz init" $out/msg

# --- recovery 1: service vz init (also reloads nf_conntrack, which vzcpt needs)
service vz init > $out/init 2>&1
expect_eq "service vz init exits 0" 0 "$?"
check "and brings /proc/cpt and /proc/rst back: $(cat $out/init)" present
vzmigrate --online localhost $ct > $out/msg 2>&1
st=$?
expect_eq "vzmigrate now passes the module check (and finds no CT $ct to migrate)" \
	"10 Error: CT $ct does not exist here (no /etc/vz/conf/$ct.conf)" "$st $(cat $out/msg)"

# --- recovery 2: /etc/init.d/vz init
iptables_start; iptables_stop
check "a second iptables stop: modules gone" absent
/etc/init.d/vz init > $out/init 2>&1
expect_eq "/etc/init.d/vz init exits 0" 0 "$?"
check "and brings them back: $(cat $out/init)" present

# --- recovery 3: by themselves, when iptables loads nf_conntrack again
iptables_start; iptables_stop
check "a third iptables stop: modules gone" absent
check "iptables starts again" iptables_start
check "vzcpt and vzrst came back with nf_conntrack (the softdep)" present
vzctl chkpnt $ct > $out/msg 2>&1
expect_eq "vzctl chkpnt gets past the module: CT $ct not running exits 31" 31 "$?"

# --- the mitigation: IPTABLES_MODULES_UNLOAD=no, as installation sets it
printf '# iptables-config\nIPTABLES_MODULES_UNLOAD="no"\n' > /etc/sysconfig/iptables-config
iptables_stop
check "with IPTABLES_MODULES_UNLOAD=no an iptables stop leaves the modules" present
rm -f /etc/sysconfig/iptables-config

# --- init names the module that would not load
iptables_stop
mv "/lib/modules/$(uname -r)/extra/vzrst.ko" $out/vzrst.ko
/etc/init.d/vz init > $out/init 2>&1
rc=$?
mv $out/vzrst.ko "/lib/modules/$(uname -r)/extra/vzrst.ko"
check "init fails (exit $rc) when a module cannot load" test "$rc" != 0
check "naming it: $(cat $out/init)" grep -q "^Error: .*vzrst" $out/init
/etc/init.d/vz init > /dev/null 2>&1
check "and succeeds once it is back" present
# --- start and stop on a host with no CT: start is init plus forwarding, stop has nothing to do
iptables_stop
echo 0 > /proc/sys/net/ipv4/ip_forward
ls /etc/vz/conf/*.conf > /dev/null 2>&1 && fail "this check expects no CT config"
/etc/init.d/vz start > $out/start 2>&1
expect_eq "start with no CT exits 0: $(tr '\n' ' ' < $out/start)" 0 "$?"
check "and loads the modules" present
expect_eq "and turns IPv4 forwarding on for the CTs' veths" 1 "$(cat /proc/sys/net/ipv4/ip_forward)"
/etc/init.d/vz stop > $out/stop 2>&1
expect_eq "stop with no CT running exits 0: $(tr '\n' ' ' < $out/stop)" 0 "$?"
/etc/init.d/vz condrestart > /dev/null 2>&1
expect_eq "condrestart with the modules loaded exits 0" 0 "$?"
/etc/init.d/vz bogus > /dev/null 2>&1
expect_eq "an unknown action exits 2" 2 "$?"
done_testing
