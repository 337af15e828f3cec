#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# v4l2-root.sh DIR: Debian's armhf v4l2-ctl (package v4l-utils) with the
# shared libraries it needs, unpacked from the packages (never installed)
# into DIR as a root file system tree for the guest's initramfs:
# DIR/usr/bin/v4l2-ctl, DIR/lib/ld-linux-armhf.so.3 and the libraries.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$1
pkgs="v4l-utils libv4l-0 libv4lconvert0 libv4l2rds0 libc6 libgcc-s1 libstdc++6 libudev1 libjpeg62-turbo"
debs=$BUILD/v4l
mkdir -p "$debs"
missing=
for p in $pkgs; do
	ls "$debs/${p}_"*_armhf.deb >/dev/null 2>&1 || missing="$missing $p:armhf"
done
if [ -n "$missing" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx armhf; then
		[ "$(id -u)" = 0 ] ||
			die "armhf packages are not enabled; run: sudo dpkg --add-architecture armhf && sudo apt-get update"
		dpkg --add-architecture armhf
		apt-get update -qq >"$BUILD/apt.log" 2>&1 || true
	fi
	# shellcheck disable=SC2086
	(cd "$debs" && apt-get download -q $missing >"$BUILD/apt.log" 2>&1) ||
		{ apt-get update -qq >>"$BUILD/apt.log" 2>&1 || true
		  (cd "$debs" && apt-get download -q $missing >>"$BUILD/apt.log" 2>&1); } ||
		die "cannot download$missing (see $BUILD/apt.log)"
fi
rm -rf "$out" "$out.tmp"
mkdir -p "$out.tmp" "$out/usr/bin" "$out/lib" "$out/usr/lib"
for p in $pkgs; do
	dpkg -x "$(ls "$debs/${p}_"*_armhf.deb | head -1)" "$out.tmp"
done
cp "$out.tmp/usr/bin/v4l2-ctl" "$out/usr/bin/"
cp -a "$out.tmp/lib/." "$out/lib/"
cp -a "$out.tmp/usr/lib/arm-linux-gnueabihf" "$out/usr/lib/"
rm -rf "$out.tmp" "$out/usr/lib/arm-linux-gnueabihf/gconv"
[ -x "$out/usr/bin/v4l2-ctl" ] && [ -e "$out/lib/ld-linux-armhf.so.3" ] ||
	die "v4l2-ctl or the armhf loader is missing from the packages"
