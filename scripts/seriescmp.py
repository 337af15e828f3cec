#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two exported series, patch by patch, in apply order.

  seriescmp.py MINE THEIRS

MINE and THEIRS are series/ directories of 'make export' output: one
directory per series (NN-NAME), cover letter first. The files are taken
in apply order, series after series. Two patches are the same when they
differ only in the subject's [PREFIX n/m] tag, in how the mail headers
are folded and in the generated lines (base-commit:, prerequisite
patch IDs); two cover letters are the same when their headers, body and
change IDs are (the shortlog and diffstat are generated). Prints one word:

  same      MINE holds exactly the files of THEIRS
  prefix K  MINE holds the first K files of THEIRS and nothing else
  differs K the first K files agree, file K+1 of MINE is not in THEIRS
"""
import os
import re
import sys

import mailhdr

TAG = re.compile(r'^(Subject:\s*)\[[^]]*\]\s*')
SHORTLOG = re.compile(r'^\S.* \(\d+\):$')


def patches(d):
    out = []
    for s in sorted(os.listdir(d)):
        sd = os.path.join(d, s)
        if not (re.match(r'^\d{2}-', s) and os.path.isdir(sd)):
            continue
        names = sorted(n for n in os.listdir(sd)
                       if re.match(r'^\d{4}-.*\.patch$', n))
        out += [os.path.join(sd, n) for n in names]
    return out


GENERATED = re.compile(r'^(base-commit|prerequisite-patch-id): ')


def normal(path):
    cover = os.path.basename(path).startswith('0000-')
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        mbox, head, body = mailhdr.split(f.read())
    head = [TAG.sub(r'\1', h) for h in head]
    if cover:
        ends = [n for n in range(len(body) - 1)
                if body[n] == '---' and SHORTLOG.match(body[n + 1])]
        if ends:
            tail = [l for l in body[ends[-1]:]
                    if l.startswith(('change-id: ',
                                     'prerequisite-change-id: '))]
            body = body[:ends[-1]] + tail
    body = [l for l in body if not GENERATED.match(l)]
    return os.path.basename(os.path.dirname(path)), '\n'.join(head + body)


def main(mine, theirs):
    a, b = patches(mine), patches(theirs)
    if not a or not b:
        print('differs 0')
        return
    for k, (x, y) in enumerate(zip(a, b)):
        if normal(x) != normal(y):
            print('differs %d' % k)
            return
    if len(a) == len(b):
        print('same')
    elif len(a) < len(b):
        print('prefix %d' % len(a))
    else:
        print('differs %d' % len(b))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
