#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# apply.sh TREE: reset TREE's current branch (or detached HEAD) to 'base'
# and apply series/ on it: the cover letter as an empty commit, then every
# patch with git am. The caller has made sure nothing is lost by the reset.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=$1
cover=$SERIES/0000-cover-letter.patch

git -C "$tree" reset -q --hard base
[ -f "$cover" ] || die "series/0000-cover-letter.patch is missing"
info=$(python3 "$TOP/scripts/cover.py" parse "$cover")
author=$(sed -n 1p <<<"$info")
date=$(sed -n 2p <<<"$info")
sed 1,2d <<<"$info" |
	GIT_AUTHOR_NAME="${author% <*}" GIT_AUTHOR_EMAIL=$(sed 's/.*<\(.*\)>.*/\1/' <<<"$author") \
	GIT_AUTHOR_DATE="$date" git -C "$tree" commit -q --allow-empty --cleanup=verbatim -F -
count=0
while read -r p; do
	[ -n "$p" ] || continue
	if ! git -C "$tree" am -q --no-3way "$p" >"$BUILD/am.log" 2>&1; then
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		die "series/$(basename "$p") does not apply (see $BUILD/am.log)"
	fi
	count=$((count + 1))
done < <(series_patches)
echo "$count"
