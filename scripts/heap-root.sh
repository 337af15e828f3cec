#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# heap-root.sh DIR KOUT: the guest's dma-buf heap programs, built for
# armhf (static) into DIR/usr/bin as a root file system tree for its
# initramfs: the kernel's own heap selftest and the series' one
# (tools/testing/selftests/dmabuf-heaps/ of the tree KOUT was built from)
# and qemu/heap-capture.c (vivid captures into heap buffers), against the
# uAPI headers of that tree. KOUT is the kernel's build directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$1 kout=$2
# The tree KOUT was configured from: its generated Makefile includes it.
src=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$kout/Makefile" | head -1)
[ -n "$src" ] && [ -d "$src/tools/testing/selftests/dmabuf-heaps" ] ||
	die "cannot find the source tree of $kout"
hdr=$out.hdr
rm -rf "$out" "$hdr"
mkdir -p "$out/usr/bin"
# Two guests may boot the same kernel at once: headers_install writes into
# KOUT, one at a time.
flock "$kout/.heap-root.lock" make -s -C "$kout" ARCH=arm headers_install \
	INSTALL_HDR_PATH="$hdr" >/dev/null
st=$src/tools/testing/selftests
# The kernel's selftests as they are (-w: their warnings are theirs); ours
# with warnings as errors.
for p in "$st/dmabuf-heaps/dmabuf-heap.c" "$st/dmabuf-heaps/dmabuf-heap-share.c" \
	 "$TOP/qemu/heap-capture.c"; do
	[ -f "$p" ] || die "missing $p"
	case $p in
	*/dmabuf-heap.c) warn=-w ;;
	*) warn="-Wall -Werror" ;;
	esac
	# shellcheck disable=SC2086
	"${CROSS}gcc" -static -O2 $warn -I"$hdr/include" -o "$out/usr/bin/$(basename "$p" .c)" "$p" ||
		die "cannot build $p for armhf (is libc6-dev-armhf-cross installed?)"
done
rm -rf "$hdr"
