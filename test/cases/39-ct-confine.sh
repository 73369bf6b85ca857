#!/bin/bash
# vm-boot: 2-containers
# A CT's root is confined by default (test/progs/escape00, static, run as the CT's root): no module
# load, no core_pattern or sysrq write, no fresh procfs or sysfs, no mknod or open of the host's disk
# or of any device outside the CT's filter, no /sys write, no capability regained (capset, ambient,
# file capabilities, setuid root, a user namespace), only its own cgroup in /sys/fs/cgroup, no
# clock, open_by_handle_at, BPF or kexec (sys_boot is out of its bounding set; the user namespace
# that owns its pid namespace uncovers nothing), and /proc/cpt and /proc/rst refuse every ioctl.
# /proc/sys is read-only but for /proc/sys/net: the CT sets its own ip_forward, not the host's,
# and no kernel.* value. The same after vzctl chkpnt and restore, with the init's capabilities and
# the CT's mounts as before; then halt -f inside the restored CT is refused and halt (through its
# init, which exits when its reboot(2) is refused) ends it. Then a CT given sys_time, sys_boot and /dev/kmsg for writing
# (vzctl set --capability --devices --save) uses them; its image, once sys_boot is taken away,
# is refused by the restore with a message naming sys_boot and the vzctl set that allows it; given
# back, the image restores with the /dev/kmsg node the CT made; once the device is taken away, an
# image with that node is refused by the restore, naming it.
. test/lib.sh
. test/lib-ct.sh
P=$VZREPO/test/progs
out=/tmp/t39
priv=/vz/private/101
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

# escape NAME ARGS...: run escape00 in the CT; one check per attempt, named after it.
escape() {
	local name=$1 line; shift
	vzctl exec 101 /bin/escape00 "$@" > $out/escape 2>&1
	while read -r line; do
		case "$line" in
		"ok "*) ok "$name: ${line#ok }" ;;
		"bad "*) fail "$name: ${line#bad }" ;;
		esac
	done < $out/escape
	check "$name: escape00 says PASS" grep -q "^PASS escape00-$1$" $out/escape
}
init_pid() { cat /var/run/vz/101.pid 2> /dev/null; }
# up: the CT runs, else the case ends here (what follows would only check nothing).
up() { vzctl status 101 | grep -q ' running$' || { fail "CT 101 is not running"; done_testing; }; }
caps_of() { grep '^Cap' /proc/"$1"/status; }
host_cgns=$(readlink /proc/self/ns/cgroup)
# own_cgns: the CT's init is in a cgroup namespace that is not the host's.
own_cgns() { local ns; ns=$(readlink /proc/"$(init_pid)"/ns/cgroup); [ -n "$ns" ] && [ "$ns" != "$host_cgns" ]; }
# The CT's mounts as the host sees them, without the ids that differ from one mounting to the next.
mounts_of() { cut -d' ' -f4- /proc/"$1"/mountinfo | sed 's/ - \([^ ]*\) [^ ]* / - \1 /' | sort; }

# The guest's first disk, MAJOR:MINOR; the test VM's root is its initramfs and it may have no disk:
# then the first SCSI disk's numbers, which the filter refuses all the same.
disk=""
for b in /sys/block/*; do
	[ -e "$b/dev" ] || continue
	case ${b##*/} in loop* | ram* | zram* | sr*) continue ;; esac
	disk=$(cat "$b/dev") && break
done
[ -n "$disk" ] || disk=8:0
echo "# the host's disk: $disk"
vzctl create 101 --hostname ct101 > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
cp $P/escape00.static $priv/bin/escape00
# Nodes the host plants in the private area: the CT's filter must refuse them on open.
mknod $priv/hostdisk b ${disk%:*} ${disk#*:}
mknod $priv/hostmem c 1 1
mknod $priv/hostkmsg c 1 11
pattern=$(cat /proc/sys/kernel/core_pattern)

run "start 101" 0 vzctl start 101
up
escape "confined" confined ${disk%:*} ${disk#*:}
expect_eq "core_pattern is unchanged" "$pattern" "$(cat /proc/sys/kernel/core_pattern)"
bnd=$(awk '/^CapBnd/ { print $2 }' /proc/$(init_pid)/status)
expect_eq "the CT init's bounding set is the default (no sys_boot)" 00000000bd8cfffb "$bnd"
expect_eq "the CT's exec'd process has the same" "$bnd" \
	"$(vzctl exec 101 cat /proc/self/status | awk '/^CapBnd/ { print $2 }')"
check "the CT's init is in a cgroup namespace of its own" own_cgns
expect_eq "the CT sees its cgroup as /" "0::/" "$(vzctl exec 101 cat /proc/1/cgroup)"
check "/proc/sys is read-only in the CT" \
	grep -q ' /proc/sys ro,' /proc/$(init_pid)/mountinfo
check "/proc/sys/net is read-write in the CT" \
	grep -q ' /proc/sys/net rw,' /proc/$(init_pid)/mountinfo
# The CT's own net namespace's ip_forward: set from inside, the host's stays.
fwd=$(cat /proc/sys/net/ipv4/ip_forward)
ctfwd=$((1 - fwd))
run "the CT sets its own net.ipv4.ip_forward" 0 \
	vzctl exec 101 "echo $ctfwd > /proc/sys/net/ipv4/ip_forward"
expect_eq "the CT reads its value back" "$ctfwd" "$(vzctl exec 101 cat /proc/sys/net/ipv4/ip_forward)"
expect_eq "the host's ip_forward is unchanged" "$fwd" "$(cat /proc/sys/net/ipv4/ip_forward)"
sysrq=$(cat /proc/sys/kernel/sysrq)
check "kernel.sysrq cannot be set from the CT (read-only)" \
	sh -c "vzctl exec 101 'echo 0 > /proc/sys/kernel/sysrq' 2>&1 | grep -q 'Read-only file system'"
expect_eq "the host's kernel.sysrq is unchanged" "$sysrq" "$(cat /proc/sys/kernel/sysrq)"
caps_of $(init_pid) > $out/caps.before
mounts_of $(init_pid) > $out/mounts.before

run "chkpnt 101" 0 vzctl chkpnt 101
run "restore 101" 0 vzctl restore 101
up
caps_of $(init_pid) > $out/caps.after
mounts_of $(init_pid) > $out/mounts.after
check "the init's capabilities were read" test "$(wc -l < $out/caps.before)" = 5
check "the restored init has the capabilities it had" diff $out/caps.before $out/caps.after
check "the restored CT has the mounts it had" diff $out/mounts.before $out/mounts.after
check "the restored init is in a cgroup namespace of its own" own_cgns
escape "restored" confined ${disk%:*} ${disk#*:}
expect_eq "core_pattern is unchanged" "$pattern" "$(cat /proc/sys/kernel/core_pattern)"
run "the restored CT checkpoints again" 0 vzctl chkpnt 101
run "and restores" 0 vzctl restore 101
up
# Without sys_boot a forced halt (reboot(2) itself) is refused; a halt through init ends the CT.
check "halt -f inside the restored CT is refused" \
	sh -c "vzctl exec 101 /bin/busybox halt -f 2>&1 | grep -q 'Operation not permitted'"
up
vzctl exec 101 /bin/busybox halt > $out/halt 2>&1
for i in $(seq 75); do vzctl status 101 | grep -q ' running$' || break; sleep 0.2; done
check "halt inside the restored CT ended it (its init exits)" \
	sh -c "! vzctl status 101 | grep -q ' running$'"
vzctl umount 101 > /dev/null 2>&1
run "it starts again" 0 vzctl start 101

# --- granting a capability and a device back
run "set --capability --devices on the running CT" 0 \
	vzctl set 101 --capability sys_time:on --capability sys_boot:on --devices c:1:11:w --save
check "the config has CAPABILITY" \
	grep -q '^CAPABILITY="sys_boot:on sys_time:on"$' /etc/vz/conf/101.conf
check "the config has DEVICES" grep -q '^DEVICES="c:1:11:w"$' /etc/vz/conf/101.conf
run "bad capability name refused" 21 vzctl set 101 --capability sys_nonsense:on
run "bad device refused" 21 vzctl set 101 --devices x:1:1:rw
run "stop 101" 0 vzctl stop 101
run "start 101 with them" 0 vzctl start 101
up
expect_eq "sys_time and sys_boot are in the CT init's bounding set" 00000000bfccfffb \
	"$(awk '/^CapBnd/ { print $2 }' /proc/$(init_pid)/status)"
escape "granted" granted
check "the CT's line is in the host's kernel log" sh -c 'dmesg | grep -q "escape00: granted kmsg write"'
# An image of tasks holding sys_boot, into the CT once sys_boot is taken away: refused, saying so.
# The /dev/kmsg escape00 made is in the image (the CT's /dev is a tmpfs a restore makes afresh).
run "chkpnt the CT with sys_boot and its /dev/kmsg" 0 vzctl chkpnt 101
run "take sys_boot away from the stopped CT" 0 vzctl set 101 --capability sys_boot:off --save
if vzctl restore 101 > $out/msg 2>&1; then fail "an image holding sys_boot restored without it"; else
	check "the refusal names sys_boot and the way out ($(cat $out/msg))" \
		grep -q "capability sys_boot.*vzctl set 101 --capability sys_boot:on" $out/msg
fi
check "after that refusal the CT is not running" sh -c "! vzctl status 101 | grep -q ' running$'"
run "give it back" 0 vzctl set 101 --capability sys_boot:on --save
run "and the image restores" 0 vzctl restore 101
up
vzctl exec 101 "ls -ln /dev/kmsg" > $out/kmsg 2>&1
check "the restore made the CT's /dev/kmsg again, c 1:11 mode 0600 ($(cat $out/kmsg))" \
	grep -Eq '^crw------- +1 +0 +0 +1, +11 .*/dev/kmsg$' $out/kmsg
run "the restored CT writes its /dev/kmsg" 0 vzctl exec 101 "echo escape00: after restore > /dev/kmsg"
check "the restored CT's line is in the host's kernel log" \
	sh -c 'dmesg | grep -q "escape00: after restore"'
run "take them back" 0 vzctl set 101 --capability sys_time:off --devices c:1:11:none --save
check "the running CT lost the device at once" \
	sh -c 'vzctl exec 101 "echo x > /dev/kmsg" 2>&1 | grep -q "Operation not permitted"'
# Its /dev/kmsg is still in its /dev: the image carries it, and the restore, which makes it
# through the CT's device filter, is refused, naming it.
run "chkpnt the CT with a /dev/kmsg its filter no longer allows" 0 vzctl chkpnt 101
if vzctl restore 101 > $out/msg 2>&1; then fail "a /dev/kmsg node the CT's filter refuses was made by the restore"; else
	check "the restore's refusal names /dev/kmsg ($(cat $out/msg))" grep -q "/dev/kmsg" $out/msg
fi
check "after that refusal the CT is not running either" sh -c "! vzctl status 101 | grep -q ' running$'"
vzctl stop 101 --fast > /dev/null 2>&1
vzctl destroy 101 > /dev/null 2>&1
done_testing
