#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two exported series, patch by patch, in apply order.

  seriescmp.py MINE THEIRS

MINE and THEIRS are directories of 'make export' output (cover letter
first). Two patches are the same when they differ only in the subject's
[PREFIX n/m] tag and in how the mail headers are folded; two cover letters
are the same when their author, date, subject and body are (the shortlog,
diffstat and base line are generated). Prints one word:

  same      MINE holds exactly the patches of THEIRS
  prefix K  MINE holds the first K patches of THEIRS and nothing else
  differs K the first K patches agree, patch K+1 of MINE is not in THEIRS
"""
import os
import re
import sys

TAG = re.compile(r'^(Subject:\s*)\[[^]]*\]\s*')
BASE = re.compile(r'^Base: Linux 6\.12\.\d+')


def patches(d):
    names = sorted(n for n in os.listdir(d)
                   if re.match(r'^\d{4}-.*\.patch$', n))
    return [os.path.join(d, n) for n in names]


def normal(path, cover):
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        lines = f.read().split('\n')
    head, i = [], 0
    while i < len(lines) and lines[i] != '':
        if lines[i][:1] in (' ', '\t') and head:
            head[-1] += ' ' + lines[i].strip()
        else:
            head.append(lines[i])
        i += 1
    head = [TAG.sub(r'\1', h) for h in head]
    body = lines[i:]
    if cover:
        ends = [n for n, line in enumerate(body) if BASE.match(line)]
        body = body[:ends[-1]] if ends else body
    return '\n'.join(head + body)


def main(mine, theirs):
    a, b = patches(mine), patches(theirs)
    if not a or not b or not (os.path.basename(a[0]).startswith('0000-') and
                              os.path.basename(b[0]).startswith('0000-')):
        print('differs 0')
        return
    if normal(a[0], True) != normal(b[0], True):
        print('differs 0')
        return
    a, b = a[1:], b[1:]
    for k, (x, y) in enumerate(zip(a, b)):
        if normal(x, False) != normal(y, False):
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
