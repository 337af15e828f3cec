#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# b4check.sh TREE OUT: what Debian's b4 (0.12) would send for each series
# of series/ is what series/ holds. TREE is a worktree whose HEAD holds
# every series applied in order (make check's, after its apply step).
# For each series, b4 sends (b4 send -o, offline, no signing) the branch
# up to the series' last patch, from a sparse clone of TREE's
# repository that shares its objects (so that neither b4's settings nor
# the worktree's touch TREE's repository): b4 finds the series' cover
# commit itself, takes To/Cc from
# its To:/Cc: lines and the prefix and change-id from its tracking
# section. b4 0.12 has no prerequisites of its own, so its cover template
# carries the base-commit: line and the prerequisite lines of the
# series/ file; make check verifies those itself (step 6). The
# mail files, normalised (scripts/mailnorm.py), must match series/ file
# by file. Time and the random part of Message-Id are pinned
# (scripts/b4det.py), so reruns give the same files. Prints one line per
# series; exits non-zero if any differs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TREE=$(realpath "$1")
OUT=$(realpath -m "$2")
command -v b4 >/dev/null || die "b4 is missing; run: apt-get install b4"
MARK=$(python3 "$TOP/scripts/cover.py" mark)

rm -rf "$OUT"
mkdir -p "$OUT/home"
export HOME=$OUT/home XDG_CONFIG_HOME=$OUT/home/.config XDG_CACHE_HOME=$OUT/home/.cache \
	XDG_DATA_HOME=$OUT/home/.local/share GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C.UTF-8 COLUMNS=72
wt=$OUT/repo
br=check-b4
git clone -q --shared --no-checkout "$TREE" "$wt"
git -C "$wt" sparse-checkout set --cone >/dev/null

# The cover commits of TREE's HEAD, in order, and where each series ends.
mapfile -t revs < <(git -C "$TREE" rev-list --reverse base..HEAD)
covers=()
for c in "${revs[@]}"; do
	git -C "$TREE" cat-file commit "$c" | grep -qxF -- "$MARK" && covers+=("$c")
done
mapfile -t dirs < <(series_dirs)
[ ${#covers[@]} = ${#dirs[@]} ] || die "TREE has ${#covers[@]} series, series/ ${#dirs[@]}"
bad=0
for i in "${!dirs[@]}"; do
	d=${dirs[$i]} name=$(basename "${dirs[$i]}")
	if [ $((i + 1)) -lt ${#covers[@]} ]; then
		end=$(git -C "$TREE" rev-parse "${covers[$((i + 1))]}^")
	else
		end=$(git -C "$TREE" rev-parse HEAD)
	fi
	c=${covers[$i]}
	first=$(ls "$d" | head -1)
	# The cover template: b4's default, with the series/ file's base and
	# prerequisite lines in place of ${base_commit}.
	{
		printf '${cover}\n\n---\n${shortlog}\n\n${diffstat}\n---\n'
		grep '^base-commit: ' "$d/$first"
		printf 'change-id: ${change_id}\n'
		grep '^prerequisite-' "$d/$first" || :
		printf '\nBest regards,\n-- \n${signature}\n'
	} >"$OUT/$name.template"
	an=$(git -C "$TREE" log -1 --format=%an "$c") ae=$(git -C "$TREE" log -1 --format=%ae "$c")
	cfg=(user.name="$an" user.email="$ae" core.abbrev=12 diff.noprefix=false
	     diff.mnemonicPrefix=false diff.renames=true diff.algorithm=myers
	     sendemail.smtpserver=localhost b4.send-no-patatt-sign=yes
	     b4.prep-cover-template="$OUT/$name.template")
	git -C "$wt" checkout -q -f -B "$br" "$end"
	(
		export GIT_CONFIG_COUNT=${#cfg[@]}
		for k in "${!cfg[@]}"; do
			export "GIT_CONFIG_KEY_$k=${cfg[$k]%%=*}" "GIT_CONFIG_VALUE_$k=${cfg[$k]#*=}"
		done
		export B4_FAKE_TIME=$(git -C "$TREE" log -1 --format=%at "$c")
		cd "$wt"
		/usr/bin/python3 "$TOP/scripts/b4det.py" -q send -o "$OUT/$name" --no-sign
	) >"$OUT/$name.log" 2>&1 || { echo "$name: b4 send failed (see $OUT/$name.log)"; bad=1; continue; }
	mapfile -t mine < <(ls "$d"/*.patch)
	mapfile -t theirs < <(ls "$OUT/$name"/*.eml 2>/dev/null)
	if [ ${#mine[@]} != ${#theirs[@]} ]; then
		echo "$name: b4 wrote ${#theirs[@]} mails, series/ holds ${#mine[@]} files"
		bad=1
		continue
	fi
	same=0
	for k in "${!mine[@]}"; do
		mode=
		[ "$k" = 0 ] || mode=nodests
		python3 "$TOP/scripts/mailnorm.py" "${mine[$k]}" "$ae" $mode >"$OUT/$name.mine"
		python3 "$TOP/scripts/mailnorm.py" "${theirs[$k]}" "$ae" $mode >"$OUT/$name.b4"
		if cmp -s "$OUT/$name.mine" "$OUT/$name.b4"; then
			same=$((same + 1))
		else
			echo "$name: $(basename "${mine[$k]}") differs from what b4 sends:"
			diff -u "$OUT/$name.mine" "$OUT/$name.b4" | head -20 || :
			bad=1
		fi
	done
	echo "$name: b4 sends the ${#mine[@]} files of series/ ($same the same)"
done
exit $bad
