#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: the gate every change of the series passes.
#  0. the workspace's own tests (scripts/selftest.sh)
#  1. every patch of series/ applies to a clean base
#  2. checkpatch --strict on every patch
#  3. every patch builds for ARM (bisect build: a small configuration,
#     the tail of the series in the runs' one; incremental, ccache), and
#     what it touches of the drivers builds in multi_v7_defconfig
#  4. KUnit under QEMU, the ARM runs on one hardened kernel (KASAN,
#     kmemleak, lockdep, DMA-API debug, fault injection; highmem and CMA):
#     ARM virt without CMA, with a CMA area in lowmem and in highmem, ARM
#     virt + virtio-iommu (strict, lazy), the real-I/O guest of 'make'
#     (scripts/guest.sh: virtio-blk disks, raw and ext2, and virtio-net
#     behind virtio-iommu) on four CPUs with fault injection armed for a
#     second run of the suites; an LPAE kernel on virt + virtio-iommu;
#     x86_64; ARM without MMU (mps2-an385). The LPAE, x86_64 and noMMU
#     kernels build in the background from step 1 on; the runs boot two
#     at a time.
#     Any DMA-API debug error, WARN, BUG, KASAN, kmemleak or lockdep
#     report fails.
#  5. sparse and W=1 on the C files the series changes: nothing new
#  6. the series one by one: b4 reproduces series/, recipients from
#     get_maintainer.pl, prerequisite patch IDs, and each series that
#     does not depend on all before it applies and builds alone; the
#     LAVA job definitions validate
# Prints where the time went, then 'N passed, N failed' (KUnit cases
# over all runs, and the workspace's own tests).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

CHECK=$BUILD/check
ARMOUT=$BUILD/check-arm
BISECTOUT=$BUILD/check-bisect
X86OUT=$BUILD/check-x86
NOMMUOUT=$BUILD/check-nommu
DRVOUT=$BUILD/check-drivers
SUITES=${SUITES:-$TOP/configs/suites.txt}
KUNITCONFIG=${KUNITCONFIG:-$TOP/configs/dma.kunitconfig}
LPAEOUT=$BUILD/check-lpae
FINAL=$BUILD/check-final
# The longest first: the runs go $RUN_LANES at a time, in this order.
RUNS=${RUNS:-arm-hardened arm arm-cma-low arm-cma-high arm-iommu arm-iommu-lazy arm-lpae x86_64 nommu}
problems=()
passed=0 failed=0 skipped=0

# Where the time went: 'timed NAME' closes the step that began at the
# previous mark; the table is printed at the end and kept in
# build/check-times.md (the README's timing section comes from it).
t_names=() t_secs=() bg_times=() run_times=() run_names=() run_pids=()
t_mark=$(date +%s)
timed() {
	local now
	now=$(date +%s)
	t_names+=("$1")
	t_secs+=($((now - t_mark)))
	t_mark=$now
}
mmss() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
time_table() {
	local i total=0
	{
		echo "| step | time (m:ss) |"
		echo "| --- | ---: |"
		for i in "${!t_names[@]}"; do
			echo "| ${t_names[$i]} | $(mmss "${t_secs[$i]}") |"
			total=$((total + t_secs[i]))
		done
		echo "| total | $(mmss "$total") |"
		for i in "${!bg_times[@]}"; do
			[ "$i" = 0 ] && printf '\nBuilt in the background from the apply step on (in the times above only where a run waited):\n\n'
			echo "- ${bg_times[$i]}"
		done
		for i in "${!run_times[@]}"; do
			[ "$i" = 0 ] && printf '\nEach run (they overlap; the step above is their wall time):\n\n'
			echo "- ${run_times[$i]}"
		done
	} >"$BUILD/check-times.md"
	echo "where the time went (also in build/check-times.md):"
	cat "$BUILD/check-times.md"
}

# kill_tree PID: PID and everything it started.
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill "$1" 2>/dev/null
}
finish() {
	local p
	# A background kernel build of step 4 is of no use any more, nor are
	# runs still booting (an abort).
	for p in ${bg_pid:-} "${run_pids[@]}"; do
		kill -0 "$p" 2>/dev/null && kill_tree "$p"
	done
	time_table
	for p in "${problems[@]}"; do printf 'FAIL: %s\n' "$p"; done
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ ${#problems[@]} -eq 0 ] && exit 0
	exit 1
}
abort() { problems+=("$*"); finish; }

# The warnings of a kernel build log: the compiler's and dtc's, but for
# the host tools'.
build_warnings() {
	grep -E ' warning: |: Warning \(' "$1" | grep -v '^scripts/'
}

# The kernels: the bisect build's, and those of the runs that need one of
# their own.
make_arm() {
	local out=$1; shift
	make -s -C "${KTREE:-$CHECK}" O="$out" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$JOBS" "$@"
}
bisect_fragment() {
	cat "$TOP/configs/bisect.config" "$TOP/configs/dma.kunitconfig" \
		"$TOP/configs/arm-dma.kunitconfig"
}
# LPAE: the small configuration of the bisect build plus
# configs/lpae.config, at the end of the series only; warnings fail, as
# in the bisect build (64-bit phys_addr_t and dma_addr_t show format and
# truncation mistakes that the other ARM builds cannot).
lpae_kernel() {
	mkdir -p "$LPAEOUT"
	{ bisect_fragment; cat "$TOP/configs/lpae.config"; } >"$LPAEOUT/fragment.config"
	make_arm "$LPAEOUT" KCONFIG_ALLCONFIG="$LPAEOUT/fragment.config" allnoconfig >/dev/null 2>&1
	lost=$(config_lost "$LPAEOUT")
	[ -z "$lost" ] || { problems+=("arm-lpae: $(echo $lost) did not survive allnoconfig"); return 1; }
	make_arm "$LPAEOUT" all >"$BUILD/lpae-build.log" 2>&1 ||
		{ tail -20 "$BUILD/lpae-build.log"; problems+=("arm-lpae: the kernel does not build (see $BUILD/lpae-build.log)"); return 1; }
	if build_warnings "$BUILD/lpae-build.log"; then
		problems+=("arm-lpae: the kernel builds with warnings (see $BUILD/lpae-build.log)")
	fi
}
# x86_64: allnoconfig plus configs/x86_64.config and the shared KUnit
# fragment, booted by kunit.py.
x86_kernel() {
	mkdir -p "$X86OUT"
	cat "$TOP/configs/x86_64.config" "$KUNITCONFIG" >"$X86OUT/fragment.config"
	make -s -C "${KTREE:-$CHECK}" O="$X86OUT" ARCH=x86_64 CC="ccache gcc" \
		KCONFIG_ALLCONFIG="$X86OUT/fragment.config" allnoconfig >/dev/null 2>&1
	lost=$(config_lost "$X86OUT")
	[ -z "$lost" ] || { problems+=("x86_64: $(echo $lost) did not survive allnoconfig"); return 1; }
	make -s -C "${KTREE:-$CHECK}" O="$X86OUT" ARCH=x86_64 CC="ccache gcc" -j"$JOBS" bzImage \
		>"$BUILD/x86-build.log" 2>&1 ||
		{ tail -20 "$BUILD/x86-build.log"; problems+=("x86_64: the kernel does not build (see $BUILD/x86-build.log)"); return 1; }
	if build_warnings "$BUILD/x86-build.log"; then
		problems+=("x86_64: the kernel builds with warnings (see $BUILD/x86-build.log)")
	fi
}
# The kernels of the runs that need one of their own (LPAE, x86_64,
# noMMU) are of the end of the series only. They build in the background,
# niced, from the moment the series is applied, in a worktree of their
# own ($FINAL, at the last patch), while the bisect build walks $CHECK:
# they take what the bisect build leaves of the two cores (linking and
# make's own work run on one) and what the QEMU runs leave. Each
# kernel's build ends with $BUILD/check-bg.NAME holding its exit status,
# build time and the problems it found; its run waits for that.
# BG_BUILD=0 builds them in the foreground, each before its run.
bg_pid=
rm -f "$BUILD"/check-bg.*
bg_build() {
	local k=$1 n=${#problems[@]} rc=0 t0
	t0=$(date +%s)
	case $k in
	arm-lpae) lpae_kernel || rc=1 ;;
	x86_64) x86_kernel || rc=1 ;;
	nommu) NOMMU_BUILD_ONLY=1 "$TOP/scripts/nommu.sh" "${KTREE:-$CHECK}" "$NOMMUOUT" /dev/null \
		>"$BUILD/nommu-build.out" 2>&1 || rc=1 ;;
	esac
	{ echo "$rc $(($(date +%s) - t0))"; printf '%s\n' "${problems[@]:$n}"; } \
		>"$BUILD/check-bg.$k.tmp"
	mv "$BUILD/check-bg.$k.tmp" "$BUILD/check-bg.$k"
}
# bg_wait NAME: wait for NAME's kernel; its problems join ours. Fails if
# it did not build.
bg_wait() {
	local k=$1 f=$BUILD/check-bg.$1 line rc secs
	while [ ! -f "$f" ] && kill -0 "$bg_pid" 2>/dev/null; do sleep 1; done
	[ -f "$f" ] || { problems+=("$k: the background build ended without a result"); return 1; }
	while read -r line; do
		[ -n "$line" ] && problems+=("$line")
	done < <(tail -n +2 "$f")
	read -r rc secs <"$f"
	bg_times+=("$k kernel: $(mmss "$secs")")
	[ "$rc" = 0 ]
}
# The kernel of run NAME: the background's, or built here.
own_kernel() {
	local rc secs
	if [ -n "$bg_pid" ]; then
		bg_wait "$1"
	else
		bg_build "$1"
		read -r rc secs <"$BUILD/check-bg.$1"
		[ "$rc" = 0 ]
	fi
}

"$TOP/scripts/deps.sh" base build arm x86 demo check || abort "missing packages"
"$TOP/scripts/base.sh" || abort "no base tree"
timed "packages and base tree"

# 0. The workspace's own tests (make tree, make export, make's tree check).
if "$TOP/scripts/selftest.sh" >"$BUILD/selftest.out" 2>&1; then :; else
	grep '^not ok' "$BUILD/selftest.out"
	problems+=("workspace self-tests failed (see $BUILD/selftest.out)")
fi
read -r p f <<<"$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$BUILD/selftest.out")"
[ -n "${p:-}" ] || { p=0 f=1; problems+=("workspace self-tests did not finish"); }
passed=$((passed + p)) failed=$((failed + f))
progress "0/5 workspace self-tests: $p passed, $f failed"
timed "workspace self-tests"

# 1. Apply to a clean base, in a worktree of its own: build/linux (the
#    developer's tree) is never touched.
if [ ! -e "$CHECK/.git" ]; then
	progress "creating the check tree"
	rm -rf "$CHECK"
	lgit worktree prune
	lgit worktree add -q --detach "$CHECK" base || abort "cannot create $CHECK"
else
	git -C "$CHECK" checkout -q --detach base 2>/dev/null || git -C "$CHECK" reset -q --hard
fi
git -C "$CHECK" clean -qfdx
n=$("$TOP/scripts/apply.sh" "$CHECK") || abort "the series does not apply to base"
progress "1/5 apply: $n patches apply to Linux $(kernel_version "$CHECK")"
timed "apply"

# The kernels of their own start building now (bg_build above).
NOMMU_TREE=$CHECK
if [ "${BG_BUILD:-1}" = 1 ]; then
	bg_kernels=
	for run in $RUNS; do
		case $run in arm-lpae|x86_64|nommu) bg_kernels+=" $run" ;; esac
	done
	if [ -n "$bg_kernels" ]; then
		final=$(git -C "$CHECK" rev-parse HEAD)
		NOMMU_TREE=$FINAL
		(renice -n 10 -p "$BASHPID" >/dev/null 2>&1 || :
		 if [ -e "$FINAL/.git" ]; then
			git -C "$FINAL" checkout -q --detach "$final" &&
				git -C "$FINAL" clean -qfdx
		 else
			rm -rf "$FINAL"
			lgit worktree add -q --detach "$FINAL" "$final"
		 fi || exit 1
		 export KTREE=$FINAL
		 for k in $bg_kernels; do bg_build "$k"; done) </dev/null >/dev/null 2>&1 &
		bg_pid=$!
	fi
fi

# 2. checkpatch --strict. A CHECK may stay only if the patch's message
#    names it (e.g. "checkpatch: MACRO_ARG_REUSE is kept because ...").
#    A patch that passed before, with the same checkpatch and this
#    script, is not checked again (build/check-cp.passed); its key leaves
#    out the commit ID of the "From" line and the numbering of the
#    subject, which change for every later patch when one is inserted or
#    reworded, and which checkpatch does not look at.
# The bindings at HEAD are in the key too: checkpatch looks up the
# compatibles a patch uses in them; so is configs/fixes.txt, whose tags
# (scripts/fixes-refs.sh, made with the base) let checkpatch look up the
# commit and subject of every Fixes: line in a base without history.
cp_bad=0 cp_salt=$({ cat "$CHECK/scripts/checkpatch.pl" "$CHECK/scripts/spelling.txt" \
	"$TOP/scripts/check.sh" "$TOP/configs/fixes.txt"; git -C "$CHECK" rev-parse HEAD:Documentation/devicetree/bindings; } |
	sha1sum | cut -d' ' -f1)
touch "$BUILD/check-cp.passed"
while read -r p; do
	cp_key="$(sed -e '1{/^From [0-9a-f]* /d}' \
		-e 's/^\(Subject: \[PATCH\) [0-9]*\/[0-9]*\]/\1]/' "$p" |
		sha1sum | cut -d' ' -f1) $cp_salt"
	grep -qxF "$cp_key" "$BUILD/check-cp.passed" && continue
	cp_before=$cp_bad
	# Debian's python3 has ply and GitPython for spdxcheck.py.
	out=$(cd "$CHECK" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --show-types -q --no-summary "$p" 2>&1)
	msg=$(sed '/^---$/q' "$p")
	while read -r line; do
		[ -n "$line" ] || continue
		case $line in
		CHECK:*)
			type=${line#CHECK:}; type=${type%%:*}
			grep -q "checkpatch: $type" <<<"$msg" && continue ;;
		ERROR:*|WARNING:*) ;;
		*) continue ;;
		esac
		printf '%s: %s\n' "$(realpath --relative-to="$SERIES" "$p")" "$line"
		cp_bad=$((cp_bad + 1))
	done <<<"$out"
	[ "$cp_bad" -ne "$cp_before" ] || echo "$cp_key" >>"$BUILD/check-cp.passed"
done < <(series_patches)
[ $cp_bad -eq 0 ] || problems+=("checkpatch: $cp_bad report(s)")
progress "2/5 checkpatch --strict: $cp_bad report(s)"
timed "checkpatch --strict, $n patches"

# 3. Bisect build: every patch, in order, for ARM, and the driver
#    directories each patch touches in multi_v7_defconfig
#    (scripts/drivers.sh). Warnings (the compiler's, dtc's) fail. The
#    ARM configuration of the
#    runs (scripts/lib.sh arm_config: configs/arm.config, the 'virt'
#    board's devices, and the KUnit fragments on ARM's defaults, plus
#    configs/hardened.config: KASAN, kmemleak, lockdep and fault
#    injection; its last kernel is the one every ARM run boots) builds
#    the tail of the series from the last patch that changes a header
#    under include/ or an architecture's Kconfig, which recompile most of
#    the kernel; the patches before it build in the small configuration
#    of configs/bisect.config
#    (allnoconfig plus the DMA code, the suites, highmem, CMA and SMP),
#    so that each such kernel-wide change is
#    compiled once in the small configuration and the end state once in
#    the runs' one. A step whose tree, parent tree, configurations and
#    tools passed before is not built again: changing one patch rebuilds
#    it and those after it.
#    A step's key holds its configuration's fragment: a change to the
#    runs' configuration rebuilds the tail only.
#    Inside the tail, a step builds vmlinux, linked (an undefined or
#    doubly defined symbol fails at the patch that causes it), but not
#    the zImage, unless the patch touches the boot code.
step_salt=$({ cat "$TOP/configs/multi_v7-iommu.config" \
	"$TOP/scripts/drivers.sh" "$TOP/scripts/check.sh" "$TOP/scripts/lib.sh"; \
	"${CROSS}gcc" --version; } | sha1sum | cut -d' ' -f1)
bisect_salt=$(bisect_fragment | sha1sum | cut -d' ' -f1)
tail_salt=$(arm_fragment "$TOP/configs/hardened.config" | sha1sum | cut -d' ' -f1)
passed_steps=$BUILD/check-steps.passed
touch "$passed_steps"
mkdir -p "$ARMOUT" "$BISECTOUT"
bisect_fragment >"$BISECTOUT/fragment.config"
rm -f "$DRVOUT/.config" "$ARMOUT/.config" "$BISECTOUT/.config"
: >"$BUILD/check-patch-times.tsv"
i=0 t_arm=0 t_drv=0 skipped_steps=0
# The patches: every commit but the series' empty cover commits.
commits=$(git -C "$CHECK" log --reverse --format=%H --diff-filter=ACDMRT base..HEAD -- .)
[ "$(wc -w <<<"$commits")" = "$n" ] || abort "the check tree holds $(wc -w <<<"$commits") patches, series/ $n"
last=$(git -C "$CHECK" rev-parse HEAD)
tail_from=$last
for c in $commits; do
	git -C "$CHECK" diff-tree --no-commit-id --name-only -r "$c" |
		grep -qE '^(include/|arch/[^/]+/include/|arch/[^/]+/Kconfig)' && tail_from=$c
done
in_tail=
for c in $commits; do
	i=$((i + 1))
	[ "$c" = "$tail_from" ] && in_tail=1
	subj=$(git -C "$CHECK" log -1 --format=%s "$c")
	if [ -n "$in_tail" ]; then cfg_salt=$tail_salt; else cfg_salt=$bisect_salt; fi
	key="$(git -C "$CHECK" rev-parse "$c^{tree}" "$c^^{tree}" | tr '\n' ' ')$step_salt $cfg_salt"
	# The last step always builds: its kernel is the one the runs boot.
	if [ "$c" != "$last" ] && grep -qxF "$key" "$passed_steps"; then
		skipped_steps=$((skipped_steps + 1))
		progress "3/5 build: patch $i/$n built before, unchanged: $subj"
		continue
	fi
	git -C "$CHECK" checkout -q --detach "$c"
	t0=$(date +%s)
	if [ -n "$in_tail" ]; then out=$ARMOUT cfg=arm; else out=$BISECTOUT cfg=bisect; fi
	# A new Kconfig symbol needs the configuration made again to take the
	# fragment's value rather than its default.
	if [ ! -f "$out/.config" ] ||
	   git -C "$CHECK" diff-tree --no-commit-id --name-only -r "$c" | grep -q 'Kconfig'; then
		if [ -n "$in_tail" ]; then
			arm_config "$CHECK" "$ARMOUT" "$TOP/configs/hardened.config"
		else
			make_arm "$out" KCONFIG_ALLCONFIG="$out/fragment.config" allnoconfig >/dev/null 2>&1
		fi
	fi
	if [ "$c" = "$last" ]; then
		lost=$(config_lost "$ARMOUT")
		[ -z "$lost" ] || abort "ARM configuration: $(echo $lost) did not survive olddefconfig"
	fi
	# Between the tail's first and last patch, the kernel is compiled and
	# linked (vmlinux), but not compressed into a zImage, unless the
	# patch touches the boot code: the runs boot the last step's.
	goals=all how=
	if [ -n "$in_tail" ] && [ "$c" != "$tail_from" ] && [ "$c" != "$last" ] &&
	   ! git -C "$CHECK" diff-tree --no-commit-id --name-only -r "$c" | grep -q '^arch/[^/]*/boot/'; then
		goals=vmlinux how=", vmlinux"
	fi
	: >"$BUILD/build.log"
	# shellcheck disable=SC2086
	if ! make_arm "$out" $goals >"$BUILD/build.log" 2>&1; then
		tail -20 "$BUILD/build.log"
		abort "patch $i ($subj) does not build for ARM in the $cfg configuration (see $BUILD/build.log)"
	fi
	ok=1
	if build_warnings "$BUILD/build.log" >/dev/null; then
		build_warnings "$BUILD/build.log" | head -5
		problems+=("patch $i ($subj) builds with warnings")
		ok=
	fi
	# The small configuration has IOMMU support but no IOMMU driver, and
	# an ARM kernel without one carries no IOMMU DMA layer: only the
	# IOMMU drivers select IOMMU_DMA.
	if [ -z "$in_tail" ] && { ! grep -q '^CONFIG_IOMMU_SUPPORT=y' "$out/.config" ||
	   grep -q '^CONFIG_IOMMU_DMA=y' "$out/.config"; }; then
		problems+=("patch $i ($subj): the $cfg configuration lacks IOMMU_SUPPORT or has IOMMU_DMA without an IOMMU driver")
		ok=
	fi
	t1=$(date +%s)
	# The drivers that config does not build: what this patch touches
	# of them, in multi_v7_defconfig with their options.
	if ! "$TOP/scripts/drivers.sh" "$CHECK" "$DRVOUT" "$c" >"$BUILD/drivers.out" 2>&1; then
		tail -20 "$BUILD/drivers.out"
		abort "patch $i ($subj) does not build in multi_v7_defconfig (see $BUILD/drivers.out)"
	fi
	t2=$(date +%s)
	t_arm=$((t_arm + t1 - t0)) t_drv=$((t_drv + t2 - t1))
	printf '%d\t%s\t%d\t%d\t%s\n' "$i" "$cfg" $((t1 - t0)) $((t2 - t1)) "$subj" \
		>>"$BUILD/check-patch-times.tsv"
	[ -z "$ok" ] || echo "$key" >>"$passed_steps"
	progress "3/5 build: patch $i/$n builds for ARM ($cfg config$how, $((t1 - t0)) s; drivers $((t2 - t1)) s): $subj"
done
t_names+=("bisect build for ARM, $((n - skipped_steps)) of $n patches")
t_secs+=("$t_arm")
t_names+=("bisect build: multi_v7 drivers each patch touches")
t_secs+=("$t_drv")
t_mark=$(date +%s)

# 3b. At the end, every directory of the drivers' list, so that a change
#     of a header or of Kconfig reaches all of them.
if "$TOP/scripts/drivers.sh" "$CHECK" "$DRVOUT" >"$BUILD/drivers.out" 2>&1; then
	progress "3/5 build: $(tail -1 "$BUILD/drivers.out")"
else
	tail -20 "$BUILD/drivers.out"
	problems+=("the converted drivers do not build for ARM (see $BUILD/drivers.out)")
fi
timed "multi_v7 drivers after the last patch"


# 4. KUnit under QEMU.
# Count the cases of RUN's KUnit JSON and scan its kernel log.
results() {
	local run=$1 json=$BUILD/kunit-$1.json log=$BUILD/kunit-$1.log res line
	res=$(python3 "$TOP/scripts/kunit_summary.py" "$run" "$json" "$SUITES")
	read -r p f s <<<"$(head -1 <<<"$res")"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	while read -r line; do
		[ -n "$line" ] && problems+=("$line")
	done < <(tail -n +2 <<<"$res")
	if ! "$TOP/scripts/scanlog.sh" "$log" >"$BUILD/kunit-$run.splat"; then
		cat "$BUILD/kunit-$run.splat"
		problems+=("$run: the kernel log has a debug report (see $log)")
	fi
	progress "4/5 kunit $run: $p passed, $f failed, $s skipped"
}
# The runs boot two at a time (RUN_LANES): a TCG guest keeps a core busy
# per virtual CPU, and most runs have one. What boots a guest runs in the
# background and leaves its files and 'EXIT SECONDS' in
# $BUILD/check-run.RUN; what counts the results and adds problems runs
# here, in the order of RUNS, when that run is over (run_collect).
LANES=${RUN_LANES:-2}
launch() {
	local run=$1 live r
	shift
	while :; do
		live=0
		for r in "${run_names[@]}"; do
			[ -f "$BUILD/check-run.$r" ] || live=$((live + 1))
		done
		[ "$live" -lt "$LANES" ] && break
		sleep 1
	done
	rm -f "$BUILD/check-run.$run"
	(t0=$(date +%s) rc=0
	 "$@" || rc=$?
	 echo "$rc $(($(date +%s) - t0))" >"$BUILD/check-run.$run") </dev/null &
	run_names+=("$run") run_pids+=($!)
}
# kunit_exec RUN OUT IMAGE ARGS...: kunit.py ARGS on the kernel image
# OUT/IMAGE (IMAGE as kunit.py's QEMU configuration names it), from a
# directory of the run's own that links to it: kunit.py writes test.log
# into its build directory, and the ARM runs share one kernel.
kunit_exec() {
	local run=$1 out=$2 image=$3 dir=$BUILD/check-run-$1
	shift 3
	rm -rf "$dir" "$BUILD/kunit-$run.json"
	mkdir -p "$(dirname "$dir/$image")"
	ln -s "$out/$image" "$dir/$image"
	(cd "$CHECK" && ./tools/testing/kunit/kunit.py "$@" --build_dir="$dir" \
		--json="$BUILD/kunit-$run.json" --timeout=600) >"$BUILD/kunit-$run.out" 2>&1
	cp "$dir/test.log" "$BUILD/kunit-$run.log" 2>/dev/null || : >"$BUILD/kunit-$run.log"
}
# noMMU: kunit.py cannot boot an M-profile board, so scripts/nommu.sh does
# and kunit.py only parses the console log.
nommu_exec() {
	local log=$BUILD/kunit-$1.log
	rm -f "$BUILD/kunit-$1.json" "$log"
	"$TOP/scripts/nommu.sh" "$NOMMU_TREE" "$NOMMUOUT" "$log" >"$BUILD/nommu.out" 2>&1
}
nommu_results() {
	local run=$1 rc=$2 log=$BUILD/kunit-$1.log
	if [ "$rc" != 0 ]; then
		tail -3 "$BUILD/nommu.out"
		problems+=("$run: no KUnit run (see $BUILD/nommu.out)")
		[ -s "$log" ] || : >"$log"
	fi
	(cd "$CHECK" && ./tools/testing/kunit/kunit.py parse --json="$BUILD/kunit-$run.json" "$log") \
		>"$BUILD/kunit-$run.out" 2>&1
	results "$run"
}
# The hardened run: the guest of 'make' on four CPUs, on the ARM runs'
# kernel, with fault injection armed for a second run of the suites.
hardened_exec() {
	GUEST_HARDENED=1 "$TOP/scripts/guest.sh" "$ARMOUT/arch/arm/boot/zImage" check-hardened \
		>"$BUILD/check-hardened.out" 2>&1
}
hardened_results() {
	local run=$1 rc=$2 phase ph json f
	if [ "$rc" = 0 ]; then
		progress "4/5 $run: guest checks passed: $(tail -1 "$BUILD/check-hardened.out")"
	else
		grep '^FAIL' "$BUILD/check-hardened.out"
		problems+=("$run: the hardened guest failed (see $BUILD/check-hardened.out)")
	fi
	# Each suite's KTAP document through kunit.py parse, merged per phase.
	for phase in boot armed; do
		ph=$run; [ $phase = armed ] && ph=$run-fi
		json=$BUILD/kunit-$ph.json
		rm -f "$json"
		for f in "$BUILD"/check-hardened.d/ktap/*."$phase"; do
			[ -f "$f" ] || continue
			(cd "$CHECK" && ./tools/testing/kunit/kunit.py parse --json="$f.json" "$f") \
				>"$f.out" 2>&1
		done
		python3 - "$json" "$BUILD"/check-hardened.d/ktap/*."$phase".json <<'PY'
import json, sys
out = {'name': '', 'sub_groups': [], 'test_cases': []}
for path in sys.argv[2:]:
    try:
        out['sub_groups'] += json.load(open(path)).get('sub_groups', [])
    except (OSError, ValueError):
        pass
json.dump(out, open(sys.argv[1], 'w'))
PY
		cp "$BUILD/check-hardened.log" "$BUILD/kunit-$ph.log" 2>/dev/null || : >"$BUILD/kunit-$ph.log"
		results "$ph"
	done
}
guest_exec() {
	"$TOP/scripts/guest.sh" "$ARMOUT/arch/arm/boot/zImage" check-guest >"$BUILD/check-guest.out" 2>&1
}
guest_results() {
	if [ "$2" = 0 ]; then
		progress "4/5 guest: real I/O behind virtio-iommu: $(tail -1 "$BUILD/check-guest.out")"
	else
		grep '^FAIL' "$BUILD/check-guest.out"
		problems+=("guest: real I/O behind virtio-iommu failed (see $BUILD/check-guest.out)")
	fi
}
# Wait for every run launched, and count each in the order of RUNS.
run_collect() {
	local i run rc secs
	for i in "${!run_names[@]}"; do
		run=${run_names[$i]}
		wait "${run_pids[$i]}" 2>/dev/null
		read -r rc secs <"$BUILD/check-run.$run" || { rc=1 secs=0; }
		run_times+=("$run: $(mmss "$secs")")
		case $run in
		nommu) nommu_results "$run" "$rc" ;;
		arm-hardened) hardened_results "$run" "$rc" ;;
		guest) guest_results "$run" "$rc" ;;
		*) results "$run" ;;
		esac
	done
}

# The boards of the ARM runs, as kunit.py's configurations describe them;
# their device trees get the reserved-memory pool of the pool suite.
iommu_board=(-machine virt,highmem=off -device virtio-iommu-pci
	     -blockdev driver=null-co,node-name=disk0,size=67108864,read-zeroes=on
	     -device virtio-blk-pci,drive=disk0 -device pci-testdev)
# The plain board: 'virt' and a pci-testdev outside any IOMMU, which no
# driver binds to, for the dma_iommu suite's untranslated case. Without
# highmem=off QEMU puts the PCIe ECAM above 4 GiB, out of a non-LPAE
# kernel's reach; the RAM is where it is either way.
plain_board=(-machine virt,highmem=off -device pci-testdev)
plain_args="-machine highmem=off -device pci-testdev"

# The ARM runs boot the kernel of the last bisect step (or build it, if
# the build step did not run).
arm_kernel() {
	[ -f "$ARMOUT/arch/arm/boot/zImage" ] && return
	arm_config "$CHECK" "$ARMOUT" "$TOP/configs/hardened.config"
	make_arm "$ARMOUT" zImage >"$BUILD/build.log" 2>&1 ||
		abort "the ARM kernel does not build (see $BUILD/build.log)"
}
for run in $RUNS; do
	case $run in
	arm-iommu)
		dtb=$BUILD/$run.dtb
		board_dtb "$dtb" "${iommu_board[@]}" || abort "$run: no device tree (see $dtb.log)"
		arm_kernel
		launch "$run" kunit_exec "$run" "$ARMOUT" arch/arm/boot/zImage exec \
			--arch=arm_virtio_iommu --qemu_args="-dtb $dtb" \
			--kernel_args=iommu_kunit.flush=strict ;;
	arm-iommu-lazy)
		# Same kernel and board as arm-iommu, lazy IOTLB invalidation.
		dtb=$BUILD/arm-iommu.dtb
		[ -f "$dtb" ] || board_dtb "$dtb" "${iommu_board[@]}" ||
			abort "$run: no device tree (see $dtb.log)"
		arm_kernel
		launch "$run" kunit_exec "$run" "$ARMOUT" arch/arm/boot/zImage exec \
			--arch=arm_virtio_iommu --qemu_args="-dtb $dtb" \
			--kernel_args=iommu.strict=0 --kernel_args=iommu_kunit.flush=lazy \
			'dma_iommu' ;;
	arm)
		# Same kernel as arm-iommu, on the plain 'virt' board: 1 GiB,
		# of which 264 MiB highmem, and no CMA area.
		arm_kernel
		dtb=$BUILD/$run.dtb
		board_dtb "$dtb" "${plain_board[@]}" || abort "$run: no device tree (see $dtb.log)"
		launch "$run" kunit_exec "$run" "$ARMOUT" arch/arm/boot/zImage exec \
			--arch=arm --qemu_args="-dtb $dtb $plain_args" ;;
	arm-cma-low|arm-cma-high)
		# The board of 'arm' with a CMA area: 64 MiB placed in lowmem
		# (which ends at 0x6f800000 here), or 128 MiB where CMA puts
		# it by default, above the lowmem limit, as on most 1-2 GiB
		# boards.
		arm_kernel
		dtb=$BUILD/arm.dtb
		[ -f "$dtb" ] || board_dtb "$dtb" "${plain_board[@]}" || abort "$run: no device tree (see $dtb.log)"
		cma=cma=128M
		[ $run = arm-cma-low ] && cma=cma=64M@0x44000000-0x60000000
		launch "$run" kunit_exec "$run" "$ARMOUT" arch/arm/boot/zImage exec \
			--arch=arm --qemu_args="-dtb $dtb $plain_args" --kernel_args=$cma ;;
	arm-lpae)
		# LPAE with 3 GiB, up to the 4 GiB boundary, 2.25 GiB of it
		# highmem ('virt' with its high memory map on, so the PCIe
		# ECAM lies above 4 GiB), a virtio-iommu and a PCI disk with no
		# driver bound. Not more: qemu-system-arm 7.2 (TCG) aborts
		# page-table walks that reach a table above 4 GiB, which a
		# highmem user page table (HIGHPTE) soon is, while data
		# accesses there work.
		dtb=$BUILD/$run.dtb
		lpae_board=(-machine virt -device virtio-iommu-pci
			    -blockdev driver=null-co,node-name=disk0,size=67108864,read-zeroes=on
			    -device virtio-blk-pci,drive=disk0 -device pci-testdev)
		BOARD_MEM=3072 board_dtb "$dtb" "${lpae_board[@]}" || abort "$run: no device tree (see $dtb.log)"
		own_kernel "$run" && launch "$run" kunit_exec "$run" "$LPAEOUT" \
			arch/arm/boot/zImage exec --arch=arm \
			--qemu_args="-m 3072 -dtb $dtb ${lpae_board[*]:2}" ;;
	x86_64)
		# 5 GiB: memory above 4 GiB makes x86 set up swiotlb, below
		# the pages it hands out last, so the streaming tests can
		# check bouncing for a DMA mask that does not reach a buffer.
		own_kernel "$run" && launch "$run" kunit_exec "$run" "$X86OUT" \
			arch/x86/boot/bzImage exec --arch=x86_64 --qemu_args="-m 5G" ;;
	nommu)
		own_kernel "$run" || problems+=("$run: the kernel does not build (see $BUILD/nommu-build.out)")
		launch "$run" nommu_exec "$run" ;;
	guest)
		# Real I/O behind virtio-iommu, on the ARM runs' kernel. Its
		# KUnit results are those of arm-iommu again: not counted.
		arm_kernel
		launch "$run" guest_exec ;;
	arm-hardened)
		# The guest of 'make' (real I/O) on four CPUs, on a kernel of
		# its own with KASAN, kmemleak, lockdep and fault injection;
		# its suites' boot run counts as arm-hardened, and the run of
		# dma_fault with fault injection armed as arm-hardened-fi.
		arm_kernel
		launch "$run" hardened_exec ;;
	*) abort "unknown run '$run'" ;;
	esac
done
run_collect
timed "KUnit runs, $LANES at a time"

[ -z "$bg_pid" ] || wait "$bg_pid" 2>/dev/null || :

# 5. sparse and W=1 on the C files the series adds or changes, in the
#    configurations the steps above built: no new warning against the
#    same files at base (scripts/static.sh).
BASETREE=$BUILD/check-base
if [ ! -e "$BASETREE/.git" ]; then
	lgit worktree prune
	lgit worktree add -q --detach "$BASETREE" base || abort "cannot create $BASETREE"
fi
git -C "$BASETREE" checkout -q --detach base
if NOMMU_TREE=$NOMMU_TREE "$TOP/scripts/static.sh" "$CHECK" "$BASETREE" >"$BUILD/static.out" 2>&1; then
	progress "5/5 static: $(tail -1 "$BUILD/static.out")"
else
	cat "$BUILD/static.out"
	problems+=("sparse or W=1 warn where base does not (see $BUILD/static.out)")
fi
timed "sparse and W=1 on the files the series changes"

# 6. The series one by one, as they would be mailed:
#  - what Debian's b4 sends for each is what series/ holds
#    (scripts/b4check.sh), and its To/Cc are get_maintainer.pl's (b4
#    prep --auto-to-cc's command) for its patches;
#  - its prerequisite-patch-id lines are the patch IDs of the series it
#    names, in the revision series/ holds, and its base-commit: is the
#    base;
#  - a series that does not depend on every series before it applies
#    to the base plus the series it names, and builds there: the small
#    configuration of the bisect build and, in multi_v7_defconfig, what
#    it touches of the drivers' list (scripts/drivers.sh).
#  - the LAVA job definitions validate (scripts/lava-check.py).
if "$TOP/scripts/b4check.sh" "$CHECK" "$BUILD/check-b4.d" >"$BUILD/b4check.out" 2>&1; then
	progress "6/6 b4: $(grep -c 'b4 sends the' "$BUILD/b4check.out") series as series/ holds them"
else
	grep -v 'b4 sends the' "$BUILD/b4check.out" | head -20
	problems+=("b4 does not reproduce series/ (see $BUILD/b4check.out)")
fi
own=$(git -C "$CHECK" log -1 --format=%ae "$(git -C "$CHECK" rev-list --reverse base..HEAD | head -1)")
base=$(git -C "$CHECK" rev-parse base)
# Where each series ends in the check tree (HEAD: every series applied):
# the MAINTAINERS file there is the one its get_maintainer.pl reads.
mark=$(python3 "$TOP/scripts/cover.py" mark)
ends=()
for c in $(git -C "$CHECK" rev-list --reverse base..HEAD); do
	git -C "$CHECK" cat-file commit "$c" | grep -qxF -- "$mark" || continue
	[ ${#ends[@]} -eq 0 ] || ends[-1]=$(git -C "$CHECK" rev-parse "$c^")
	ends+=("")
done
[ ${#ends[@]} -eq 0 ] || ends[-1]=$(git -C "$CHECK" rev-parse HEAD)
declare -A ids_of=() rev_of=()
mapfile -t sdirs < <(series_dirs)
[ ${#sdirs[@]} = ${#ends[@]} ] || problems+=("the check tree holds ${#ends[@]} series, series/ ${#sdirs[@]}")
alone=0
gm=(./scripts/get_maintainer.pl --nogit --nogit-fallback --nogit-chief-penguins --norolestats)
for k in "${!sdirs[@]}"; do
	d=${sdirs[$k]} name=$(basename "${sdirs[$k]}")
	first=$d/$(ls "$d" | head -1)
	mapfile -t pl < <(dir_patches "$d")
	info=$(python3 "$TOP/scripts/cover.py" parse "$d")
	# To is what get_maintainer.pl --nol gives for the patches with the
	# MAINTAINERS of the series' last patch; Cc holds what --nom gives
	# but for To's addresses (b4 does not repeat them). get_maintainer.pl
	# asks git about the commits Fixes: names, which a base without
	# history does not know: those complaints are dropped.
	git -C "$CHECK" show "${ends[$k]:-HEAD}:MAINTAINERS" >"$BUILD/check-maintainers"
	want_to=$(cd "$CHECK" && "${gm[@]}" --mpath "$BUILD/check-maintainers" --nol "${pl[@]}" 2>/dev/null |
		grep -viF "$own" | LC_ALL=C sort)
	have_to=$(sed -n 's/^To: //p' <<<"$info" | LC_ALL=C sort)
	have_cc=$(sed -n 's/^Cc: //p' <<<"$info" | LC_ALL=C sort)
	want_cc=$(cd "$CHECK" && "${gm[@]}" --mpath "$BUILD/check-maintainers" --nom "${pl[@]}" 2>/dev/null |
		grep -viF "$own" | LC_ALL=C sort | LC_ALL=C comm -23 - <(echo "$have_to"))
	[ "$want_to" = "$have_to" ] ||
		problems+=("$name: To: is not what get_maintainer.pl --nol gives (missing: $(LC_ALL=C comm -23 <(echo "$want_to") <(echo "$have_to") | paste -sd';'); extra: $(LC_ALL=C comm -13 <(echo "$want_to") <(echo "$have_to") | paste -sd';'))")
	missing=$(LC_ALL=C comm -23 <(echo "$want_cc") <(echo "$have_cc"))
	[ -z "$missing" ] || problems+=("$name: Cc: lacks $(echo $missing)")
	ids=
	for p in "${pl[@]}"; do ids+="$(git patch-id --stable <"$p" | cut -d' ' -f1) "; done
	ids_of[$name]=$ids
	cid=$(sed -n 's/^change-id: //p' "$first")
	ids_of[$cid]=$name
	rev_of[$cid]=$(sed -n '/^Subject: /{s/^Subject: \[[^]]* v\([0-9]*\)[] ].*/\1/p;q}' "$first")
	[ -n "${rev_of[$cid]}" ] || rev_of[$cid]=1
	want=
	while read -r pc; do
		[ -n "$pc" ] || continue
		pcid=${pc%:v*} prev=${pc##*:v}
		if [ -z "${ids_of[$pcid]:-}" ]; then
			problems+=("$name: prerequisite $pcid is no earlier series")
			continue
		fi
		[ "$prev" = "${rev_of[$pcid]}" ] ||
			problems+=("$name: names v$prev of ${ids_of[$pcid]}, which series/ holds as v${rev_of[$pcid]}")
		want+="${ids_of[${ids_of[$pcid]}]}"
	done < <(sed -n 's/^prerequisite-change-id: //p' "$first")
	have=$(sed -n 's/^prerequisite-patch-id: //p' "$first" | tr '\n' ' ')
	[ "$want" = "$have" ] || problems+=("$name: its prerequisite-patch-id lines are not the patch IDs of the series it names")
	# base-commit: names the base, which base.sh makes the same commit on
	# every machine with the same linux-source-6.12.
	grep -qx "base-commit: $base" "$first" ||
		problems+=("$name: base-commit: is not this tree's base $base (Debian's linux-source-6.12 changed, or series/ was exported on another base: check the series on this base and run make export)")
	# Alone on the base and its prerequisites, where that is not every
	# series before it (which the bisect build covered).
	pre=()
	for pc in $(sed -n 's/^prerequisite-change-id: \(.*\):v[0-9]*$/\1/p' "$first"); do
		pre+=("$SERIES/${ids_of[$pc]}")
	done
	[ ${#pre[@]} -lt "$k" ] || continue
	alone=$((alone + 1))
	if ! napplied=$("$TOP/scripts/apply.sh" "$CHECK" "${pre[@]}" "$d" 2>"$BUILD/alone.log"); then
		problems+=("$name does not apply to the base and the series it names (see $BUILD/alone.log)")
		continue
	fi
	if ! make_arm "$BISECTOUT" KCONFIG_ALLCONFIG="$BISECTOUT/fragment.config" allnoconfig >/dev/null 2>&1 ||
	   ! make_arm "$BISECTOUT" >"$BUILD/build.log" 2>&1; then
		problems+=("$name alone does not build for ARM in the bisect configuration (see $BUILD/build.log)")
	elif build_warnings "$BUILD/build.log" >/dev/null; then
		problems+=("$name alone builds with warnings (see $BUILD/build.log)")
	fi
	if ! DRIVERS_LOST_OK=1 "$TOP/scripts/drivers.sh" "$CHECK" "$DRVOUT" "base..HEAD" >"$BUILD/drivers.out" 2>&1; then
		problems+=("$name alone: what it touches of the drivers does not build (see $BUILD/drivers.out)")
	fi
	progress "6/6 alone: $name ($napplied patches on base + ${#pre[@]} series): $(tail -1 "$BUILD/drivers.out")"
done
timed "the series one by one: b4, recipients, prerequisites, $alone alone"
if out=$(/usr/bin/python3 "$TOP/scripts/lava-check.py" 2>&1); then
	progress "6/6 LAVA: $(tail -1 <<<"$out")"
else
	echo "$out" | grep -v ': ok$' | tail -20
	problems+=("LAVA job definitions do not validate")
fi
timed "LAVA job definitions"
finish
