# SPDX-License-Identifier: GPL-2.0
# Workspace for the "ARM: dma-mapping: finish the move to the common DMA
# core" patch series. See README.md.
#
#   make          build the patched kernel, boot it on QEMU's ARM 'virt'
#                 board with a virtio-iommu and print what the series does
#   make check    the gate: apply, checkpatch, bisect build, KUnit on QEMU
#   make bench    dma_map_benchmark behind virtio-iommu: legacy ARM path
#                 against the common iommu-dma path (not part of check)
#   make alloc-bench  dma_alloc_coherent() latency and memory: ARM's own
#                 allocator against dma-direct (not part of check)
#   make cross    kernel/dma/ on arm64, riscv, mips, openrisc; the in-place
#                 hook a no-op for mips and openrisc; arm64 KUnit before
#                 and after the common DMA patches (not part of check)
#   make pool-bench  the coherent pool allocator's figures (power-of-two
#                 blocks, first fit, best fit) on a simulated pool
#   make tree     build/linux = base + series/ (branch 'series')
#   make export   build/linux commits -> series/NN-NAME, one directory per series
#   make base     only unpack and commit the 6.12 base
#
# Variables: KERNEL_SRC=/path/to/linux-6.12.y (instead of Debian's
# linux-source-6.12), RUNS="arm arm-iommu x86_64" (make check),
# ROUNDS=N SECS=N (make bench; ROUNDS also for make alloc-bench),
# FORCE=1 (make tree, make export), JOBS=N.

SHELL := /bin/bash
export KERNEL_SRC RUNS FORCE JOBS ROUNDS SECS

.PHONY: all demo check bench alloc-bench cross pool-bench tree export base clean help

all: demo

demo:
	@scripts/demo.sh

check:
	@scripts/check.sh

bench:
	@scripts/bench.sh

alloc-bench:
	@scripts/alloc-bench.sh

cross:
	@scripts/cross.sh

pool-bench:
	@scripts/pool-bench.sh

tree:
	@scripts/tree.sh

export:
	@scripts/export.sh

base:
	@scripts/deps.sh base
	@scripts/base.sh

help:
	@sed -n '2,26s/^# \{0,1\}//p' Makefile

# Removes build output only; build/linux (your tree) is kept.
clean:
	rm -rf build/check build/check-arm build/check-x86 build/demo-arm \
		build/initramfs build/bb build/*.log build/*.json \
		build/bench build/bench-legacy build/bench-common build/bench-src \
		build/alloc-bench build/alloc-bench-legacy build/alloc-bench-common \
		build/cross build/cross-src build/cross-arm64 build/cross-riscv build/cross-mips \
		build/cross-openrisc build/cross-kunit-arm64 \
		build/demo.d build/check-guest.d build/check-bisect build/check-drivers \
		build/static build/static-base-arm build/static-base-v7 build/selftest \
		build/check-base build/check-nommu build/check-lpae build/check-final \
		build/pool-bench build/pool-bench-src
	-git -C build/linux worktree prune 2>/dev/null
