#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scanlog.sh LOG: fail (and print the lines) if a kernel log holds a
# DMA-API debug error, a WARN, a BUG/oops, a KASAN or lockdep report.
# A test may only print such text on purpose if it is not in this list.
set -u
log=$1
[ -s "$log" ] || { echo "empty kernel log: $log"; exit 1; }
pat='DMA-API: |------------\[ cut here \]|WARNING: |BUG: |Oops|Unable to handle kernel|Internal error:|Kernel panic|KASAN|UBSAN|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|Bad page state|kernel BUG at|sleeping function called from invalid context'
# dma-debug's own start-up lines, and the growth of its entry pool, are
# the only DMA-API lines that are fine.
ok='DMA-API: (preallocated [0-9]+ debug entries|debugging enabled by kernel config|debugging disabled on kernel command line|dma_debug_entry pool grown to [0-9]+ \([0-9]+%\))$'
# A serial console may end lines with CR LF.
hits=$(tr -d '\r' <"$log" | grep -aE "$pat" | grep -avE "$ok" | head -20)
if [ -n "$hits" ]; then
	printf '%s\n' "$hits"
	exit 1
fi
exit 0
