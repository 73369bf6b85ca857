#!/bin/sh
# Print the release of the newest installed Debian kernel image that has its headers installed:
# the kernel the test VM boots and the modules are built for.
set -eu
best=""
for img in /boot/vmlinuz-*; do
	[ -e "$img" ] || continue
	kver=${img#/boot/vmlinuz-}
	[ -d "/lib/modules/$kver/build" ] || continue
	best="$best $kver"
done
[ -n "$best" ] || { echo "kver: no kernel image with headers installed (run make deps)" >&2; exit 1; }
# shellcheck disable=SC2086
printf '%s\n' $best | sort -V | tail -n 1
