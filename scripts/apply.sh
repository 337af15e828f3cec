#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# apply.sh TREE [DIR...]: reset TREE's current branch (or detached HEAD)
# to 'base' and apply the series of series/ on it (or only the series
# directories given, in that order): for each, its cover letter as an
# empty commit (cover.py parse), then every patch with git am. Prints the
# number of patches. The caller has made sure nothing is lost by the reset.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=$1
shift
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || mapfile -t dirs < <(series_dirs)
[ ${#dirs[@]} -gt 0 ] || die "series/ holds no series directory (NN-NAME)"

# The tools' own identity and no global git configuration: what series/
# holds decides the commits, not the user's settings. An apply that was
# killed half-way leaves a git am session that would refuse every later
# one.
tool_git_env
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git -C "$tree" am --abort >/dev/null 2>&1 || :
git -C "$tree" reset -q --hard base
count=0
for d in "${dirs[@]}"; do
	info=$(python3 "$TOP/scripts/cover.py" parse "$d") ||
		die "series/$(basename "$d"): no cover letter or change-id"
	author=$(sed -n 1p <<<"$info")
	date=$(sed -n 2p <<<"$info")
	sed 1,2d <<<"$info" |
		GIT_AUTHOR_NAME="${author% <*}" GIT_AUTHOR_EMAIL=$(sed 's/.*<\(.*\)>.*/\1/' <<<"$author") \
		GIT_AUTHOR_DATE="$date" \
		git -C "$tree" commit -q --allow-empty --cleanup=verbatim -F -
	while read -r p; do
		[ -n "$p" ] || continue
		if ! git -C "$tree" am -q -b --no-3way "$p" >"$BUILD/am.log" 2>&1; then
			git -C "$tree" am --abort >/dev/null 2>&1 || true
			die "series/$(basename "$d")/$(basename "$p") does not apply (see $BUILD/am.log)"
		fi
		count=$((count + 1))
	done < <(dir_patches "$d")
done
echo "$count"
