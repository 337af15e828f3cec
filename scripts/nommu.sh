#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# nommu.sh TREE OUT LOG: build TREE for QEMU's mps2-an385 board (Cortex-M3,
# no MMU) from mps2_defconfig plus configs/nommu.config in OUT, boot it with
# the default coherent pool of configs/nommu-pool.dtsi, and write the
# console log (KUnit's KTAP output) to LOG. Fails if the kernel does not
# build or the guest does not end by itself.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=$1 out=$2 log=$3
dtb_addr=0x21f00000

mk() {
	make -s -C "$tree" O="$out" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "$@"
}
mkdir -p "$out"
mk mps2_defconfig >/dev/null
cat "$TOP/configs/nommu.config" >>"$out/.config"
mk olddefconfig >/dev/null 2>&1
while read -r line; do
	case $line in
	CONFIG_*|"# CONFIG_"*" is not set")
		grep -qxF "$line" "$out/.config" || die "noMMU config: '$line' did not survive olddefconfig" ;;
	esac
done <"$TOP/configs/nommu.config"
if ! mk vmlinux arm/mps2-an385.dtb >"$out/build.log" 2>&1; then
	tail -20 "$out/build.log"
	die "the noMMU kernel does not build (see $out/build.log)"
fi

# The board's device tree plus the pool, command line and restart path.
{ dtc -q -I dtb -O dts "$out/arch/arm/boot/dts/arm/mps2-an385.dtb" &&
  cat "$TOP/configs/nommu-pool.dtsi"; } |
	dtc -q -I dts -O dtb -o "$out/kunit.dtb" - || die "cannot make the noMMU device tree"

entry=$("${CROSS}readelf" -h "$out/vmlinux" | awk '/Entry point/ { print $4 }')
"${CROSS}gcc" -mcpu=cortex-m3 -mthumb -mfloat-abi=soft -nostdlib -static \
	-Wl,-Ttext=0 -Wl,--build-id=none -DKERNEL_ENTRY="$entry" \
	-DDTB_ADDR=$dtb_addr -o "$out/shim.elf" "$TOP/qemu/mps2-shim.S" ||
	die "cannot build the boot shim"

# NOMMU_BUILD_ONLY=1: the kernel, device tree and shim only (make check
# builds them while other runs boot).
[ -z "${NOMMU_BUILD_ONLY:-}" ] || exit 0

# KUnit ends with a restart, which -no-reboot turns into QEMU's exit.
rc=0
timeout 300 qemu-system-arm -M mps2-an385 -m 16M -nodefaults -nographic \
	-serial stdio -no-reboot \
	-device loader,file="$out/shim.elf" \
	-device loader,file="$out/vmlinux" \
	-device loader,file="$out/kunit.dtb",addr=$dtb_addr \
	</dev/null >"$log" 2>&1 || rc=$?
[ $rc = 0 ] || die "the noMMU guest did not end by itself (QEMU exit $rc, see $log)"
