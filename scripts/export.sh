#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make export: write the commits base..HEAD of build/linux to series/.
# The commits hold several series, each starting with an empty cover
# commit that carries b4's tracking section (change-id, prefixes, the
# change IDs of the series it depends on); each becomes series/NN-NAME
# (NAME from its change-id). Options are fixed so that re-exporting an
# unchanged tree changes no file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MARK=$(python3 "$TOP/scripts/cover.py" mark)
# No global git configuration (format.to, format.signOff, color.ui, ...):
# the files must not depend on who exports them.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

[ -d "$LINUX/.git" ] || die "no build/linux; run 'make tree' first"
lgit rev-parse -q --verify refs/tags/base >/dev/null || die "build/linux has no 'base' tag"
[ -n "${EXPORT_DRY:-}" ] || [ -z "$(lgit status --porcelain --untracked-files=no)" ] ||
	warn "build/linux has uncommitted changes; they are not exported"
revs=$(lgit rev-list --reverse base..HEAD)
[ -n "$revs" ] || die "no commits on top of base"
[ "$(lgit rev-list --merges base..HEAD | wc -l)" = 0 ] || die "the series has merge commits"
base=$(lgit rev-parse base)
# The cover commits: empty, with the tracking section.
covers=()
for c in $revs; do
	lgit cat-file commit "$c" | grep -qxF -- "$MARK" || continue
	[ -z "$(lgit diff --name-only "$c^" "$c")" ] ||
		die "commit $(lgit log -1 --format='%h %s' "$c") has a b4 tracking section but is not empty"
	covers+=("$c")
done
[ ${#covers[@]} -gt 0 ] && [ "${covers[0]}" = "$(head -1 <<<"$revs")" ] ||
	die "the first commit after base must be an empty cover commit with b4's tracking section ('$MARK')"

out=$BUILD/export.$$
rm -rf "$out"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
declare -A dir_of=()	# change-id -> directory name
declare -A ids_of=()	# change-id -> its patches' patch-ids
tip=$(lgit rev-parse HEAD)
for i in "${!covers[@]}"; do
	c=${covers[$i]}
	if [ $((i + 1)) -lt ${#covers[@]} ]; then end=$(lgit rev-parse "${covers[$((i + 1))]}^"); else end=$tip; fi
	metaj=$(python3 "$TOP/scripts/cover.py" meta "$LINUX" "$c")
	cid=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["change-id"])' "$metaj")
	name=$(sed -E 's/^[0-9]{8}-//; s/-[0-9a-f]{12}$//' <<<"$cid")
	[ -n "$name" ] && [ -z "${dir_of[$cid]:-}" ] || die "series $((i + 1)): empty or repeated change-id '$cid'"
	dir=$(printf '%02d-%s' $((i + 1)) "$name")
	n=$(lgit rev-list --count "$c..$end")
	[ "$n" -gt 0 ] || die "series $dir has no patches"
	prefix=$(python3 -c 'import json,sys; m=json.loads(sys.argv[1]); r=int(m.get("revision",1)); print(" ".join(["PATCH"]+m.get("prefixes",[])+(["v%d"%r] if r>1 else [])))' "$metaj")
	# The series it depends on: earlier ones, by change-id.
	prereq=()
	while read -r p; do
		[ -n "$p" ] || continue
		pc=${p#change-id: }
		pc=${pc%:v*}
		[ -n "${dir_of[$pc]:-}" ] || die "series $dir depends on '$p', which no earlier series is"
		prereq+=("change-id:${p#change-id: }")
		for id in ${ids_of[$pc]}; do prereq+=("patch-id:$id"); done
	done < <(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1]).get("prerequisites",[])))' "$metaj")
	numbered=--numbered
	[ "$n" -gt 1 ] || numbered=--no-numbered
	lgit -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c diff.renames=true -c diff.algorithm=myers -c format.signature= \
		format-patch -q --zero-commit --no-signature $numbered \
		--subject-prefix="$prefix" -o "$out/$dir" "$c..$end"
	if [ "$n" -gt 1 ]; then
		python3 "$TOP/scripts/cover.py" write "$LINUX" "$c" "$end" "$base" \
			"$out/$dir/0000-cover-letter.patch" "${prereq[@]}"
	else
		python3 "$TOP/scripts/cover.py" single "$LINUX" "$c" "$base" \
			"$(ls "$out/$dir"/0001-*.patch)" "${prereq[@]}"
	fi
	dir_of[$cid]=$dir
	ids=
	for p in $(lgit rev-list --reverse "$c..$end"); do
		ids+=" $(lgit -c core.abbrev=12 -c diff.noprefix=false -c diff.renames=true \
			-c diff.algorithm=myers show --no-color "$p" | git patch-id --stable | cut -d' ' -f1)"
	done
	ids_of[$cid]=$ids
done

mkdir -p "$SERIES"
files() { (cd "$1" && find . -name '*.patch' | sort); }
# Refuse to drop patches, or to overwrite a patch edited by hand since the
# last 'make tree' or 'make export', unless FORCE=1.
if [ -z "${FORCE:-}" ] && [ -z "${EXPORT_DRY:-}" ]; then
	have=$(files "$SERIES" | grep -vc '/0000-' || :)
	mine=$(files "$out" | grep -vc '/0000-' || :)
	if [ "$mine" -lt "$have" ]; then
		rel=$(python3 "$TOP/scripts/seriescmp.py" "$out" "$SERIES")
		case $rel in
		prefix*) why="build/linux holds only the first ${rel#prefix } files of series/ (an interrupted 'make tree'?); run 'make tree' to get the rest" ;;
		*) why="build/linux has $mine patches, series/ $have" ;;
		esac
		die "export would drop patches from series/: $why, or 'make export FORCE=1' to drop them"
	fi
	edited=()
	while read -r f; do
		cmp -s "$SERIES/$f" "$out/$f" && continue
		series_file_known "$SERIES/$f" || edited+=("${f#./}")
	done < <(files "$SERIES")
	[ ${#edited[@]} -eq 0 ] ||
		die "series/ has changes made after the last 'make tree' or 'make export', which an export would overwrite: ${edited[*]}; run 'make tree' to apply them, commit them, or 'make export FORCE=1' to overwrite them"
fi
changed=0
while read -r f; do
	if ! cmp -s "$out/$f" "$SERIES/$f"; then
		mkdir -p "$(dirname "$SERIES/$f")"
		cp "$out/$f" "$SERIES/$f"
		changed=$((changed + 1))
	fi
done < <(files "$out")
while read -r f; do
	[ -e "$out/$f" ] || { rm "$SERIES/$f"; changed=$((changed + 1)); }
done < <(files "$SERIES")
find "$SERIES" -mindepth 1 -type d -empty -delete
if [ -z "${EXPORT_DRY:-}" ]; then
	lgit rev-parse HEAD >"$BUILD/exported-head"
	sums_record
fi
progress "series/: ${#covers[@]} series, $(files "$out" | wc -l) files, $changed changed"
