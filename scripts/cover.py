#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cover letter <-> empty cover commit.

  cover.py parse FILE    print 'author\\ndate\\n' then the commit message
  cover.py write TREE PREFIX BASEVER OUT
                         write OUT from the cover commit (base..) of TREE
The cover letter is b4-style: an empty commit right after 'base' holds its
subject and body; shortlog, diffstat and the base line are generated.
"""
import re
import subprocess
import sys

BASE_RE = re.compile(r'^Base: Linux 6\.12\.\d+')


def git(tree, *args):
    return subprocess.run(['git', '-C', tree, '-c', 'core.abbrev=12',
                           '-c', 'diff.noprefix=false', *args],
                          check=True, capture_output=True,
                          text=True).stdout


def parse(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    hdr = {}
    i = 1 if lines and lines[0].startswith('From ') else 0
    key = None
    while i < len(lines) and lines[i] != '':
        line = lines[i]
        if line[:1] in (' ', '\t') and key:
            hdr[key] += ' ' + line.strip()
        else:
            key, _, val = line.partition(':')
            key = key.lower()
            hdr[key] = val.strip()
        i += 1
    body = lines[i + 1:]
    ends = [n for n, line in enumerate(body) if BASE_RE.match(line)]
    if not ends or 'subject' not in hdr:
        sys.exit('error: %s is not a cover letter made by "make export" '
                 '(no Subject or no "Base: Linux 6.12.y" line)' % path)
    body = body[:ends[-1]]
    while body and body[-1] == '':
        body.pop()
    subject = re.sub(r'^\[[^]]*\]\s*', '', hdr['subject'])
    sys.stdout.write('%s\n%s\n%s\n\n%s\n' % (hdr.get('from', ''),
                                             hdr.get('date', ''), subject,
                                             '\n'.join(body)))


def write(tree, prefix, basever, out):
    revs = git(tree, 'rev-list', '--reverse', 'base..HEAD').split()
    cover, patches = revs[0], revs[1:]
    n = len(patches)
    width = len(str(n))
    author = git(tree, 'log', '-1', '--format=%an <%ae>', cover).strip()
    date = git(tree, 'log', '-1', '--format=%aD', cover).strip()
    subject = git(tree, 'log', '-1', '--format=%s', cover).strip()
    body = git(tree, 'log', '-1', '--format=%b', cover).rstrip('\n')
    shortlog = git(tree, 'shortlog', cover + '..HEAD').rstrip('\n')
    stat = git(tree, 'diff', '--stat=72', '--summary', cover + '..HEAD')
    text = ('From 0000000000000000000000000000000000000000 '
            'Mon Sep 17 00:00:00 2001\n'
            'From: %s\nDate: %s\nSubject: [%s %0*d/%d] %s\n\n%s\n\n'
            'Base: Linux %s\n\n%s\n\n%s\n-- \n' %
            (author, date, prefix, width, 0, n, subject, body, basever,
             shortlog, stat.rstrip('\n')))
    with open(out, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'parse':
        parse(sys.argv[2])
    elif len(sys.argv) == 6 and sys.argv[1] == 'write':
        write(*sys.argv[2:])
    else:
        sys.exit(__doc__)
