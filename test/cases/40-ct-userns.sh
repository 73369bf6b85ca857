#!/bin/bash
# vm-boot: 2-containers
# A CT with a user namespace (USERNS): turned on for a stopped CT, its private area's owners are
# shifted into LOCAL_UID.. (setuid bits and file capabilities kept); started, its init is
# LOCAL_UID on the host and 0 inside, its cgroup is delegated to it, and userns00 (static, as the
# CT's root with a uid-1000 child) sees its ids, capabilities and files. vzctl chkpnt/restore
# carries it: the image says userns=yes, the ids seen from the host and from inside are the
# same after, and userns00 verifies its memory and ids. An image whose task uid is edited to an
# id outside the CT's map, or whose userns flag is cleared, is refused at restore. Turning
# USERNS off shifts the owners back. `vzctl create --userns yes` shifts at create. escape00 (as in
# test 39) finds no way out of the userns CT, before the checkpoint and after the restore.
. test/lib.sh
P=$VZREPO/test/progs
out=/tmp/t40
ct=140
priv=/vz/private/$ct
t=$priv/opt/t
LU=$((ct * 65536))
mkdir -p $out
modprobe vzcpt && modprobe vzrst || { fail "modules load"; done_testing; }

vzctl create $ct --hostname ct$ct > $out/create 2>&1 || { fail "create: $(cat $out/create)"; done_testing; }
mkdir -p $t
cp $P/userns00.static $t/userns00
# Planted as the CT's files, owned by ids of its own: a setuid root program, a capability, a user's file.
cp $priv/bin/busybox $t/suid && chmod 4755 $t/suid
cp $priv/bin/busybox $t/fcap && setcap cap_net_raw+ep $t/fcap
touch $t/user1000 && chown 1000:1001 $t/user1000
check "set --userns yes on the stopped CT" vzctl set $ct --userns yes
check "its config says USERNS, LOCAL_UID=$LU" grep -q "^LOCAL_UID=\"\?$LU\"\?$" /etc/vz/conf/$ct.conf
expect_eq "busybox is the CT's root's (LOCAL_UID)" "$LU:$LU" "$(stat -c %u:%g $priv/bin/busybox)"
expect_eq "no file is left with a host id below 65536" "" "$(find $priv \( -uid -65536 -o -gid -65536 \) -print | head -3)"
expect_eq "the user's file is LOCAL_UID+1000" "$((LU + 1000)):$((LU + 1001))" "$(stat -c %u:%g $t/user1000)"
expect_eq "the setuid program keeps its bit" "4755 $LU" "$(stat -c '%a %u' $t/suid)"
check "the file capability is kept" sh -c "getcap $t/fcap | grep -q cap_net_raw"
# escape00's tools, planted by the host after the shift (the host's root's: nobody's in the CT);
# the nodes are open to all, so that the CT's device filter, not their mode, is what refuses them.
disk=""
for b in /sys/block/*; do
	[ -e "$b/dev" ] || continue
	case ${b##*/} in loop* | ram* | zram* | sr*) continue ;; esac
	disk=$(cat "$b/dev") && break
done
[ -n "$disk" ] || disk=8:0
cp $P/escape00.static $priv/bin/escape00
mknod -m 0666 $priv/hostdisk b ${disk%:*} ${disk#*:}
mknod -m 0666 $priv/hostmem c 1 1
mknod -m 0666 $priv/hostkmsg c 1 11
# escape NAME: run escape00 in the userns CT as its root; one check per attempt.
escape() {
	local name=$1 line
	vzctl exec $ct /bin/escape00 confined ${disk%:*} ${disk#*:} userns > $out/escape 2>&1
	while read -r line; do
		case "$line" in
		"ok "*) ok "$name: ${line#ok }" ;;
		"bad "*) fail "$name: ${line#bad }" ;;
		esac
	done < $out/escape
	check "$name: escape00 says PASS" grep -q "^PASS escape00-confined$" $out/escape
}
pattern=$(cat /proc/sys/kernel/core_pattern)
chown $LU:$LU $t $t/userns00

check "start" vzctl start $ct
init=$(cat /var/run/vz/$ct.pid)
expect_eq "its init is LOCAL_UID on the host" "$LU" "$(awk '/^Uid:/ { print $2 }' /proc/$init/status)"
expect_eq "its uid map" "0 $LU 65536" "$(awk '{ print $1, $2, $3 }' /proc/$init/uid_map)"
expect_eq "inside, id says 0" "0 0" "$(vzctl exec $ct 'id -u; id -g' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "its cgroup is delegated to it" "$LU $LU" \
	"$(stat -c %u /sys/fs/cgroup/vz/$ct /sys/fs/cgroup/vz/$ct/cgroup.procs | tr '\n' ' ' | sed 's/ $//')"
expect_eq "its cgroup's limits stay the host's" "0" "$(stat -c %u /sys/fs/cgroup/vz/$ct/memory.max)"
expect_eq "inside, the CT's files are root's and the user's own" "0:0 1000:1001" \
	"$(vzctl exec $ct 'ls -ln /bin/busybox /opt/t/user1000' | awk '{ print $3 ":" $4 }' | tr '\n' ' ' | sed 's/ $//')"
escape "userns CT"
expect_eq "core_pattern is unchanged" "$pattern" "$(cat /proc/sys/kernel/core_pattern)"
if vzctl set $ct --userns no > $out/msg 2>&1; then fail "set --userns on a running CT"; else
	ok "set --userns on a running CT is refused: $(cat $out/msg)"; fi
check "the private area was left as it was" test "$(stat -c %u $priv/bin/busybox)" = "$LU"

vzctl exec $ct 'setsid /opt/t/userns00 /opt/t < /dev/null > /dev/null 2>&1 &'
for i in $(seq 60); do grep -q '^ready\|^FAIL' $t/userns00.out 2>/dev/null && break; sleep 0.5; done
read -r _ upid kpid map < <(grep '^ready' $t/userns00.out)
check "userns00 is ready ($(head -1 $t/userns00.out))" test -n "$kpid"
expect_eq "it sees the CT's map" "0,$LU,65536" "$map"

# Every task's ids: from the host (kernel ids) and from inside (as the CT sees them).
ids_host() { local p; for p in $(cat /sys/fs/cgroup/vz/$ct/cgroup.procs); do
	awk '/^NSpid:/ { id = $NF } /^Uid:/ { u = $2 " " $3 " " $4 " " $5 } /^Gid:/ { g = $2 " " $3 " " $4 " " $5 }
		/^Groups:/ { $1 = ""; gr = $0 } /^CapEff:/ { c = $2 } END { print id, u, g, gr, c }' /proc/$p/status
	done | sort -n; }
# Inside, the shell and tools of the vzctl exec that looks are left out.
ids_inside() { vzctl exec $ct 'cd /proc && for p in [0-9]*; do [ -r $p/status ] &&
	echo $p $(grep -E "^(Name|Uid|Gid|Groups|CapEff):" $p/status); done' |
	grep -v 'Name: \(sh\|grep\|cat\)' | sort -n; }
host_before=$(ids_host)
inside_before=$(ids_inside)
check "from the host, userns00's child is LOCAL_UID+1000" sh -c "echo '$host_before' | grep -q '^$kpid $((LU + 1000)) '"

if vzctl chkpnt $ct > $out/msg 2>&1; then ok "chkpnt"; else fail "chkpnt: $(cat $out/msg)"; fi
dump=/vz/dump/Dump.$ct
check "dumpinfo says the image is of a userns CT" sh -c "vzctl dumpinfo $dump | grep -q 'userns=yes'"
check "and holds ids as the CT sees them (userns00's child: 1000)" \
	sh -c "vzctl dumpinfo $dump | grep -A3 ' pid=$kpid ' | grep -q 'uids=.1000 1000 1000 1000.'"

# Hostile images: ids outside the CT's map, or an image that says it is of a CT without a userns.
$P/imgedit taskcred $dump $out/baduid $kpid uid 70000
if vzctl restore $ct --dumpfile $out/baduid > $out/msg 2>&1; then fail "an image with uid 70000 restored"; else
	check "an image with a task uid outside the map is refused ($(grep Error $out/msg))" grep -q "does not map" $out/msg; fi
check "after that refusal the CT is not running" sh -c "! vzctl status $ct | grep -q running"
$P/imgedit taskcred $dump $out/badgid $upid gid 70001
if vzctl restore $ct --dumpfile $out/badgid > $out/msg 2>&1; then fail "an image with gid 70001 restored"; else
	check "an image with a task gid outside the map is refused ($(grep Error $out/msg))" \
		grep -q "group id that CT $ct's user namespace does not map" $out/msg; fi
$P/imgedit taskcred $dump $out/badgid $upid gid 4294967295
if vzctl restore $ct --dumpfile $out/badgid > $out/msg 2>&1; then fail "an image with gid -1 restored"; else
	check "an image with gid -1 is refused ($(grep Error $out/msg))" grep -q "invalid uid or gid" $out/msg; fi
$P/imgedit header $dump $out/noflag flags 0
if vzctl restore $ct --dumpfile $out/noflag > $out/msg 2>&1; then fail "a userns image without its flag restored"; else
	check "an image that says no userns is refused in a userns CT ($(grep Error $out/msg))" \
		grep -q "without a user namespace" $out/msg; fi

if vzctl restore $ct > $out/msg 2>&1; then ok "restore"; else fail "restore: $(cat $out/msg)"; fi
init=$(cat /var/run/vz/$ct.pid)
expect_eq "its init is still LOCAL_UID" "$LU" "$(awk '/^Uid:/ { print $2 }' /proc/$init/status)"
expect_eq "its uid map is the same" "0 $LU 65536" "$(awk '{ print $1, $2, $3 }' /proc/$init/uid_map)"
expect_eq "ids seen from the host as before" "$host_before" "$(ids_host)"
expect_eq "ids seen from inside as before" "$inside_before" "$(ids_inside)"
vzctl exec $ct "kill -USR2 $upid"
for i in $(seq 60); do grep -q '^PASS\|^FAIL' $t/userns00.out && break; sleep 0.5; done
check "userns00 verified its memory, ids, caps and files ($(tail -1 $t/userns00.out))" grep -q '^PASS userns00' $t/userns00.out
expect_eq "inside, id still says 0" "0" "$(vzctl exec $ct 'id -u')"
escape "restored userns CT"
expect_eq "core_pattern is unchanged" "$pattern" "$(cat /proc/sys/kernel/core_pattern)"

# A group below the CT's own (its root may make one: the group is delegated to it; made here from
# the host) with a task in it: the CT counts as running, a checkpoint is refused (the image carries
# no cgroup tree) with the CT left running, and the group goes with the CT when it stops.
cgct=/sys/fs/cgroup/vz/$ct
mkdir $cgct/sub
vzctl exec $ct 'sleep 600 > /dev/null 2>&1 < /dev/null & echo $! > /tmp/sleeper' < /dev/null
sleeper=$(for p in $(cat $cgct/cgroup.procs); do
	[ "$(cat /proc/$p/comm)" = sleep ] && echo "$p"; done | head -1)
echo "$sleeper" > $cgct/sub/cgroup.procs
check "a task of the CT in a group below its own" test "$(cat $cgct/sub/cgroup.procs)" = "$sleeper"
check "the CT still counts as running" sh -c "vzctl status $ct | grep -q running"
if vzctl chkpnt $ct --dumpfile $out/sub.img > $out/msg 2>&1; then
	fail "a CT with a task in a group below its own was checkpointed"
else
	case "$(cat $out/msg)" in
	*"is in a cgroup below CT $ct's own"*) ok "chkpnt refused: $(cat $out/msg)" ;;
	*) fail "chkpnt: unexpected message: $(cat $out/msg)" ;;
	esac
fi
check "the CT still runs, not frozen" sh -c "vzctl status $ct | grep -q running && grep -q '^frozen 0' $cgct/cgroup.events"
# Back in the CT's own group, the (empty) group below stays until the CT stops.
echo "$sleeper" > $cgct/cgroup.procs

# A userns image into the same CT without its userns: refused (its uid 0 would be the host's).
check "chkpnt again" vzctl chkpnt $ct
check "the group below the CT's went with it" test ! -e /sys/fs/cgroup/vz/$ct
check "set --userns no (stopped by the chkpnt)" vzctl set $ct --userns no
if vzctl restore $ct > $out/msg 2>&1; then fail "a userns image restored into a CT without userns"; else
	check "a userns image into a non-userns CT is refused ($(grep Error $out/msg))" \
		grep -q "with a user namespace" $out/msg; fi
expect_eq "turned off, busybox is the host's root's again" "0:0" "$(stat -c %u:%g $priv/bin/busybox)"
expect_eq "the user's file is 1000:1001 again" "1000:1001" "$(stat -c %u:%g $t/user1000)"
expect_eq "the setuid program keeps its bit" "4755 0" "$(stat -c '%a %u' $t/suid)"
check "and the file capability" sh -c "getcap $t/fcap | grep -q cap_net_raw"
check "start without userns" vzctl start $ct
init=$(cat /var/run/vz/$ct.pid)
expect_eq "its init is the host's root" "0" "$(awk '/^Uid:/ { print $2 }' /proc/$init/status)"
vzctl stop $ct --fast > /dev/null 2>&1
vzctl destroy $ct > /dev/null 2>&1

ct=141
if vzctl create $ct --userns yes > $out/create 2>&1; then ok "create --userns yes"; else fail "create --userns yes: $(cat $out/create)"; fi
expect_eq "create shifted the private area" "$((ct * 65536))" "$(stat -c %u /vz/private/$ct/bin/busybox)"
check "and the CT starts" vzctl start $ct
expect_eq "inside, id says 0" "0" "$(vzctl exec $ct 'id -u')"
vzctl stop $ct --fast > /dev/null 2>&1
vzctl destroy $ct > /dev/null 2>&1
rm -f $dump
done_testing
