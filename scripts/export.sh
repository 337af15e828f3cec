#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make export: write the commits base..HEAD of build/linux to series/.
# Options are fixed so that re-exporting an unchanged tree changes no file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PREFIX=${SUBJECT_PREFIX:-PATCH}

[ -d "$LINUX/.git" ] || die "no build/linux; run 'make tree' first"
lgit rev-parse -q --verify refs/tags/base >/dev/null || die "build/linux has no 'base' tag"
[ -n "${EXPORT_DRY:-}" ] || [ -z "$(lgit status --porcelain --untracked-files=no)" ] ||
	warn "build/linux has uncommitted changes; they are not exported"
revs=$(lgit rev-list --reverse base..HEAD)
[ -n "$revs" ] || die "no commits on top of base"
cover=$(head -1 <<<"$revs")
[ -z "$(lgit diff --name-only "$cover^" "$cover")" ] ||
	die "the first commit after base must be the empty cover-letter commit (git commit --allow-empty)"
[ "$(lgit rev-list --merges base..HEAD | wc -l)" = 0 ] || die "the series has merge commits"
ver=$(kernel_version "$LINUX")

out=$BUILD/export.$$
rm -rf "$out"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
if [ "$(wc -l <<<"$revs")" -gt 1 ]; then
	lgit -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c diff.renames=true -c diff.algorithm=myers -c format.signature= \
		format-patch -q --zero-commit --no-signature --numbered \
		--subject-prefix="$PREFIX" -o "$out" "$cover..HEAD"
fi
python3 "$TOP/scripts/cover.py" write "$LINUX" "$PREFIX" "$ver" "$out/0000-cover-letter.patch"

mkdir -p "$SERIES"
# Refuse to drop patches, or to overwrite a patch edited by hand since the
# last 'make tree' or 'make export', unless FORCE=1.
if [ -z "${FORCE:-}" ] && [ -z "${EXPORT_DRY:-}" ]; then
	have=$(ls "$SERIES" | grep -c '^[0-9]\{4\}-.*\.patch$' || :)
	mine=$(ls "$out" | grep -c '^[0-9]\{4\}-.*\.patch$' || :)
	if [ "$mine" -lt "$have" ]; then
		rel=$(python3 "$TOP/scripts/seriescmp.py" "$out" "$SERIES")
		case $rel in
		prefix*) why="build/linux holds only the first ${rel#prefix } of the $((have - 1)) patches of series/ (an interrupted 'make tree'?); run 'make tree' to get the rest" ;;
		*) why="build/linux has $((mine - 1)) patches, series/ $((have - 1))" ;;
		esac
		die "export would drop patches from series/: $why, or 'make export FORCE=1' to drop them"
	fi
	edited=()
	for f in "$SERIES"/*.patch; do
		[ -e "$f" ] || continue
		cmp -s "$f" "$out/$(basename "$f")" && continue
		series_file_known "$f" || edited+=("$(basename "$f")")
	done
	[ ${#edited[@]} -eq 0 ] ||
		die "series/ has changes made after the last 'make tree' or 'make export', which an export would overwrite: ${edited[*]}; run 'make tree' to apply them, commit them, or 'make export FORCE=1' to overwrite them"
fi
changed=0
for f in "$out"/*.patch; do
	b=$(basename "$f")
	if ! cmp -s "$f" "$SERIES/$b"; then
		cp "$f" "$SERIES/$b"
		changed=$((changed + 1))
	fi
done
for f in "$SERIES"/*.patch; do
	[ -e "$f" ] || continue
	[ -e "$out/$(basename "$f")" ] || { rm "$f"; changed=$((changed + 1)); }
done
if [ -z "${EXPORT_DRY:-}" ]; then
	lgit rev-parse HEAD >"$BUILD/exported-head"
	sums_record
fi
progress "series/: $(ls "$out" | wc -l) files, $changed changed"
