#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make build/linux: a git tree whose commit tagged 'base' is Linux 6.12.y,
# either Debian's linux-source-6.12 or the checkout named by KERNEL_SRC.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tool_git_env

if [ -n "${KERNEL_SRC:-}" ]; then
	[ -d "$KERNEL_SRC" ] || die "KERNEL_SRC=$KERNEL_SRC is not a directory"
	KERNEL_SRC=$(cd "$KERNEL_SRC" && pwd)
	kernel_version "$KERNEL_SRC" >/dev/null ||
		die "KERNEL_SRC=$KERNEL_SRC is not a Linux 6.12 tree (Makefile VERSION/PATCHLEVEL)"
fi
want=${KERNEL_SRC:-debian}
if [ -d "$LINUX/.git" ] && lgit rev-parse -q --verify refs/tags/base >/dev/null; then
	kernel_version "$LINUX" >/dev/null || die "$LINUX has a base tag but is not a 6.12 tree"
	have=$(cat "$BUILD/base-source" 2>/dev/null || echo debian)
	[ "$have" = "$want" ] ||
		die "build/linux was made from '$have', not '$want'; move build/linux away (nothing is deleted for you) and run again"
	"$TOP/scripts/fixes-refs.sh"
	exit 0
fi
[ -e "$LINUX" ] && die "$LINUX exists but has no 'base' tag; move it away or delete it yourself"

if [ -n "${KERNEL_SRC:-}" ]; then
	ver=$(kernel_version "$KERNEL_SRC")
	if git -C "$KERNEL_SRC" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		[ -z "$(git -C "$KERNEL_SRC" status --porcelain --untracked-files=no)" ] ||
			die "KERNEL_SRC=$KERNEL_SRC has uncommitted changes; commit or stash them first"
		progress "cloning $KERNEL_SRC (shared objects) into $LINUX"
		git clone -q --shared --no-checkout "$KERNEL_SRC" "$LINUX"
		lgit checkout -q --detach "$(git -C "$KERNEL_SRC" rev-parse HEAD)"
		lgit tag base
	else
		progress "copying $KERNEL_SRC into $LINUX"
		mkdir -p "$LINUX"
		rsync -a --exclude=.git "$KERNEL_SRC"/ "$LINUX"/
		src_desc="$KERNEL_SRC"
	fi
else
	tarball=/usr/src/linux-source-6.12.tar.xz
	if [ ! -f "$tarball" ]; then
		[ "$(id -u)" = 0 ] || die "missing $tarball; run: sudo apt-get install linux-source-6.12"
		progress "installing linux-source-6.12"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.12 \
			>"$BUILD/apt.log" 2>&1 ||
			{ apt-get update -qq >>"$BUILD/apt.log" 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.12 \
				>>"$BUILD/apt.log" 2>&1; } ||
			die "could not install linux-source-6.12 (see $BUILD/apt.log)"
	fi
	progress "unpacking $tarball"
	tmp=$BUILD/unpack.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xf "$tarball" -C "$tmp"
	mv "$tmp"/linux-source-6.12 "$LINUX"
	rmdir "$tmp"
	ver=$(kernel_version "$LINUX") || die "$tarball does not hold a 6.12 tree"
	src_desc="Debian linux-source-6.12 ($(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown))"
fi

if [ ! -d "$LINUX/.git" ]; then
	# Debian's packaging appends a stanza that ignores the whole top level
	# ("/*" then "!/debian/"); without dropping it nothing would be added.
	if grep -q '^!/debian/' "$LINUX/.gitignore" 2>/dev/null; then
		awk '/^\/\*$/ { skip = 1 } !skip { print } /^!\/debian\/$/ { skip = 0 }' \
			"$LINUX/.gitignore" >"$LINUX/.gitignore.new"
		mv "$LINUX/.gitignore.new" "$LINUX/.gitignore"
	fi
	progress "committing the base tree (about a minute)"
	lgit init -q
	lgit config core.abbrev 12
	# -f: the tarball holds only source, and upstream tracks files that
	# the kernel's own ignore rules match (.gitignore, .mailmap,
	# .kunitconfig, .clang-format, ...).
	lgit add -A -f
	# The commit's date is the source's (the tarball's time as its
	# package installed it), so that the same source gives the same base
	# commit ID on every machine: the cover letters name it (base-commit:).
	if [ -n "${KERNEL_SRC:-}" ]; then
		src_time=$(stat -c %Y "$KERNEL_SRC/Makefile")
	else
		src_time=$(stat -c %Y "$tarball")
	fi
	GIT_AUTHOR_NAME=series-tools GIT_AUTHOR_EMAIL=series-tools@localhost \
		GIT_AUTHOR_DATE="$src_time +0000" GIT_COMMITTER_DATE="$src_time +0000" \
		lgit commit -q -m "Linux $ver" -m "Source: $src_desc"
	lgit tag base
fi
lgit config user.name >/dev/null || lgit config user.name series-tools
lgit config user.email >/dev/null || lgit config user.email series-tools@localhost
echo "$want" >"$BUILD/base-source"
"$TOP/scripts/fixes-refs.sh"
progress "base is Linux $ver"
