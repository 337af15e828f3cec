# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the series workspace scripts.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
LINUX=${LINUX:-$BUILD/linux}
SERIES=${SERIES:-$TOP/series}
CROSS=${CROSS:-arm-linux-gnueabihf-}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$BUILD"
_T0=${_T0:-$(date +%s)}
export _T0

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
warn() { printf 'warning: %s\n' "$*" >&2; }

# progress "message": one line with the elapsed time since the job began.
progress() {
	local now el
	now=$(date +%s)
	el=$((now - _T0))
	printf '[%3d:%02d] %s\n' $((el / 60)) $((el % 60)) "$*"
}

# The 6.12.y version of a kernel tree, or nothing if it is not 6.12.
kernel_version() {
	local mk=$1/Makefile v p s
	[ -f "$mk" ] || return 1
	v=$(sed -n 's/^VERSION = //p' "$mk" | head -1)
	p=$(sed -n 's/^PATCHLEVEL = //p' "$mk" | head -1)
	s=$(sed -n 's/^SUBLEVEL = //p' "$mk" | head -1)
	[ "$v" = 6 ] && [ "$p" = 12 ] || return 1
	echo "$v.$p.${s:-0}"
}

# series/ holds several series, one directory each (NN-NAME, NN the
# order they apply in): a cover letter 0000-cover-letter.patch and the
# patches, or, for a one-patch series, the patch alone (its cover text
# under its '---', as b4 sends it).
series_dirs() {
	local d
	for d in "$SERIES"/[0-9][0-9]-*/; do
		[ -d "$d" ] && echo "${d%/}"
	done
}
# The patches of one series directory in apply order, cover excluded.
dir_patches() {
	local p
	for p in "$1"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -f "$p" ] || continue
		case "$(basename "$p")" in 0000-*) continue ;; esac
		echo "$p"
	done
}
# The patches of series/ in apply order, cover letters excluded.
series_patches() {
	local d
	for d in $(series_dirs); do dir_patches "$d"; done
}

# Run git in the build tree.
lgit() { git -C "$LINUX" "$@"; }

# Identity used for commits the tools make themselves (base, cover).
tool_git_env() {
	export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-series-tools}
	export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-series-tools@localhost}
}

# ccache: the check tree and build/linux are different paths holding the
# same sources; hash paths relative to the workspace so both share hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

# The 32-bit ARM configuration of every ARM kernel the workspace boots:
# configs/arm.config and the KUnit fragments on the architecture's
# defaults (olddefconfig), plus the fragments given (e.g.
# configs/hardened.config).
arm_fragment() {
	cat "$TOP/configs/arm.config" "$TOP/configs/dma.kunitconfig" \
		"$TOP/configs/arm-dma.kunitconfig" "$@"
}
# arm_config TREE OUT [FRAGMENT...]: make OUT/.config for TREE from
# arm_fragment FRAGMENT... (kept in OUT/fragment.config). A symbol TREE
# does not know (yet) is left out; config_lost tells what did not survive.
arm_config() {
	local tree=$1 out=$2
	shift 2
	mkdir -p "$out"
	arm_fragment "$@" >"$out/fragment.config"
	cp "$out/fragment.config" "$out/.config"
	make -s -C "$tree" O="$out" ARCH=arm CROSS_COMPILE="$CROSS" CC="ccache ${CROSS}gcc" \
		olddefconfig >/dev/null 2>&1
}
# config_lost OUT: the lines of OUT/fragment.config that OUT/.config
# does not have (an option whose dependencies are not met, or misspelt).
# Where the fragment sets a symbol twice, the last setting counts.
config_lost() {
	local line sym
	local -A seen=()
	while read -r line; do
		case $line in
		CONFIG_*) sym=${line%%=*} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
		*) continue ;;
		esac
		[ -z "${seen[$sym]:-}" ] || continue
		seen[$sym]=1
		grep -qxF "$line" "$1/.config" || echo "$line"
	done < <(tac "$1/fragment.config")
}

# board_dtb OUT QEMU-OPTION...: the device tree of the ARM board that the
# options describe, as QEMU makes it (dumped with those options and
# BOARD_MEM MiB of RAM: the 1 GiB that kunit.py and the demo give the
# guest unless said otherwise), plus the
# reserved-memory pool of configs/kunit-pool.dtsi that the
# dma_coherent_dt suite uses. Returns non-zero if it cannot be made.
board_dtb() {
	local out=$1 raw=$1.qemu
	shift
	rm -f "$out" "$raw"
	qemu-system-arm -nodefaults -m "${BOARD_MEM:-1024}" -display none "$@" \
		-machine dumpdtb="$raw" >"$out.log" 2>&1 || return 1
	{ dtc -q -I dtb -O dts "$raw" && cat "$TOP/configs/kunit-pool.dtsi"; } |
		dtc -q -I dts -O dtb -o "$out" - 2>>"$out.log"
	[ -s "$out" ]
}

# The checksums of series/ as 'make tree' applied it or 'make export'
# wrote it last: a file that matches neither them nor the committed
# version is a hand edit that 'make export' must not overwrite.
sums_record() {
	(cd "$SERIES" && find . -name '*.patch' | sort | xargs -r sha256sum --) \
		>"$BUILD/series.sums" 2>/dev/null || :
}
# series_file_known FILE: FILE (in series/) is committed as it is, or is
# what the last apply or export saw.
series_file_known() {
	local f=$1 b sum repo rel
	b=./$(realpath --relative-to="$SERIES" "$f")
	sum=$(sha256sum <"$f" | cut -d' ' -f1)
	grep -qxF "$sum  $b" "$BUILD/series.sums" 2>/dev/null && return 0
	repo=$(git -C "$SERIES" rev-parse --show-toplevel 2>/dev/null) || return 1
	rel=$(realpath --relative-to="$repo" "$f")
	[ "$(git -C "$repo" rev-parse -q --verify "HEAD:$rel" 2>/dev/null)" = \
	  "$(git -C "$repo" hash-object "$f")" ]
}
