#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make pool-bench: the figures behind "dma-mapping: coherent pools: take
# only the pages a buffer needs". bench/coherent-pool-bench.patch (kept
# here, not in series/: a benchmark that only compares allocators does
# not belong in the kernel) adds a KUnit suite that runs seeded workloads
# against a simulated pool with the old power-of-two allocator, first fit
# (what the pools use) and best fit, and prints the share of the pool in
# use at the first failed allocation. The simulation needs no hardware,
# so it runs as a User Mode Linux KUnit kernel; the figures depend only
# on the seeds and the page size (4 KiB), not on the machine.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SRC=$BUILD/pool-bench-src
OUT=$BUILD/pool-bench

progress "checking packages"
"$TOP/scripts/deps.sh" base build
"$TOP/scripts/tree.sh" --ensure
if [ ! -e "$SRC/.git" ]; then
	lgit worktree prune
	lgit worktree add -q --detach "$SRC" HEAD || die "cannot create $SRC"
fi
git -C "$SRC" checkout -q --detach "$(lgit rev-parse HEAD)"
git -C "$SRC" reset -q --hard
git -C "$SRC" clean -qfdx
git -C "$SRC" apply "$TOP/bench/coherent-pool-bench.patch" ||
	die "bench/coherent-pool-bench.patch does not apply to build/linux"
mkdir -p "$OUT"
printf 'CONFIG_KUNIT=y\nCONFIG_DMA_COHERENT_BENCHMARK=y\n' >"$OUT/bench.kunitconfig"
progress "building a UML KUnit kernel with the benchmark (a few minutes cold)"
(cd "$SRC" && ./tools/testing/kunit/kunit.py run --build_dir="$OUT" \
	--kunitconfig="$OUT/bench.kunitconfig" --jobs="$JOBS" --raw_output=all) \
	>"$OUT/run.log" 2>&1 || { tail -20 "$OUT/run.log"; die "the benchmark did not run (see $OUT/run.log)"; }
sed -n 's/^.*# dma_coherent_bench_[a-z]*: //p' "$OUT/run.log" | grep 'share in use'
grep -q '^ok [0-9]* dma_coherent_bench' "$OUT/run.log" ||
	die "the benchmark suite did not pass (see $OUT/run.log)"
progress "full output: $OUT/run.log"
