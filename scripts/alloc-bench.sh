#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make alloc-bench: dma_alloc_coherent()/dma_free_coherent() for a
# non-coherent device on 32-bit ARM's own allocator (the series up to just
# before "ARM: dma-mapping: allocate coherent memory through dma-direct")
# against dma-direct (the whole series), in one run on the same QEMU:
# latency of GFP_KERNEL and GFP_ATOMIC allocations of 4 KiB to 8 MiB, and
# the pages a GFP_KERNEL buffer holds, without a CMA area and with one in
# lowmem. The benchmark is bench/alloc-bench.patch, applied to both
# kernels. Both boot with coherent_pool=4M, so that both atomic pools
# start at the same size (ARM's default was 256 KiB, the DMA core's is
# 128 KiB per GiB). A benchmark, not a test: it fails only if a guest does
# not finish or its log has a DMA-API debug, WARN or BUG report. The timed
# boots run with DMA-API debugging off; one more boot per variant, with
# it on, is not timed.
#
# Variables: ROUNDS (boots per variant, alternated; default 3).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
SWITCH="ARM: dma-mapping: allocate coherent memory through dma-direct"
SRC=$BUILD/bench-src
RES=$BUILD/alloc-bench

progress "checking packages"
"$TOP/scripts/deps.sh" base build arm bench
"$TOP/scripts/tree.sh" --ensure
sw=$(lgit log -1 --format=%H --fixed-strings --grep="$SWITCH" base..HEAD)
[ -n "$sw" ] || die "build/linux has no commit \"$SWITCH\""
declare -A commit=([legacy]=$(lgit rev-parse "$sw^") [common]=$(lgit rev-parse HEAD))

if [ ! -e "$SRC/.git" ]; then
	lgit worktree prune
	lgit worktree add -q --detach "$SRC" base || die "cannot create $SRC"
fi
mkdir -p "$RES"
rm -f "$RES"/*.log

mk() {
	make -s -C "$SRC" O="$BUILD/alloc-bench-$1" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "${@:2}"
}
for k in legacy common; do
	progress "building the $k kernel ($(lgit log -1 --format='%h %s' "${commit[$k]}"))"
	git -C "$SRC" reset -q --hard
	git -C "$SRC" clean -qfd drivers/iommu kernel/dma
	git -C "$SRC" checkout -q --detach "${commit[$k]}"
	git -C "$SRC" apply "$TOP/bench/alloc-bench.patch" ||
		die "bench/alloc-bench.patch does not apply to the $k kernel"
	mkdir -p "$BUILD/alloc-bench-$k"
	# DMA-API debugging built in, as in every run of this project (the
	# timed boots turn it off on the command line); debugfs for the file.
	{ cat "$TOP/configs/arm.config"
	  printf 'CONFIG_DEBUG_FS=y\nCONFIG_DMA_API_DEBUG=y\n'; } >"$BUILD/alloc-bench-$k/.config"
	mk $k olddefconfig >/dev/null
	for o in DMA_API_DEBUG DMA_CMA HIGHMEM DEBUG_FS \
		 "$([ $k = legacy ] && echo ARCH_HAS_DMA_ALLOC || echo ARCH_HAS_DMA_CAN_SET_UNCACHED)"; do
		grep -qx "CONFIG_$o=y" "$BUILD/alloc-bench-$k/.config" ||
			die "the $k kernel's configuration lacks CONFIG_$o"
	done
	mk $k zImage >"$RES/build-$k.log" 2>&1 ||
		{ tail -20 "$RES/build-$k.log"; die "the $k kernel does not build (see $RES/build-$k.log)"; }
	cp "$BUILD/alloc-bench-$k/arch/arm/boot/zImage" "$RES/zImage-$k"
done
git -C "$SRC" reset -q --hard
git -C "$SRC" clean -qfd kernel/dma

progress "building the initramfs"
"$TOP/scripts/initramfs.sh" "$RES/initramfs.cpio.gz" "$TOP/qemu/alloc-bench-init"
board=(-machine virt,highmem=off)
board_dtb "$RES/virt.dtb" "${board[@]}" || die "cannot make the device tree"

# layout -> command line
declare -A lay=([nocma]="" [cma]="cma=64M@0x44000000-0x60000000")
bad=0
# boot KERNEL LAYOUT LABEL EXTRA-COMMAND-LINE
boot() {
	local log=$RES/$3.log
	timeout 1200 qemu-system-arm -m 1024 -nographic -no-reboot -nodefaults \
		-serial stdio -kernel "$RES/zImage-$1" \
		-initrd "$RES/initramfs.cpio.gz" -dtb "$RES/virt.dtb" \
		-append "console=ttyAMA0 loglevel=4 panic=-1 coherent_pool=4M ${lay[$2]} $4 abench.label=$3" \
		"${board[@]}" </dev/null >"$log" 2>&1 || true
	tr -d '\r' <"$log" | grep -a '^ABENCH-FAIL' && bad=1
	if ! tr -d '\r' <"$log" | grep -aq "^ABENCH-DONE $3"; then
		echo "FAIL: the $3 guest did not finish (see $log)"; bad=1
	fi
	"$TOP/scripts/scanlog.sh" "$log" || { echo "FAIL: kernel report in $log"; bad=1; }
}
for r in $(seq "$ROUNDS"); do
	for l in nocma cma; do
		for k in legacy common; do
			progress "round $r/$ROUNDS: $k, $l"
			boot $k $l "$k-$l-$r" dma_debug=off
		done
	done
done
for l in nocma cma; do
	for k in legacy common; do
		progress "DMA-API debug check: $k, $l"
		boot $k $l "$k-$l-debug" ""
	done
done

done_logs=()
for f in "$RES"/*-[0-9]*.log; do
	tr -d '\r' <"$f" | grep -aq '^ABENCH-DONE ' && done_logs+=("$f")
done
[ ${#done_logs[@]} -gt 0 ] || die "no timed guest finished (see $RES/)"
cat "${done_logs[@]}" | tr -d '\r' | grep -a '^ABENCH [a-z]' |
	awk -v host="$(qemu-system-arm --version | head -1)" -v rounds="$ROUNDS" \
	    -f "$TOP/scripts/alloc-bench-table.awk" | tee "$RES/table.md"
progress "table: $RES/table.md; guest logs: $RES/"
exit $bad
