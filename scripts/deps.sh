#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages a step needs, or say exactly what is missing.
# Usage: deps.sh GROUP...   (groups: base build arm x86 check demo bench cross)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs_for() {
	case $1 in
	base)	echo "xz-utils git" ;;
	build)	echo "make gcc bc flex bison libssl-dev libelf-dev ccache python3 python3-ply python3-git perl cpio kmod rsync sparse" ;;
	arm)	echo "gcc-arm-linux-gnueabihf qemu-system-arm device-tree-compiler" ;;
	x86)	echo "qemu-system-x86" ;;
	check)	echo "b4 lava-common" ;;
	demo)	echo "qemu-system-arm busybox-static:armhf cpio e2fsprogs libc6-dev-armhf-cross" ;;
	bench)	echo "qemu-system-arm busybox-static:armhf cpio libc6-dev-armhf-cross" ;;
	cross)	echo "gcc-aarch64-linux-gnu gcc-mips-linux-gnu gcc-or1k-elf gcc-riscv64-linux-gnu gcc-powerpc-linux-gnu gcc-sh4-linux-gnu gcc-sparc64-linux-gnu gcc-m68k-linux-gnu gcc-arc-linux-gnu qemu-system-arm" ;;
	*)	die "unknown package group '$1'" ;;
	esac
}

want=()
for g in "$@"; do
	for p in $(pkgs_for "$g"); do want+=("$p"); done
done

missing=()
for p in "${want[@]}"; do
	case $p in
	*:armhf)
		# Only unpacked (apt-get download + dpkg -x), never installed.
		;;
	*)
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
		;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	die "missing packages; run: sudo apt-get install ${missing[*]}"
fi
progress "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$BUILD/apt.log" 2>&1; then
	apt-get update -qq >>"$BUILD/apt.log" 2>&1 || true
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$BUILD/apt.log" 2>&1 ||
		die "could not install ${missing[*]} (see $BUILD/apt.log)"
fi
