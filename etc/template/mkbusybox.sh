#!/bin/sh
# mkbusybox.sh BUSYBOX FILES_DIR OUT: a root file system of a static busybox with every applet
# linked, the files of FILES_DIR (inittab, rcS, passwd...) on top, packed reproducibly (owner root,
# fixed times and order) into OUT.
set -eu
busybox=$1 files=$2 out=$3
if ! "$busybox" --list-full > /dev/null 2>&1 || ldd "$busybox" > /dev/null 2>&1; then
	echo "mkbusybox: $busybox is not a static busybox (install busybox-static)" >&2
	exit 1
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin"
cp "$busybox" "$root/bin/busybox"
"$busybox" --list-full | while read -r applet; do
	[ "$applet" = bin/busybox ] && continue
	mkdir -p "$root/$(dirname "$applet")"
	ln -sf /bin/busybox "$root/$applet"
done
for d in proc sys dev tmp root var/run var/log opt home mnt; do mkdir -p "$root/$d"; done
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
cp -R "$files/." "$root/"
# Modes not left to mktemp (0700) or the checkout's umask: the tarball's "./" becomes the
# private area's own mode when vzctl create unpacks it with -p.
chmod -R u+rwX,go+rX,go-w "$root/etc"
chmod 0755 "$root" "$root/etc/init.d/rcS"
mkdir -p "$(dirname "$out")"
tar -C "$root" --owner=0 --group=0 --numeric-owner --sort=name --mtime=@0 -cf - . |
	gzip -n -9 > "$out.tmp"
mv "$out.tmp" "$out"
