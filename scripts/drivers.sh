#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# drivers.sh TREE OUT [COMMIT]: build, for 32-bit ARM, the IOMMU drivers
# and the IOMMU API users the series changes, and the dma-buf, vgem and
# vivid code its fixes and heaps touch, in multi_v7_defconfig plus
# configs/multi_v7-iommu.config. Only their directories are built (for
# nouveau, whose 700 files have one user of the ARM mapping, only that
# file), not the whole kernel. With COMMIT (checked out in TREE), only the
# entries COMMIT touches are built (COMMIT may be a range A..B: what it
# changes), incrementally on the configuration
# OUT already has (made on first use, and again when the fragment
# changes; the fragment merged again when COMMIT changes a Kconfig file,
# so that an option a patch adds takes the fragment's value; also when
# an earlier commit changed one and built nothing); a commit
# that touches none of them builds nothing. A commit that changes 32-bit
# ARM device trees builds every board of their vendor directory.
# arch/arm/mm/dma-mapping.o and kernel/dma/iommu_kunit.o are on the
# list, built when their source
# changes, for the IOMMU code in them (ARM's IOMMU mapping, ARM's glue to
# iommu-dma, the dma_iommu suite), which the small configuration of the
# bisect build leaves out; the rest of those directories it builds.
# Fails if an option of the fragment that the tree knows did not survive
# olddefconfig, or if anything warns.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TREE=$(realpath "${1:?tree}")
OUT=$(realpath -m "${2:?output directory}")
COMMIT=${3:-}
FRAG=$TOP/configs/multi_v7-iommu.config
DIRS="arch/arm/mm/dma-mapping.o kernel/dma/iommu_kunit.o drivers/iommu/ drivers/gpu/drm/exynos/
drivers/gpu/drm/rockchip/ drivers/gpu/drm/tegra/ drivers/gpu/host1x/
drivers/gpu/drm/nouveau/nvkm/engine/device/tegra.o
drivers/media/platform/nvidia/tegra-vde/
drivers/media/platform/ti/omap3isp/ drivers/media/platform/samsung/s5p-mfc/
drivers/media/platform/samsung/exynos4-is/
drivers/remoteproc/ drivers/net/ethernet/faraday/
drivers/dma-buf/ drivers/gpu/drm/vgem/ drivers/media/test-drivers/vivid/"
want=$DIRS
if [ -n "$COMMIT" ]; then
	case $COMMIT in
	*..*) changed=$(git -C "$TREE" diff --name-only "${COMMIT%%..*}" "${COMMIT##*..}") ;;
	*) changed=$(git -C "$TREE" diff-tree --no-commit-id --name-only -r "$COMMIT") ;;
	esac
	want=
	for d in $DIRS; do
		case $d in
		# An object: its source file (nouveau: the directory).
		arch/*.o|kernel/*.o) grep -qx "${d%.o}.c" <<<"$changed" && want="$want $d" ;;
		*) grep -q "^${d%/*}/" <<<"$changed" && want="$want $d" ;;
		esac
	done
	# The device trees it changes: every board of their vendor
	# directory, with dtc's warnings failing as the compiler's do.
	for v in $(grep '^arch/arm/boot/dts/.*/' <<<"$changed" | cut -d/ -f5 | sort -u); do
		for f in "$TREE/arch/arm/boot/dts/$v"/*.dts; do
			[ ! -f "$f" ] || want="$want $v/$(basename "${f%.dts}").dtb"
		done
	done
	if [ -z "$want" ]; then
		echo "no directory of the list to build"
		exit 0
	fi
fi
mk() {
	make -s -C "$TREE" O="$OUT" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "$@"
}
mkdir -p "$OUT"
sum=$(sha1sum <"$FRAG")
# The Kconfig files as they are now: when they changed since the last
# call (a commit that changed one built nothing of the list, say), the
# fragment is merged again, so that a new option takes its value.
ksum=$(cd "$TREE" && git ls-files -z -- '*Kconfig*' | xargs -0 cat | sha1sum)
if [ ! -f "$OUT/.config" ] || [ "$sum" != "$(cat "$OUT/.fragment-sum" 2>/dev/null)" ]; then
	rm -f "$OUT/.lost"
	fresh=1
	mk multi_v7_defconfig >/dev/null
	"$TREE/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$FRAG" >/dev/null
	echo "$sum" >"$OUT/.fragment-sum"
	mk olddefconfig >/dev/null
elif [ -z "$COMMIT" ] || [ "$ksum" != "$(cat "$OUT/.kconfig-sum" 2>/dev/null)" ]; then
	"$TREE/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$FRAG" >/dev/null
	mk olddefconfig >/dev/null
fi
echo "$ksum" >"$OUT/.kconfig-sum"
# An option of the fragment that the tree knows must survive
# olddefconfig. In the middle of the series (COMMIT given) an option may
# not be selectable yet (virtio-iommu on 32-bit ARM comes with the KUnit
# series): that is noted, and fails only if the option survived the
# previous build in OUT (this commit broke it; not when OUT's
# configuration was made in this run), or, with
# DRIVERS_LOST_OK=1 (a series built alone on the base), never.
missing=0 lost= fresh=${fresh:-}
while read -r line; do
	case $line in CONFIG_*) ;; *) continue ;; esac
	sym=${line%%=*}
	# An option a later patch adds.
	git -C "$TREE" grep -q -E "^(menu)?config ${sym#CONFIG_}\$" -- '*Kconfig*' || continue
	grep -qxF "$line" "$OUT/.config" && continue
	lost+="$line "
	if [ -z "$COMMIT" ] || { [ -z "${DRIVERS_LOST_OK:-}" ] && [ -z "$fresh" ] &&
	   ! grep -qxF "$line" "$OUT/.lost" 2>/dev/null; }; then
		echo "drivers: $line did not survive olddefconfig" >&2
		missing=1
	else
		echo "drivers: note: $line is not selectable here"
	fi
done <"$FRAG"
tr ' ' '\n' <<<"$lost" >"$OUT/.lost"
[ $missing -eq 0 ] || exit 1
# shellcheck disable=SC2086
mk $want >"$OUT/drivers.log" 2>&1 || { tail -30 "$OUT/drivers.log"; exit 1; }
if grep -E ' warning: |: Warning \(' "$OUT/drivers.log"; then
	exit 1
fi
echo "built for ARM (multi_v7): $(echo $want | wc -w) directories or files"
