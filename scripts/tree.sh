#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make tree: build/linux = base + series/, on branch 'series'.
#   tree.sh            (re)apply series/ on base
#   tree.sh --ensure   the same, unless build/linux holds series/ already
# Refuses to drop work that is neither committed nor exported; a tree that
# holds a prefix of series/ (an interrupted apply) is no such work.
# Whatever it replaces stays reachable under refs/backup/. The patches are
# applied on a branch of their own: if one does not apply, build/linux is
# left exactly as it was.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure=
[ "${1:-}" = --ensure ] && ensure=1
"$TOP/scripts/deps.sh" base
"$TOP/scripts/base.sh"

state=$BUILD/exported-head
dirty=$(lgit status --porcelain --untracked-files=normal | head -5)
if [ -n "$dirty" ]; then
	die "build/linux has uncommitted changes; commit them and run 'make export', or stash them (git -C build/linux stash), then run 'make tree' again"
fi

# What build/linux holds against series/: same, prefix K, differs K, or
# none (nothing on top of base).
relation() {
	local tmp rel
	if ! lgit merge-base --is-ancestor base HEAD 2>/dev/null; then
		echo "differs 0"
		return
	fi
	[ "$(lgit rev-list --count base..HEAD)" -gt 0 ] || { echo none; return; }
	tmp=$BUILD/tree-cmp.$$
	rm -rf "$tmp"
	if EXPORT_DRY=1 SERIES=$tmp "$TOP/scripts/export.sh" >/dev/null 2>&1; then
		rel=$(python3 "$TOP/scripts/seriescmp.py" "$tmp" "$SERIES")
	else
		rel="differs 0"
	fi
	rm -rf "$tmp"
	echo "$rel"
}

head=$(lgit rev-parse HEAD)
rel=
if [ "$head" != "$(lgit rev-parse base)" ]; then
	rel=$(relation)
	if [ -n "$ensure" ] && [ "$rel" = same ]; then
		lgit rev-parse HEAD >"$state"
		progress "build/linux holds series/ ($(lgit log --format=%H --diff-filter=ACDMRT base..HEAD -- . | wc -l) patches)"
		exit 0
	fi
	case $rel in
	same|prefix*|none) ;;
	*)
		[ "$head" = "$(cat "$state" 2>/dev/null)" ] || [ -n "${FORCE:-}" ] ||
			die "build/linux has commits that series/ does not hold (from patch $((${rel#differs } + 1)) on); run 'make export' to keep them (or 'make tree FORCE=1' to replace them: they stay under refs/backup/)"
		;;
	esac
	lgit update-ref "refs/backup/$(date +%Y%m%d-%H%M%S)" HEAD
fi

# Apply on a scratch branch; move 'series' only once every patch applied.
old=$(lgit symbolic-ref -q --short HEAD || lgit rev-parse HEAD)
lgit checkout -q -B series-apply base
if ! n=$("$TOP/scripts/apply.sh" "$LINUX"); then
	lgit am --abort >/dev/null 2>&1 || true
	lgit checkout -q -f "$old"
	lgit branch -q -D series-apply
	die "build/linux is unchanged (still at $(lgit log -1 --format='%h %s' HEAD)); mend the patch in series/ and run 'make tree' again"
fi
lgit checkout -q -B series series-apply
lgit branch -q -D series-apply
lgit rev-parse HEAD >"$state"
sums_record
progress "build/linux: branch 'series' = base + $n patches in $(ls -d "$SERIES"/[0-9][0-9]-*/ | wc -l) series (each after its cover commit)"
