#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make: build the patched kernel (build/linux), boot it on QEMU's ARM 'virt'
# board with a virtio-iommu, a virtio-blk disk behind it and a busybox
# initramfs; the guest runs the series' KUnit suites and prints a report.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OUT=$BUILD/demo-arm

progress "checking packages"
"$TOP/scripts/deps.sh" base build arm demo
if [ ! -d "$LINUX/.git" ]; then
	"$TOP/scripts/tree.sh"
fi
ver=$(kernel_version "$LINUX") || die "build/linux is not a 6.12 tree"
progress "kernel: Linux $ver + $(($(lgit rev-list --count base..HEAD) - 1)) patches ($(lgit log -1 --format='%h %s'))"

mkdir -p "$OUT"
{
	cat "$TOP/configs/arm.config" "$TOP/configs/dma.kunitconfig" \
		"$TOP/configs/arm-dma.kunitconfig"
} >"$OUT/.config"
mk() {
	make -s -C "$LINUX" O="$OUT" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "$@"
}
progress "building the kernel (a few minutes cold, seconds when incremental)"
mk olddefconfig >/dev/null
mk zImage >"$BUILD/demo-build.log" 2>&1 || { tail -20 "$BUILD/demo-build.log"; die "kernel build failed (see $BUILD/demo-build.log)"; }

progress "making the initramfs and the disk"
"$TOP/scripts/initramfs.sh" "$BUILD/demo-initramfs.cpio.gz"
disk=$BUILD/demo-disk.img
head -c 1048576 /dev/urandom >"$disk"
truncate -s 64M "$disk"
md5=$(head -c 1048576 "$disk" | md5sum | cut -d' ' -f1)

board=(-machine virt,highmem=off -device virtio-iommu-pci
       -drive if=none,id=disk0,format=raw,file="$disk"
       -device virtio-blk-pci,drive=disk0)
dtb=$BUILD/demo.dtb
board_dtb "$dtb" "${board[@]}" || die "cannot make the device tree (see $dtb.log)"

progress "booting on qemu-system-arm -M virt,highmem=off with virtio-iommu"
log=$BUILD/demo.log
timeout 900 qemu-system-arm -m 1024 -nographic -no-reboot -nodefaults -serial stdio \
	-kernel "$OUT/arch/arm/boot/zImage" -initrd "$BUILD/demo-initramfs.cpio.gz" \
	-dtb "$dtb" -append "console=ttyAMA0 loglevel=4 panic=-1 demo.disk_md5=$md5" \
	"${board[@]}" </dev/null >"$log" 2>&1 || true
sed -n '/^==== DMA report/,/^==== end of report/p' "$log" | grep -v '^DEMO-'
progress "guest powered off; full console log: $log"

bad=0
grep -q '^==== end of report' "$log" || { echo "FAIL: the guest did not finish its report"; bad=1; }
grep -q '^DEMO-RESULT .* FAIL' "$log" && { echo "FAIL: disk I/O through the IOMMU"; bad=1; }
if awk '/^DEMO-KUNIT/ && $4 > 0 { f = 1 } END { exit !f }' "$log"; then
	echo "FAIL: a KUnit case failed"; bad=1
fi
grep -q '^DEMO-KUNIT' "$log" || { echo "FAIL: no KUnit suite ran in the guest"; bad=1; }
if ! "$TOP/scripts/scanlog.sh" "$log"; then
	echo "FAIL: the kernel log has a DMA-API debug, WARN, BUG or lockdep report"; bad=1
fi
[ $bad = 0 ] && echo "demo: all checks passed"
exit $bad
