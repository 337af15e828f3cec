#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# selftest.sh: the workspace's own tests. make tree, make export and the
# tree check of make/make bench, run on a toy "kernel" (a 6.12 Makefile and
# two files) with a four-patch series in a scratch directory; build/linux
# and series/ are never touched. Prints 'ok N name' or 'not ok N name' per
# case and ends with 'N passed, N failed'; exits non-zero on a failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
S=$BUILD/selftest
rm -rf "$S"
mkdir -p "$S"
export BUILD=$S/build LINUX=$S/build/linux SERIES=$S/ws/series
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.org
export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.org
export GIT_CONFIG_NOSYSTEM=1 HOME=$S
unset FORCE KERNEL_SRC
mkdir -p "$BUILD" "$SERIES"
pass=0 fail=0 n=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok $n $2"
	else
		fail=$((fail + 1)); echo "not ok $n $2"
	fi
}
# check NAME CMD...: one case, passing when CMD succeeds.
check() { local name=$1; shift; "$@" >>"$S/log" 2>&1; ok $? "$name"; }
# refuses NAME CMD...: one case, passing when CMD fails and says why.
refuses() {
	local name=$1 rc; shift
	"$@" >"$S/out" 2>&1; rc=$?
	cat "$S/out" >>"$S/log"
	[ $rc != 0 ] && grep -q '^error: ' "$S/out"
	ok $? "$name"
}
lg() { git -C "$LINUX" "$@"; }
tree() { "$TOP/scripts/tree.sh" "$@"; }
xport() { "$TOP/scripts/export.sh"; }
same_series() { diff -r "$S/ref" "$SERIES" >/dev/null; }

# A toy 6.12 tree with a base tag, as base.sh leaves it.
mkdir -p "$LINUX"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 99\n' >"$LINUX/Makefile"
seq 1 40 >"$LINUX/a.c"
seq 1 40 >"$LINUX/b.c"
lg init -q -b master
lg add -A && lg commit -q -m "Linux 6.12.99" && lg tag base
echo debian >"$BUILD/base-source"
# Two series: a cover commit (b4's tracking section) and four patches,
# then a one-patch series that depends on the first; export makes
# series/01-toy and series/02-toy-more.
cover_msg() { # SUBJECT CHANGE-ID [PREREQUISITE]
	printf '%s\n\nThe cover letter of %s.\n\nTo: Toy Maintainer <toy@example.org>\nCc: toy-list@example.org\n\n%s\n' \
		"$1" "$1" "$(python3 "$TOP/scripts/cover.py" mark)"
	printf '{"series": {"revision": 1, "change-id": "%s", "base-branch": null, "prefixes": []%s}}\n' \
		"$2" "${3:+, \"prerequisites\": [\"change-id: $3:v1\"]}"
}
lg checkout -q -b series
cover_msg "toy: a series" 20260101-toy-0123456789ab | lg commit -q --allow-empty -F -
for i in 1 2 3 4; do
	f=a.c; [ $i -gt 2 ] && f=b.c
	sed -i "$((i * 7))s/\$/ changed by $i/" "$LINUX/$f"
	lg commit -q -am "toy: change $i" -m "Why change $i." -m "Signed-off-by: Tester <tester@example.org>"
done
cover_msg "toy: one more" 20260101-toy-more-0123456789ab 20260101-toy-0123456789ab |
	lg commit -q --allow-empty -F -
sed -i "30s/\$/ changed by 5/" "$LINUX/b.c"
lg commit -q -am "toy: change 5" -m "Why change 5." -m "Signed-off-by: Tester <tester@example.org>"
git init -q "$S/ws"
check "export writes the series" xport
[ -f "$SERIES/01-toy/0000-cover-letter.patch" ] && [ "$(ls "$SERIES/01-toy" | wc -l)" = 5 ] &&
	[ "$(ls "$SERIES/02-toy-more")" = 0001-toy-change-5.patch ]
ok $? "export writes a directory per series, a one-patch series without cover letter"
f=$SERIES/02-toy-more/0001-toy-change-5.patch
grep -qx 'prerequisite-change-id: 20260101-toy-0123456789ab:v1' "$f" &&
	[ "$(grep -c '^prerequisite-patch-id: [0-9a-f]\{40\}$' "$f")" = 4 ] &&
	grep -qx 'The cover letter of toy: one more.' "$f" && grep -q '^To: Toy Maintainer' "$f"
ok $? "a dependent series names its prerequisite and the patch IDs, as b4 does"
git -C "$S/ws" add -A && git -C "$S/ws" commit -q -m series
cp -r "$SERIES" "$S/ref"
full=$(lg rev-parse HEAD)

# 1. Round trip: apply series/ from scratch, export it back unchanged.
lg checkout -q --detach base && lg branch -q -D series
check "tree applies every patch" tree
[ "$(lg rev-list --count base..series)" = 7 ]; ok $? "tree holds two cover commits and 5 patches"
check "export of an unchanged tree" xport
same_series; ok $? "round trip changes no file"

# 2. make after make check: build/linux holds only its base.
lg checkout -q --detach base
check "tree --ensure on a base-only tree" tree --ensure
[ "$(lg rev-list --count base..HEAD)" = 7 ] && [ "$(lg symbolic-ref --short HEAD)" = series ]
ok $? "tree --ensure applied series/"
before=$(lg rev-parse HEAD)
check "tree --ensure on a tree that holds series/" tree --ensure
[ "$(lg rev-parse HEAD)" = "$before" ]; ok $? "tree --ensure left it alone"

# 3. A patch that does not apply leaves build/linux as it was.
sed -i 's/^-21$/-21 edited by hand/' "$SERIES"/01-toy/0003-*.patch
before=$(lg rev-parse HEAD)
refuses "tree stops at a patch that does not apply" tree
[ "$(lg rev-parse HEAD)" = "$before" ] && [ "$(lg symbolic-ref --short HEAD)" = series ] &&
	[ -z "$(lg status --porcelain)" ] && [ ! -d "$LINUX/.git/rebase-apply" ] &&
	! lg rev-parse -q --verify series-apply >/dev/null
ok $? "a failed apply leaves build/linux unchanged"
cp "$SERIES"/01-toy/0003-*.patch "$S/hand-edit"
refuses "export refuses to overwrite a hand edit" xport
cmp -s "$S/hand-edit" "$SERIES"/01-toy/0003-*.patch; ok $? "the hand edit is still there"
git -C "$S/ws" checkout -q -- series
check "tree after the patch is mended" tree

# 4. A tree holding a prefix of series/ (an interrupted apply by older
#    tools): make tree accepts it, make export refuses to drop patches.
lg reset -q --hard HEAD~3
rm -f "$BUILD/exported-head"
refuses "export refuses to drop patches" xport
same_series; ok $? "series/ unchanged after the refused export"
check "tree accepts a prefix of series/" tree
[ "$(lg rev-list --count base..HEAD)" = 7 ]; ok $? "tree completed the prefix"
lg reset -q --hard HEAD~2
check "export FORCE=1 drops a patch" env FORCE=1 "$TOP/scripts/export.sh"
[ "$(ls "$SERIES")" = 01-toy ] && [ "$(ls "$SERIES/01-toy" | wc -l)" = 5 ]; ok $? "FORCE=1 export dropped the second series"
git -C "$S/ws" checkout -q -- series

# 5. Work that series/ does not hold is never replaced without FORCE=1.
lg reset -q --hard "$full"
echo 41 >>"$LINUX/b.c"
lg commit -q -am "toy: unexported work"
rm -f "$BUILD/exported-head"
refuses "tree refuses to drop unexported commits" tree
[ "$(lg log -1 --format=%s)" = "toy: unexported work" ]; ok $? "the unexported commit is kept"
check "tree FORCE=1 replaces them" env FORCE=1 "$TOP/scripts/tree.sh"
lg for-each-ref refs/backup/ --format='%(objectname)' | xargs -r -n1 git -C "$LINUX" log -1 --format=%s |
	grep -qx "toy: unexported work"
ok $? "the replaced commits stay under refs/backup/"
echo "// uncommitted" >>"$LINUX/a.c"
refuses "tree refuses an uncommitted change" tree
lg checkout -q -- a.c

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" = 0 ]
