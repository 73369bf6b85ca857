#!/bin/sh
# customize.sh FILES ROOT: mkdebian.sh's changes to the freshly made Debian system at ROOT.
set -eu
files=$1 root=$2

# inittab: no getty on the consoles a CT does not have; SIGPWR (vzctl stop) is a shutdown.
sed -i -e '/^[1-6]:[0-9]*:respawn:\/sbin\/getty/d' \
	-e 's|^pf::powerwait:.*|pf::powerwait:/sbin/shutdown -h now "vzctl stop"|' \
	-e '/^pn::powerfailnow:/d' -e '/^po::powerokwait:/d' "$root/etc/inittab"
grep -q '^pf::powerwait:/sbin/shutdown' "$root/etc/inittab"

# Each CT its own SSH host keys, made at its first start.
rm -f "$root"/etc/ssh/ssh_host_*
install -m 0755 "$files/ssh-hostkeys" "$root/etc/init.d/ssh-hostkeys"
chroot "$root" update-rc.d ssh-hostkeys defaults > /dev/null

# MariaDB's InnoDB does its I/O through io_uring (or libaio), whose requests in flight no
# checkpoint carries (vzctl chkpnt names it and refuses): its own threads do the I/O instead.
if [ -d "$root/etc/mysql/mariadb.conf.d" ]; then
	printf '%s\n' '# A CT that can be checkpointed: no io_uring or libaio (vzctl chkpnt refuses them).' \
		'[mysqld]' 'innodb_use_native_aio = 0' > "$root/etc/mysql/mariadb.conf.d/60-vzcpt.cnf"
fi

# What belongs to the machine it was built on, or to each CT: vzctl writes the CT's.
echo localhost > "$root/etc/hostname"
: > "$root/etc/resolv.conf"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
printf 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n' \
	> "$root/etc/network/interfaces"
: > "$root/etc/fstab"
rm -f "$root/etc/machine-id" "$root/var/lib/dbus/machine-id"
# The packages' lists: a CT runs apt-get update before it installs anything.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
