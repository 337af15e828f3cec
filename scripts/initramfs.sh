#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh OUT [INIT [FILE...]]: a tiny armhf initramfs (busybox from
# Debian's armhf busybox-static, unpacked, never installed) whose /init is
# INIT (default qemu/init, the demo report); each FILE goes to /bin.
# INITRAMFS_ROOT=DIR: a tree copied over the root as well (v4l2-ctl and
# its libraries, scripts/v4l2-root.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$1
init=${2:-$TOP/qemu/init}
shift $(($# > 1 ? 2 : 1))
dir=$BUILD/initramfs
deb=$(ls "$BUILD"/busybox-static_*_armhf.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx armhf; then
		[ "$(id -u)" = 0 ] ||
			die "armhf packages are not enabled; run: sudo dpkg --add-architecture armhf && sudo apt-get update"
		dpkg --add-architecture armhf
		apt-get update -qq >"$BUILD/apt.log" 2>&1 || true
	fi
	(cd "$BUILD" && apt-get download -q busybox-static:armhf >"$BUILD/apt.log" 2>&1) ||
		{ apt-get update -qq >>"$BUILD/apt.log" 2>&1 || true
		  (cd "$BUILD" && apt-get download -q busybox-static:armhf >>"$BUILD/apt.log" 2>&1); } ||
		die "cannot download busybox-static:armhf (see $BUILD/apt.log)"
	deb=$(ls "$BUILD"/busybox-static_*_armhf.deb | head -1)
fi
rm -rf "$dir"
mkdir -p "$dir"/{bin,dev,proc,sys,tmp} "$BUILD/bb"
dpkg -x "$deb" "$BUILD/bb"
cp "$BUILD/bb/bin/busybox" "$dir/bin/busybox"
cp "$init" "$dir/init"
for f in "$@"; do cp "$f" "$dir/bin/"; done
[ -z "${INITRAMFS_ROOT:-}" ] || cp -a "$INITRAMFS_ROOT/." "$dir/"
chmod +x "$dir/init"
(cd "$dir" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9) >"$out"
