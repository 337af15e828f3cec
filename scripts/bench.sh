#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the in-tree dma_map_benchmark on the legacy ARM IOMMU path
# (the series up to just before "ARM: dma-mapping: use iommu-dma for
# devices behind an IOMMU") against the common iommu-dma path (the whole
# series), strict and lazy, in one run on the same QEMU, through two
# IOMMUs in each boot: a PCI device behind QEMU's virtio-iommu, and a
# platform master behind the software IOMMU of bench/bench-iommu.patch
# (applied to both kernels; its map and unmap cost a store per page, so
# what differs is the DMA layer above it). A benchmark, not a test: it
# fails only if a guest does not finish or its log has a DMA-API debug,
# WARN or BUG report. The timed boots run with DMA-API debugging off
# (dma_debug=off); one more boot per variant, with it on, is not timed.
#
# Variables: ROUNDS (boots per variant, alternated; default 3), SECS
# (seconds per benchmark run; default 5), GRANULES (default 1,16), THREADS
# (default 1,2,4).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-5}
GRANULES=${GRANULES:-1,16}
THREADS=${THREADS:-1,2,4}
SWITCH="ARM: dma-mapping: use iommu-dma for devices behind an IOMMU"
SRC=$BUILD/bench-src
RES=$BUILD/bench

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
	make -s -C "$SRC" O="$BUILD/bench-$1" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "${@:2}"
}
for k in legacy common; do
	progress "building the $k kernel ($(lgit log -1 --format='%h %s' "${commit[$k]}"))"
	git -C "$SRC" reset -q --hard
	git -C "$SRC" clean -qfd drivers/iommu
	git -C "$SRC" checkout -q --detach "${commit[$k]}"
	git -C "$SRC" apply "$TOP/bench/bench-iommu.patch" ||
		die "bench/bench-iommu.patch does not apply to the $k kernel"
	mkdir -p "$BUILD/bench-$k"
	cat "$TOP/configs/arm.config" "$TOP/configs/bench.config" >"$BUILD/bench-$k/.config"
	mk $k olddefconfig >/dev/null
	for o in SMP DMA_MAP_BENCHMARK DMA_API_DEBUG VIRTIO_IOMMU BENCH_IOMMU \
		 "$([ $k = legacy ] && echo ARM_DMA_USE_IOMMU || echo IOMMU_DMA)"; do
		grep -qx "CONFIG_$o=y" "$BUILD/bench-$k/.config" ||
			die "the $k kernel's configuration lost CONFIG_$o"
	done
	mk $k zImage >"$RES/build-$k.log" 2>&1 ||
		{ tail -20 "$RES/build-$k.log"; die "the $k kernel does not build (see $RES/build-$k.log)"; }
	cp "$BUILD/bench-$k/arch/arm/boot/zImage" "$RES/zImage-$k"
done

progress "building dma_map_benchmark (tools/testing/selftests/dma) and the initramfs"
mkdir -p "$RES/inc/linux"
cp "$SRC/include/linux/map_benchmark.h" "$RES/inc/linux/"
"${CROSS}gcc" -static -O2 -Wall -I"$RES/inc" -o "$RES/dma_map_benchmark" \
	"$SRC/tools/testing/selftests/dma/dma_map_benchmark.c"
"$TOP/scripts/initramfs.sh" "$RES/initramfs.cpio.gz" "$TOP/qemu/bench-init" \
	"$RES/dma_map_benchmark"

board=(-machine virt,highmem=off -smp 4 -device virtio-iommu-pci -device pci-testdev)
board_dtb "$RES/virt-base.dtb" "${board[@]}" || die "cannot make the device tree"
{ dtc -q -I dtb -O dts "$RES/virt-base.dtb" && cat "$TOP/configs/bench-iommu.dtsi"; } |
	dtc -q -I dts -O dtb -o "$RES/virt.dtb" - ||
	die "cannot add configs/bench-iommu.dtsi to the device tree"

# variant -> kernel and extra command line
declare -A kern=([legacy]=legacy [strict]=common [lazy]=common)
declare -A cmdl=([legacy]="" [strict]="iommu.strict=1" [lazy]="iommu.strict=0")
variants=(legacy strict lazy)
bad=0
# boot VARIANT LABEL SECONDS THREADS EXTRA-COMMAND-LINE
boot() {
	local v=$1 label=$2 log=$RES/$2.log
	timeout 1200 qemu-system-arm -m 1024 -nographic -no-reboot -nodefaults \
		-serial stdio -kernel "$RES/zImage-${kern[$v]}" \
		-initrd "$RES/initramfs.cpio.gz" -dtb "$RES/virt.dtb" \
		-append "console=ttyAMA0 loglevel=4 panic=-1 ${cmdl[$v]} $5 bench.label=$label bench.seconds=$3 bench.granules=$GRANULES bench.threads=$4" \
		"${board[@]}" </dev/null >"$log" 2>&1 || true
	tr -d '\r' <"$log" | grep -a '^BENCH-\(INFO\|FAIL\)' || true
	if ! tr -d '\r' <"$log" | grep -aq "^BENCH-DONE $label"; then
		echo "FAIL: the $label guest did not finish (see $log)"; bad=1
	fi
	"$TOP/scripts/scanlog.sh" "$log" || { echo "FAIL: kernel report in $log"; bad=1; }
}
# The timed boots run with DMA-API debugging off: its global entry lock
# would serialise the threads of both paths alike and hide what differs.
for r in $(seq "$ROUNDS"); do
	for v in "${variants[@]}"; do
		progress "round $r/$ROUNDS: $v"
		boot "$v" "$v-$r" "$SECS" "$THREADS" dma_debug=off
	done
done
# One boot per variant with it on, one second per run, not timed: a
# DMA-API debug report there fails the benchmark. One thread only:
# with two or more, an address freed by one thread's unmap and mapped by
# another before the first one's debug record is dropped makes DMA-API
# debugging drop the wrong record and report a false overlap ("cacheline
# tracking EEXIST"). "dma-mapping: drop the debug record of a mapping
# before unmapping it" fixes that, but the legacy kernel predates it.
for v in "${variants[@]}"; do
	progress "DMA-API debug check: $v"
	boot "$v" "$v-debug" 1 1 ""
done

# The table: medians and ranges over the rounds, from the timed boots
# that finished.
done_logs=()
for f in "$RES"/*-[0-9]*.log; do
	tr -d '\r' <"$f" | grep -aq '^BENCH-DONE ' && done_logs+=("$f")
done
[ ${#done_logs[@]} -gt 0 ] || die "no timed guest finished (see $RES/)"
cat "${done_logs[@]}" | tr -d '\r' | grep -a '^BENCH ' | sed 's/^\(BENCH [a-z]*\)-[0-9]* /\1 /' |
	awk -v host="$(qemu-system-arm --version | head -1)" -v secs="$SECS" \
	    -v rounds="$ROUNDS" -f "$TOP/scripts/bench-table.awk" | tee "$RES/table.md"
progress "table: $RES/table.md; guest logs: $RES/"
exit $bad
