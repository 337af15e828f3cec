#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make cross: the other architectures that share the code the series
# changes in kernel/dma/ (DMA_DIRECT_REMAP, ARCH_HAS_DMA_SET_UNCACHED).
# Not part of make check.
#
# 1. kernel/dma/ and iommu-dma build, with -Werror, at the end of the
#    series, in a defconfig of every architecture that remaps
#    (DMA_DIRECT_REMAP: arm64, riscv, powerpc 44x, sh, sparc32, m68k,
#    arc) or sets memory uncached in place (mips ath79, openrisc), that
#    Debian has a compiler for (not csky, microblaze, nios2, xtensa).
# 2. "dma-direct: let an architecture change the linear map in place for
#    some buffers" must not change the code of the architectures that
#    set memory uncached today: kernel/dma/direct.o of mips and openrisc
#    is disassembled before and after it and must be the same apart from
#    numbers, but for openrisc's dma_direct_free() (see the patch).
# 3. arm64 runs the suites of configs/dma.kunitconfig under QEMU before the
#    common DMA patches (the series up to just before "dma-direct: give
#    the page allocator back the tail of a block") and at the end, and
#    each case must end the same way (pass, skip or fail) in both
#    (SKIP_KUNIT=1 leaves this part out).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
HOOK="dma-direct: let an architecture change the linear map in place for some buffers"
FIRST="dma-direct: give the page allocator back the tail of a block"
SRC=$BUILD/cross-src
RES=$BUILD/cross

progress "checking packages"
"$TOP/scripts/deps.sh" base build cross
"$TOP/scripts/tree.sh" --ensure
hook=$(lgit log -1 --format=%H --fixed-strings --grep="$HOOK" base..HEAD)
first=$(lgit log -1 --format=%H --fixed-strings --grep="$FIRST" base..HEAD)
[ -n "$hook" ] && [ -n "$first" ] || die "build/linux lacks \"$HOOK\" or \"$FIRST\""
if [ ! -e "$SRC/.git" ]; then
	lgit worktree prune
	lgit worktree add -q --detach "$SRC" base || die "cannot create $SRC"
fi
mkdir -p "$RES"
bad=0
# arch cross-compiler defconfig
# (mips and openrisc come right after the first two: part 2 takes them)
targets=("arm64 aarch64-linux-gnu- defconfig"
	 "riscv riscv64-linux-gnu- defconfig"
	 "mips mips-linux-gnu- ath79_defconfig"
	 "openrisc or1k-elf- or1ksim_defconfig"
	 "powerpc powerpc-linux-gnu- ppc44x_defconfig"
	 "sh sh4-linux-gnu- sh7785lcr_defconfig"
	 "sparc sparc64-linux-gnu- sparc32_defconfig"
	 "m68k m68k-linux-gnu- multi_defconfig"
	 "arc arc-linux-gnu- haps_hs_defconfig")
# mk ARCH CROSS OUT ARGS...
mk() {
	make -s -C "$SRC" ARCH="$1" CROSS_COMPILE="$2" O="$3" CC="ccache ${2}gcc" \
		-j"$JOBS" "${@:4}"
}
# objs ARCH CROSS OUT CONFIG: configure and build kernel/dma/
objs() {
	local goals=(kernel/dma/)
	mkdir -p "$3"
	mk "$1" "$2" "$3" "$4" >/dev/null
	grep -q '^CONFIG_IOMMU_DMA=y' "$3/.config" && goals+=(drivers/iommu/dma-iommu.o)
	mk "$1" "$2" "$3" KCFLAGS=-Werror "${goals[@]}"
}
checkout() {
	git -C "$SRC" reset -q --hard
	git -C "$SRC" checkout -q --detach "$1"
}

checkout "$(lgit rev-parse HEAD)"
for t in "${targets[@]}"; do
	set -- $t
	progress "$1 ($3): kernel/dma/ at the end of the series"
	if objs "$1" "$2" "$BUILD/cross-$1" "$3" >"$RES/$1.log" 2>&1; then
		echo "  builds: $(grep -E '^CONFIG_(DMA_DIRECT_REMAP|ARCH_HAS_DMA_SET_UNCACHED|ARCH_HAS_DMA_CLEAR_UNCACHED|IOMMU_DMA|DMA_CMA)=y' "$BUILD/cross-$1/.config" | sed 's/^CONFIG_//; s/=y//' | tr '\n' ' ')"
	else
		tail -20 "$RES/$1.log"; echo "FAIL: $1 does not build (see $RES/$1.log)"; bad=1
	fi
done

# dis FILE: "function<TAB>instruction" lines, with every number (addresses,
# offsets, immediates such as the __LINE__ of a WARN()) replaced by N.
dis() {
	"$1objdump" -d --no-show-raw-insn "$2" |
		awk '/^[0-9a-f]+ <[^>]+>:$/ { f = $2; next }
		     f != "" && NF { sub(/^ *[0-9a-f]+:[ \t]*/, "")
				     gsub(/[0-9a-f]+ <[^>]*>/, "N <>")
				     gsub(/(0x)?[0-9a-f]*[0-9][0-9a-f]*/, "N")
				     print f "\t" $0 }'
}
# arch -> the functions the hook may change there: openrisc, the only one
# with ARCH_HAS_DMA_CLEAR_UNCACHED, no longer restores a coherent
# device's buffer in dma_direct_free().
declare -A may=([mips]="" [openrisc]="<dma_direct_free>:")
for t in "${targets[@]:2:2}"; do
	set -- $t
	for c in "$hook^" "$hook"; do
		checkout "$(lgit rev-parse "$c")"
		objs "$1" "$2" "$BUILD/cross-$1" "$3" >"$RES/$1-hook.log" 2>&1 ||
			{ echo "FAIL: $1 does not build at $c"; bad=1; continue 2; }
		dis "$2" "$BUILD/cross-$1/kernel/dma/direct.o" \
			>"$RES/$1-direct-$([ "$c" = "$hook" ] && echo after || echo before).dis"
	done
	changed=$(diff "$RES/$1-direct-before.dis" "$RES/$1-direct-after.dis" |
		  sed -n 's/^[<>] \([^\t]*\)\t.*/\1/p' | sort -u | tr '\n' ' ' || true)
	if [ "${changed% }" = "${may[$1]}" ]; then
		echo "  $1: the hook changes kernel/dma/direct.o in: ${changed:-nothing}"
	else
		echo "FAIL: $1: the hook changes kernel/dma/direct.o in: $changed (expected: ${may[$1]:-nothing})"; bad=1
	fi
done
git -C "$SRC" reset -q --hard

# kunit.py on arm64, before the common patches and at the end.
[ -z "${SKIP_KUNIT:-}" ] || { git -C "$SRC" reset -q --hard; exit $bad; }
for c in "$first^" HEAD; do
	tag=$([ "$c" = HEAD ] && echo after || echo before)
	checkout "$(lgit rev-parse "$c")"
	progress "arm64 KUnit, $tag the common DMA patches ($(lgit log -1 --format='%h %s' "$c"))"
	(cd "$SRC" && ./tools/testing/kunit/kunit.py run --arch=arm64 \
		--build_dir="$BUILD/cross-kunit-arm64" --cross_compile=aarch64-linux-gnu- \
		--kunitconfig="$TOP/configs/dma.kunitconfig" --jobs="$JOBS" \
		--make_options CC="ccache aarch64-linux-gnu-gcc" \
		--json="$RES/arm64-$tag.json" >"$RES/arm64-$tag.out" 2>&1) || true
	cp "$BUILD/cross-kunit-arm64/test.log" "$RES/arm64-$tag.log" 2>/dev/null || true
	"$TOP/scripts/scanlog.sh" "$RES/arm64-$tag.log" ||
		{ echo "FAIL: arm64 ($tag): kernel report in $RES/arm64-$tag.log"; bad=1; }
done
git -C "$SRC" reset -q --hard
# Every case and parameter that runs in both must end the same way, and
# nothing may fail at the end.
python3 - "$RES/arm64-before.json" "$RES/arm64-after.json" <<'PY' || bad=1
import json, sys
def flat(node, path, out):
    for g in node.get("sub_groups", []):
        flat(g, path + [g["name"]], out)
    for c in node.get("test_cases", []):
        out[".".join(path + [c["name"]])] = c["status"]
    return out
runs = []
for f in sys.argv[1:]:
    try:
        runs.append(flat(json.load(open(f)), [], {}))
    except (OSError, ValueError) as e:
        sys.exit("FAIL: arm64: no results in %s (%s)" % (f, e))
before, after = runs
for tag, r in (("before", before), ("after", after)):
    n = {}
    for s in r.values():
        n[s] = n.get(s, 0) + 1
    print("  arm64 %s: %s" % (tag, ", ".join("%d %s" % (v, k) for k, v in sorted(n.items()))))
bad = [k for k in before if k in after and before[k] != after[k]]
bad += [k for k, s in after.items() if s == "FAILURE" and k not in bad]
for k in bad:
    print("FAIL: arm64: %s: %s -> %s" % (k, before.get(k, "-"), after[k]))
if not after:
    sys.exit("FAIL: arm64: no case ran at the end")
print("  arm64: %d cases in both; %d new at the end" % (len([k for k in before if k in after]), len([k for k in after if k not in before])))
sys.exit(1 if bad else 0)
PY
exit $bad
