#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fixes-refs.sh: the upstream commits the series' Fixes: tags name, as
# build/linux can know them. The base is a source release without
# history, so checkpatch could not look a Fixes: ID up. For each
# "<ID> <subject>" of configs/fixes.txt (pairs checked once against
# their source, which the file names), an empty commit with that subject
# is tagged refs/tags/<ID>; git resolves the ID to it, and checkpatch
# then checks every Fixes: line as it does in a tree with history: an ID
# it does not know, or a subject other than the recorded one, is
# reported. Tags of IDs no longer listed are removed. Deterministic:
# fixed identity and date, so the commits are the same on every machine.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
LIST=$TOP/configs/fixes.txt
MARK='Stand-in for the upstream commit that this tag names'
export GIT_AUTHOR_NAME=series-tools GIT_AUTHOR_EMAIL=series-tools@localhost
export GIT_COMMITTER_NAME=series-tools GIT_COMMITTER_EMAIL=series-tools@localhost
export GIT_AUTHOR_DATE="2000-01-01T00:00:00+0000" GIT_COMMITTER_DATE="2000-01-01T00:00:00+0000"
empty=$(lgit hash-object -t tree -w /dev/null)
declare -A want=()
while read -r id subj; do
	[[ $id =~ ^[0-9a-f]{12}$ ]] || die "configs/fixes.txt: '$id' is not a 12-character commit ID"
	subj=${subj%%    #*}
	[ -n "$subj" ] || die "configs/fixes.txt: $id has no subject"
	want[$id]=1
	c=$(printf '%s\n\n%s (configs/fixes.txt).\n' "$subj" "$MARK" | lgit commit-tree "$empty")
	lgit update-ref "refs/tags/$id" "$c"
done < <(grep -v '^#' "$LIST" | grep .)
lgit for-each-ref --format='%(refname:strip=2)' 'refs/tags/' |
	grep -xE '[0-9a-f]{12}' | while read -r t; do
	[ -n "${want[$t]:-}" ] && continue
	lgit log -1 --format=%B "refs/tags/$t" | grep -qF "$MARK" && lgit update-ref -d "refs/tags/$t"
done
