#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make tree: build/linux = base + series/, on branch 'series'.
# Refuses to drop work that is neither committed nor exported; whatever it
# replaces stays reachable under refs/backup/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/deps.sh" base
"$TOP/scripts/base.sh"

state=$BUILD/exported-head
dirty=$(lgit status --porcelain --untracked-files=normal | head -5)
if [ -n "$dirty" ]; then
	die "build/linux has uncommitted changes; commit them and run 'make export', or stash them (git -C build/linux stash), then run 'make tree' again"
fi
if lgit rev-parse -q --verify HEAD >/dev/null && [ "$(lgit rev-parse HEAD)" != "$(lgit rev-parse base)" ]; then
	head=$(lgit rev-parse HEAD)
	if [ "$head" != "$(cat "$state" 2>/dev/null)" ]; then
		# Not the state we last applied or exported: would an export
		# change series/? (Compares messages too, not only diffs.)
		tmp=$BUILD/tree-cmp.$$
		rm -rf "$tmp"
		if ! EXPORT_DRY=1 SERIES=$tmp "$TOP/scripts/export.sh" >/dev/null 2>&1 ||
		   ! diff -rq "$tmp" "$SERIES" >/dev/null 2>&1; then
			rm -rf "$tmp"
			[ -n "${FORCE:-}" ] ||
				die "build/linux has commits that series/ does not hold; run 'make export' to keep them (or 'make tree FORCE=1' to replace them: they stay under refs/backup/)"
		fi
		rm -rf "$tmp"
	fi
	lgit update-ref "refs/backup/$(date +%Y%m%d-%H%M%S)" HEAD
fi
lgit checkout -q -B series base
n=$("$TOP/scripts/apply.sh" "$LINUX")
lgit rev-parse HEAD >"$state"
progress "build/linux: branch 'series' = base + $n patches (+ cover letter commit)"
