#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# guest.sh ZIMAGE [NAME]: boot an ARM kernel built from configs/arm.config
# (plus the KUnit fragments) on QEMU's 'virt' board with a virtio-iommu and,
# behind it, two virtio-blk disks (raw, and an ext2 file system the host
# makes) and a virtio-net NIC on a user-mode netdev. The guest (qemu/init)
# does real I/O on them, streams from the vivid V4L2 driver with Debian's
# v4l2-ctl (vb2-dma-contig buffers: mmap, and dma-buf export and import),
# allocates from the write-combined dma-buf heaps (the kernel's heap
# selftest, the series' one, vivid capturing into heap buffers), runs the
# series' KUnit suites and reports; this script checks the data
# on both sides and scans the kernel log.
# Used by 'make' (the demo) and 'make check'. Output: build/NAME.* (NAME
# defaults to "guest").
# GUEST_HARDENED=1 (make check's arm-hardened run, on a kernel with KASAN,
# kmemleak and fault injection): four CPUs; the guest prints every KUnit
# suite's results as KTAP (build/NAME.d/ktap/SUITE.PHASE), runs the suites
# of GUEST_RERUN again with fault injection armed, and fails on a kmemleak
# report.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
zimage=$1
name=${2:-guest}
W=$BUILD/$name
rm -rf "$W.d"
mkdir -p "$W.d/fs" "$W.d/tftp"

# v4l2-ctl streams from the vivid driver in the guest; the dma-buf heap
# selftests and heap-capture are built from the kernel's tree.
"$TOP/scripts/v4l2-root.sh" "$W.d/v4l2-root"
"$TOP/scripts/heap-root.sh" "$W.d/heap-root" "$(cd "$(dirname "$zimage")/../../.." && pwd)"
cp -a "$W.d/heap-root/." "$W.d/v4l2-root/"
INITRAMFS_ROOT=$W.d/v4l2-root "$TOP/scripts/initramfs.sh" "$W.d/initramfs.cpio.gz"
md5() { md5sum "$1" | cut -d' ' -f1; }
# vda: raw, 1 MiB of random data at the start.
head -c 1048576 /dev/urandom >"$W.d/raw.img"
truncate -s 64M "$W.d/raw.img"
disk_md5=$(head -c 1048576 "$W.d/raw.img" | md5sum | cut -d' ' -f1)
# vdb: ext2 holding a 4 MiB file.
head -c 4194304 /dev/urandom >"$W.d/fs/host.bin"
fs_md5=$(md5 "$W.d/fs/host.bin")
truncate -s 64M "$W.d/ext2.img"
mke2fs -q -F -t ext2 -L demo -d "$W.d/fs" "$W.d/ext2.img"
# The TFTP server of QEMU's user-mode network serves 2 MiB to the guest;
# what the guest sends to 10.0.2.100:1234 lands in tx.bin.
head -c 2097152 /dev/urandom >"$W.d/tftp/rx.bin"
rx_md5=$(md5 "$W.d/tftp/rx.bin")
: >"$W.d/tx.bin"

# iommu_platform=on: the virtio devices negotiate VIRTIO_F_ACCESS_PLATFORM
# and so go through the DMA API and the IOMMU; without it they would hand
# physical addresses to QEMU and bypass both. The pci-testdev, which no
# driver binds to, is the device the dma_iommu suite takes over while the
# disks and the NIC do I/O.
vio=iommu_platform=on,disable-legacy=on
board=(-machine virt,highmem=off -device virtio-iommu-pci
       -drive if=none,id=disk0,format=raw,file="$W.d/raw.img"
       -device virtio-blk-pci,drive=disk0,$vio
       -drive if=none,id=disk1,format=raw,file="$W.d/ext2.img"
       -device virtio-blk-pci,drive=disk1,$vio
       -chardev file,id=tx,path="$W.d/tx.bin"
       -netdev user,id=net0,tftp="$W.d/tftp",guestfwd=tcp:10.0.2.100:1234-chardev:tx
       -device virtio-net-pci,netdev=net0,$vio
       -device pci-testdev)
board_dtb "$W.dtb" "${board[@]}" || die "cannot make the device tree (see $W.dtb.log)"

progress "booting on qemu-system-arm -M virt,highmem=off: virtio-iommu, 2 virtio-blk, virtio-net, pci-testdev"
log=$W.log
hardened=${GUEST_HARDENED:-}
extra=() append= limit=900
if [ -n "$hardened" ]; then
	extra=(-smp 4)
	append=" demo.hardened=1 demo.rerun=${GUEST_RERUN:-dma_fault}"
	limit=2400
fi
timeout $limit qemu-system-arm -m 1024 -nographic -no-reboot -nodefaults -serial stdio \
	-kernel "$zimage" -initrd "$W.d/initramfs.cpio.gz" -dtb "$W.dtb" "${extra[@]}" \
	-append "console=ttyAMA0 loglevel=5 panic=-1 cma=128M vivid.allocators=1 demo.disk_md5=$disk_md5 demo.fs_md5=$fs_md5 demo.rx_md5=$rx_md5$append" \
	"${board[@]}" </dev/null >"$log" 2>&1 || true
tr -d '\r' <"$log" | sed -n '/^==== DMA report/,/^==== end of report/p' |
	awk '/^DEMO-KTAP-BEGIN/ { skip = 1 } !skip && !/^DEMO-/ { print } /^DEMO-KTAP-END/ { skip = 0 }'
progress "guest powered off; full console log: $log"

bad=0
fail() { echo "FAIL: $*"; bad=1; }
clog=$(tr -d '\r' <"$log")
grep -q '^==== end of report' <<<"$clog" || fail "the guest did not finish its report"
grep '^DEMO-RESULT .* FAIL' <<<"$clog" | sed 's/^DEMO-RESULT /FAIL: guest check /' || true
grep -q '^DEMO-RESULT .* FAIL' <<<"$clog" && bad=1
for r in v4l2-mmap v4l2-dmabuf; do
	grep -q "^DEMO-RESULT $r " <<<"$clog" || fail "the guest did not stream from vivid ($r)"
done
for r in heap-selftest heap-share heap-cma-64m v4l2-heap-system-uncached \
	 v4l2-heap-reserved-uncached v4l2-heap-dma-kunit-wc; do
	grep -q "^DEMO-RESULT $r " <<<"$clog" || fail "the guest did not run the dma-buf heap check $r"
done
for d in virtio_blk virtio_net; do
	grep -q "^DEMO-VIRTIO $d 1" <<<"$clog" || fail "$d does not use the DMA API (VIRTIO_F_ACCESS_PLATFORM)"
done
# Host side: what the guest wrote to the file system and sent on the net.
want=$(sed -n 's/^DEMO-FS guest.bin //p' <<<"$clog")
got=$(debugfs -R "cat /guest.bin" "$W.d/ext2.img" 2>/dev/null | md5sum | cut -d' ' -f1)
if [ -n "$want" ] && [ "$want" = "$got" ]; then
	echo "host: /guest.bin in the ext2 image matches what the guest wrote"
else
	fail "the ext2 image does not hold what the guest wrote"
fi
e2fsck -fn "$W.d/ext2.img" >"$W.d/e2fsck.out" 2>&1 || fail "e2fsck finds errors in the image (see $W.d/e2fsck.out)"
want=$(sed -n 's/^DEMO-TX //p' <<<"$clog")
if [ -n "$want" ] && [ "$want" = "$(md5 "$W.d/tx.bin")" ]; then
	echo "host: the 2 MiB the guest sent over TCP arrived intact"
else
	fail "what the guest sent over TCP did not arrive intact"
fi
if awk '/^DEMO-KUNIT/ && $4 > 0 { f = 1 } END { exit !f }' <<<"$clog"; then
	fail "a KUnit case failed"
fi
grep -q '^DEMO-KUNIT' <<<"$clog" || fail "no KUnit suite ran in the guest"
if [ -n "$hardened" ]; then
	# One KTAP document per suite and phase, for kunit.py parse.
	mkdir -p "$W.d/ktap"
	awk -v dir="$W.d/ktap" '
		/^DEMO-KTAP-BEGIN / { f = dir "/" $2 "." $3; printf "" >f; next }
		/^DEMO-KTAP-END/ { close(f); f = ""; next }
		f != "" { print >>f }' <<<"$clog"
	ls "$W.d/ktap" | grep -q '\.armed$' || fail "no suite ran with fault injection armed"
	! grep -q 'kmemleak: Kernel memory leak detector disabled' <<<"$clog" ||
		fail "kmemleak disabled itself (see $log)"
	grep -q '^DEMO-KMEMLEAK 0$' <<<"$clog" ||
		fail "kmemleak: $(sed -n 's/^DEMO-KMEMLEAK //p' <<<"$clog" | head -1) unreferenced objects (see $log)"
fi
"$TOP/scripts/scanlog.sh" "$log" || fail "the kernel log has a DMA-API debug, WARN, BUG or lockdep report"
[ $bad = 0 ] && echo "guest: all checks passed"
exit $bad
