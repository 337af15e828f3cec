#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make: build the patched kernel (build/linux) and boot it on QEMU's ARM
# 'virt' board with a virtio-iommu and, behind it, virtio-blk disks and a
# virtio-net NIC doing real I/O; the guest also runs the series' KUnit
# suites and prints a report (scripts/guest.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OUT=$BUILD/demo-arm

progress "checking packages"
"$TOP/scripts/deps.sh" base build arm demo
# Boot what series/ holds, whatever ran before (make check leaves
# build/linux at its base commit on first use).
"$TOP/scripts/tree.sh" --ensure
ver=$(kernel_version "$LINUX") || die "build/linux is not a 6.12 tree"
progress "kernel: Linux $ver + $(lgit log --format=%H --diff-filter=ACDMRT base..HEAD -- . | wc -l) patches ($(lgit log -1 --format='%h %s'))"

arm_config "$LINUX" "$OUT" "$TOP/configs/hardened.config"
[ -z "$(config_lost "$OUT")" ] ||
	die "configuration: $(config_lost "$OUT" | tr '\n' ' ')did not survive olddefconfig"
mk() {
	make -s -C "$LINUX" O="$OUT" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "$@"
}
progress "building the kernel (a few minutes cold, seconds when incremental)"
mk zImage >"$BUILD/demo-build.log" 2>&1 || { tail -20 "$BUILD/demo-build.log"; die "kernel build failed (see $BUILD/demo-build.log)"; }

exec "$TOP/scripts/guest.sh" "$OUT/arch/arm/boot/zImage" demo
