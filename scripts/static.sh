#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# static.sh TREE BASETREE: sparse (C=2) and W=1 on every C file the series
# (base..HEAD of TREE) adds or changes, in the configuration that builds
# it: the ARM runs' configuration (build/check-arm), multi_v7_defconfig
# with configs/multi_v7-iommu.config (build/check-drivers) or the noMMU
# configuration (build/check-nommu), as make check built them. The same
# files are checked in BASETREE (a checkout of 'base') with the same
# configurations in build/static-*; a warning is new when the file has
# more of it (file, message; line numbers ignored) than at base, where a
# file the configuration does not build counts as having none. Prints
# the new warnings and fails if there are any; files no configuration
# builds are listed, not checked.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=$(realpath "$1") basetree=$(realpath "$2")
configs="arm v7 nommu"
declare -A out=([arm]=$BUILD/check-arm [v7]=$BUILD/check-drivers [nommu]=$BUILD/check-nommu)
declare -A bout=([arm]=$BUILD/static-base-arm [v7]=$BUILD/static-base-v7
		 [nommu]=$BUILD/static-base-nommu)
S=$BUILD/static
rm -rf "$S"
mkdir -p "$S"

mk() {
	local src=$1 o=$2; shift 2
	make -s -C "$src" O="$o" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "$@"
}
# path/file:line:col: warning: text  ->  file: warning: text, with the
# path of the tree or of the output directory cut off.
norm() {
	sed -nE 's#^([^ :]*/)?((arch|block|drivers|fs|include|kernel|lib|mm|net)/[^ :]+):[0-9]+(:[0-9]+)?: (warning|error): #\2: \5: #p' \
		"$1" | sort >"$2"
}

files=$(git -C "$tree" diff --name-only --diff-filter=AM base HEAD -- '*.c')
declare -A which=()
for f in $files; do
	o=${f%.c}.o
	for c in $configs; do
		if [ -f "${out[$c]}/$o" ]; then which[$f]=$c; break; fi
	done
	[ -n "${which[$f]:-}" ] || echo "static: $f is not built in any configuration of the gate"
done

bad=0 checked=0
for c in $configs; do
	objs=() bobjs=()
	for f in "${!which[@]}"; do
		[ "${which[$f]}" = "$c" ] || continue
		objs+=("${f%.c}.o")
		[ -f "$basetree/$f" ] && bobjs+=("${f%.c}.o")
	done
	[ ${#objs[@]} -gt 0 ] || continue
	checked=$((checked + ${#objs[@]}))
	t=$tree
	[ "$c" != nommu ] || t=${NOMMU_TREE:-$tree}
	mk "$t" "${out[$c]}" C=2 W=1 "${objs[@]}" >"$S/$c.new.log" 2>&1 ||
		{ tail -20 "$S/$c.new.log"; die "static: the $c objects do not build with C=2 W=1"; }
	: >"$S/$c.base.log"
	if [ ${#bobjs[@]} -gt 0 ]; then
		mkdir -p "${bout[$c]}"
		cmp -s "${out[$c]}/.config" "${bout[$c]}/.config" ||
			cp "${out[$c]}/.config" "${bout[$c]}/.config"
		# Options the series adds are unknown at base: olddefconfig drops them.
		mk "$basetree" "${bout[$c]}" olddefconfig >/dev/null 2>&1
		# The base's warnings depend on the base, this configuration,
		# the objects and the tools only: kept from the last run that
		# had the same (with the list of objects it built).
		key=$({ git -C "$basetree" rev-parse HEAD^{tree}; cat "${bout[$c]}/.config" \
			"$0" "$(dirname "$0")/lib.sh"; printf '%s\n' "${bobjs[@]}" | sort;
			"${CROSS}gcc" --version; sparse --version; } | sha1sum | cut -d' ' -f1)
		cache=$BUILD/static-cache/$c-$key
		if [ -f "$cache.log" ] && [ -f "$cache.built" ]; then
			cp "$cache.log" "$S/$c.base.log"
		else
			# -k: an object the base configuration cannot build (a
			# driver the series makes buildable on ARM) has no
			# warnings to compare.
			rm -f "${bobjs[@]/#/${bout[$c]}/}"
			mk "$basetree" "${bout[$c]}" -k C=2 W=1 "${bobjs[@]}" >"$S/$c.base.log" 2>&1 || :
			mkdir -p "$BUILD/static-cache"
			rm -f "$BUILD/static-cache/$c-"*
			cp "$S/$c.base.log" "$cache.log"
			for o in "${bobjs[@]}"; do
				[ ! -f "${bout[$c]}/$o" ] || echo "$o"
			done >"$cache.built"
		fi
	fi
	norm "$S/$c.new.log" "$S/$c.new"
	norm "$S/$c.base.log" "$S/$c.base.all"
	: >"$S/$c.base.skip"
	for o in "${bobjs[@]}"; do
		grep -qxF "$o" "$cache.built" || echo "${o%.o}.c: " >>"$S/$c.base.skip"
	done
	grep -vF -f "$S/$c.base.skip" "$S/$c.base.all" >"$S/$c.base" || :
	# Lines of .new that .base does not have as often.
	if comm -23 "$S/$c.new" "$S/$c.base" | grep . >"$S/$c.added"; then
		echo "static: new sparse or W=1 warnings ($c configuration, see $S/$c.new.log):"
		head -40 "$S/$c.added"
		bad=1
	fi
done
echo "static: $checked files checked with sparse and W=1"
exit $bad
