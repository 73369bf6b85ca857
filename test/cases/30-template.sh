#!/bin/bash
# vm-boot: 2-containers
# The busybox OS template as installed: in /vz/template/cache under vz.conf's DEF_OSTEMPLATE name
# (with or without a --disk at /vz), owned by root, a static busybox with /sbin/init and an inittab
# without a getty; its init, as pid 1 of a new pid namespace, runs rcS, keeps running without a
# tty, and ends on SIGTERM as `vzctl stop` sends it.
. test/lib.sh
out=/tmp/t30
rm -rf $out
mkdir -p $out/root

name=$(sed -n 's/^DEF_OSTEMPLATE="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/vz/vz.conf)
expect_eq "DEF_OSTEMPLATE in vz.conf" busybox "$name"
t=/vz/template/cache/$name.tar.gz
check "the template is in /vz/template/cache ($(mountpoint -q /vz && echo 'on the /vz disk' || echo 'no disk'))" test -s "$t"
[ -s "$t" ] || done_testing

tar -tvzf "$t" > $out/list
expect_eq "every entry is owned by 0/0" "" "$(awk '$2 != "0/0"' $out/list)"
expect_eq "the root entry is drwxr-xr-x" "drwxr-xr-x ./" "$(awk '$6 == "./" {print $1, $6}' $out/list)"
check "it unpacks" tar --numeric-owner -xpzf "$t" -C $out/root
r=$out/root
expect_eq "/sbin/init is busybox" /bin/busybox "$(readlink $r/sbin/init)"
check "/bin/busybox is static" sh -c "! ldd $r/bin/busybox >/dev/null 2>&1"
for a in sh ls cat ps ping ip ifconfig hostname sleep mount kill; do
	p=$(ls $r/bin/$a $r/sbin/$a $r/usr/bin/$a $r/usr/sbin/$a 2>/dev/null | head -n 1)
	[ -n "$p" ] && [ "$(readlink "$p")" = /bin/busybox ] || fail "applet $a is linked to busybox"
done
ok "the applets are linked to busybox"
expect_eq "a shell runs in it" "hello from $(uname -m)" "$(chroot $r /bin/sh -c 'echo hello from $(uname -m)')"
check "the inittab runs rcS" grep -q '^::sysinit:/etc/init.d/rcS$' $r/etc/inittab
check "and starts no getty" sh -c "! grep -v '^#' $r/etc/inittab | grep -q getty"
check "rcS is executable" test -x $r/etc/init.d/rcS
check "root in /etc/passwd" grep -q '^root:x:0:0:.*:/bin/sh$' $r/etc/passwd
check "root in /etc/group" grep -q '^root:x:0:' $r/etc/group
check "/etc/hostname" test -s $r/etc/hostname
check "/etc/hosts has localhost" grep -q '^127.0.0.1[[:space:]].*localhost' $r/etc/hosts
for d in proc sys dev tmp root var/run; do
	[ -d $r/$d ] || fail "directory /$d"
done
ok "the empty directories are there"
expect_eq "/tmp is sticky and world-writable" 1777 "$(stat -c %a $r/tmp)"

# The template's init as a container's pid 1, with no tty: it must run rcS and stay up.
unshare --pid --fork --mount --uts chroot $r /sbin/init < /dev/null > $out/init.log 2>&1 &
ushare=$!
disown	# its end by SIGHUP (a reboot in a pid namespace) is no job news
up=""
for i in $(seq 50); do
	init=$(pgrep -P $ushare -x init)
	# rcS greets /dev/console: in this bare chroot, a file.
	[ -n "$init" ] && grep -q ': up$' $r/dev/console 2>/dev/null && { up=1; break; }
	sleep 0.1
done
check "busybox init starts as pid 1 and runs rcS" test -n "$up"
sleep 1
check "and keeps running without a tty" kill -0 "${init:-0}"
expect_eq "it is pid 1 in its namespace" 1 "$(awk '/^NSpid:/ {print $3}' /proc/${init:-0}/status 2>/dev/null)"
kill -TERM "${init:-0}" 2>/dev/null
for i in $(seq 100); do kill -0 $ushare 2>/dev/null || break; sleep 0.1; done
if kill -0 $ushare 2>/dev/null; then
	fail "init ends within 10 s of SIGTERM"
	kill -KILL "${init:-0}" $ushare 2>/dev/null
else
	ok "init ends within 10 s of SIGTERM"
fi
sed 's/^/# init: /' $out/init.log
rm -rf $out
done_testing
