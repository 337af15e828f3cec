#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cover letters <-> cover commits, for series/ split into several series.

  cover.py parse DIR     print 'author\\ndate\\n' then the cover commit
                         message of the series in DIR (series/NN-NAME)
  cover.py meta TREE COMMIT
                         print the cover commit's tracking data as JSON
  cover.py write TREE COVER END BASE OUT [PREREQ-CHANGE-ID:PATCH-ID ...]
                         write the cover letter of COVER..END to OUT
  cover.py single TREE COVER BASE PATCH [PREREQ...]
                         fold the cover into the one patch of a
                         one-patch series (PATCH, rewritten in place)
  cover.py mark          print the marker line of the tracking section

Each series starts with an empty cover commit, as 'b4 prep' keeps it:
subject, body, the To:/Cc: lines 'b4 prep --auto-to-cc' writes, and
b4's tracking section (change-id, prefixes, revision) with the change
IDs of the series it depends on under "prerequisites" (b4 0.14's form).
The cover letter is what 'b4 send' makes of it: headers with To/Cc, the
body, the shortlog and diffstat, then base-commit:, change-id:, and per
prerequisite series a prerequisite-change-id: line and the
prerequisite-patch-id: of each of its patches. A one-patch series has no
cover letter: its body goes under the patch's '---', as b4 sends it.
"""
import email.header
import email.utils
import json
import re
import subprocess
import sys

import mailhdr

MARK = '--- b4-submit-tracking ---'
MARK_NOTE = ('# This section is used internally by b4 prep for tracking '
             'purposes.')
SHORTLOG_HEAD = re.compile(r'^\S.* \(\d+\):$')


def git(tree, *args, inp=None):
    return subprocess.run(['git', '-C', tree, '-c', 'core.abbrev=12',
                           '-c', 'diff.noprefix=false',
                           '-c', 'diff.renames=true',
                           '-c', 'diff.algorithm=myers', *args],
                          check=True, capture_output=True, input=inp,
                          text=True).stdout


def split_message(msg):
    """Cover commit message -> (subject, body, to, cc, tracking)."""
    lines = msg.rstrip('\n').split('\n')
    tracking = {}
    if MARK in lines:
        k = lines.index(MARK)
        js = '\n'.join(l for l in lines[k + 1:] if not l.startswith('#'))
        tracking = json.loads(js)
        lines = lines[:k]
    while lines and lines[-1] == '':
        lines.pop()
    to, cc = [], []
    while lines and re.match(r'^(To|Cc): ', lines[-1]):
        key, _, val = lines.pop().partition(': ')
        (to if key == 'To' else cc).insert(0, val)
    while lines and lines[-1] == '':
        lines.pop()
    subject = lines[0] if lines else ''
    body = lines[2:] if len(lines) > 2 else []
    return subject, '\n'.join(body), to, cc, tracking.get('series', {})


def join_message(subject, body, to, cc, series):
    out = subject + '\n'
    if body:
        out += '\n' + body + '\n'
    tr = ['To: ' + a for a in to] + ['Cc: ' + a for a in cc]
    if tr:
        out += '\n' + '\n'.join(tr) + '\n'
    out += '\n%s\n%s\n%s\n' % (MARK, MARK_NOTE,
                               json.dumps({'series': series}, indent=2,
                                          ensure_ascii=False))
    return out


def commit_message(tree, commit):
    raw = git(tree, 'cat-file', 'commit', commit)
    return raw.split('\n\n', 1)[1]


def meta(tree, commit):
    subject, body, to, cc, series = split_message(commit_message(tree,
                                                                 commit))
    return {'subject': subject, 'to': to, 'cc': cc, **series}


PERSON_TRAILER = re.compile(r'^(Cc|Reported-by|Suggested-by|Reviewed-by|'
                            r'Acked-by|Tested-by|Signed-off-by|'
                            r'Co-developed-by): (.*)$')


def trailer_cc(tree, cover, end, m, author):
    """The Cc of a series as b4 sends it: the cover's, and everybody its
    patches' trailers name (Cc: stable included), but the sender and
    those already on To."""
    cc = list(m['cc'])
    seen = {a[1].lower() for a in email.utils.getaddresses(m['to'] + cc)}
    seen.add(email.utils.parseaddr(author)[1].lower())
    log = git(tree, 'log', '--reverse', '--format=%B%x00',
              cover + '..' + end)
    for line in log.split('\n'):
        t = PERSON_TRAILER.match(line.strip())
        if not t:
            continue
        name, addr = email.utils.parseaddr(t.group(2))
        if addr and '@' in addr and addr.lower() not in seen:
            seen.add(addr.lower())
            cc.append(fmt_addr(name, addr))
    return cc


def fold(key, addrs):
    """An address header folded as git send-email and b4 write it."""
    if not addrs:
        return []
    out, line = [], key + ': '
    for i, a in enumerate(addrs):
        piece = a + (',' if i + 1 < len(addrs) else '')
        if len(line) + len(piece) > 77 and line.strip() != key + ':':
            out.append(line.rstrip())
            line = ' '
        line += piece + ' '
    out.append(line.rstrip())
    return out


def footer(base, change_id, prereqs):
    out = ['base-commit: ' + base, 'change-id: ' + change_id]
    for p in prereqs:
        kind, _, val = p.partition(':')
        out.append('prerequisite-%s: %s' % (kind, val))
    return out


def prefix(series):
    parts = ['PATCH'] + list(series.get('prefixes', []))
    rev = int(series.get('revision', 1))
    if rev > 1:
        parts.append('v%d' % rev)
    return ' '.join(parts)


def write(tree, cover, end, base, out, prereqs):
    m = meta(tree, cover)
    subject, body = m['subject'], split_message(
        commit_message(tree, cover))[1]
    n = int(git(tree, 'rev-list', '--count', cover + '..' + end))
    width = len(str(n))
    author = git(tree, 'log', '-1', '--format=%an <%ae>', cover).strip()
    date = git(tree, 'log', '-1', '--format=%aD', cover).strip()
    shortlog = git(tree, 'shortlog', cover + '..' + end).rstrip('\n')
    stat = git(tree, 'diff', '--stat=72', cover, end).rstrip('\n')
    head = ['From 0000000000000000000000000000000000000000 '
            'Mon Sep 17 00:00:00 2001',
            'From: ' + author, 'Date: ' + date,
            'Subject: [%s %0*d/%d] %s' % (prefix(m), width, 0, n, subject)]
    head += fold('To', m['to']) + fold('Cc', trailer_cc(tree, cover, end,
                                                         m, author))
    text = '\n'.join(head) + '\n\n'
    text += body + '\n\n---\n' + shortlog + '\n\n' + stat + '\n---\n'
    text += '\n'.join(footer(base, m['change-id'], prereqs)) + '\n'
    text += '\nBest regards,\n-- \n' + author + '\n'
    with open(out, 'w', encoding='utf-8') as f:
        f.write(text)


def single(tree, cover, base, patch, prereqs):
    """Fold the cover into a one-patch series' patch, as b4 sends it."""
    m = meta(tree, cover)
    body = split_message(commit_message(tree, cover))[1]
    author = git(tree, 'log', '-1', '--format=%an <%ae>', cover).strip()
    lines = open(patch, encoding='utf-8').read().rstrip('\n').split('\n')
    hdr_end = lines.index('')
    end = git(tree, 'rev-list', '--reverse', cover + '..HEAD').split()[0]
    lines[hdr_end:hdr_end] = fold('To', m['to']) + fold(
        'Cc', trailer_cc(tree, cover, end, m, author))
    sep = lines.index('---', hdr_end)
    if body:
        lines[sep + 1:sep + 1] = body.split('\n') + ['---']
    lines += ['', '---'] + footer(base, m['change-id'], prereqs)
    lines += ['', 'Best regards,', '-- ', author]
    with open(patch, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def decode(value):
    """A header value with its RFC 2047 words decoded."""
    return str(email.header.make_header(email.header.decode_header(value)))


def read_mail(path):
    _, head, body = mailhdr.split(open(path, encoding='utf-8').read())
    hdr = {}
    for line in head:
        key, _, val = line.partition(':')
        hdr[key.lower()] = val.strip()
    return hdr, body


def fmt_addr(name, addr):
    """An address as get_maintainer.pl prints it: the name quoted when it
    holds anything but ASCII letters, digits, '_', '-' and spaces."""
    if not name:
        return addr
    if re.search(r'[^A-Za-z0-9_ -]', name):
        name = '"%s"' % name.replace('\\', '\\\\').replace('"', '\\"')
    return '%s <%s>' % (name, addr)


def addrs(value):
    return [fmt_addr(n, a) for n, a in email.utils.getaddresses([value])
            if a]


def parse_footer(lines):
    """base-commit/change-id/prerequisite lines -> (change_id, prereqs)."""
    change_id, prereqs = None, []
    for line in lines:
        if line.startswith('change-id: '):
            change_id = line.split(': ', 1)[1]
        elif line.startswith('prerequisite-change-id: '):
            prereqs.append('change-id: ' + line.split(': ', 1)[1])
    return change_id, prereqs


def subject_prefix(subject):
    m = re.match(r'^\[([^]]*)\]\s*(.*)$', subject)
    if not m:
        sys.exit('error: subject without [PATCH ...]: ' + subject)
    words = [w for w in m.group(1).split()
             if not re.match(r'^\d+/\d+$', w)]
    rev = 1
    if words and re.match(r'^v\d+$', words[-1]):
        rev = int(words.pop()[1:])
    return words[1:], rev, m.group(2)


def parse(directory):
    import os
    names = sorted(n for n in os.listdir(directory)
                   if re.match(r'^\d{4}-.*\.patch$', n))
    if not names:
        sys.exit('error: %s holds no patches' % directory)
    path = os.path.join(directory, names[0])
    hdr, body = read_mail(path)
    hdr = {k: decode(v) for k, v in hdr.items()}
    name, addr = email.utils.parseaddr(hdr.get('from', ''))
    hdr['from'] = '%s <%s>' % (name, addr) if name else addr
    prefixes, rev, subject = subject_prefix(hdr.get('subject', ''))
    if names[0].startswith('0000-'):
        ends = [k for k in range(len(body) - 1)
                if body[k] == '---' and SHORTLOG_HEAD.match(body[k + 1])]
        if not ends:
            sys.exit('error: %s: no "---" before the shortlog' % path)
        text, tail = body[:ends[-1]], body[ends[-1]:]
    else:
        # One patch: the cover body is what lies between the first '---'
        # after the message and the '---' before the diffstat.
        # The diffstat: the '---' line followed by ' file | n' lines and
        # a ' N file(s) changed' line, before the first 'diff --git'.
        diff = next((k for k, l in enumerate(body)
                     if l.startswith('diff --git ')), len(body))
        seps = [k for k in range(diff) if body[k] == '---']
        stat = next((k for k in reversed(seps)
                     if any(re.match(r'^ \d+ files? changed', l)
                            for l in body[k + 1:diff])), None)
        text = []
        if stat is not None and seps and seps[0] < stat:
            text = body[seps[0] + 1:stat]
        tail = body
    while text and text[-1] == '':
        text.pop()
    change_id, prereqs = parse_footer(tail)
    if not change_id:
        sys.exit('error: %s: no change-id: line' % path)
    series = {'revision': rev, 'change-id': change_id, 'base-branch': None,
              'prefixes': prefixes}
    if prereqs:
        series['prerequisites'] = prereqs
    msg = join_message(subject, '\n'.join(text), addrs(hdr.get('to', '')),
                       addrs(hdr.get('cc', '')), series)
    sys.stdout.write('%s\n%s\n%s' % (hdr.get('from', ''),
                                     hdr.get('date', ''), msg))


if __name__ == '__main__':
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == 'parse':
        parse(a[1])
    elif len(a) == 3 and a[0] == 'meta':
        print(json.dumps(meta(a[1], a[2]), ensure_ascii=False))
    elif len(a) >= 6 and a[0] == 'write':
        write(a[1], a[2], a[3], a[4], a[5], a[6:])
    elif len(a) >= 5 and a[0] == 'single':
        single(a[1], a[2], a[3], a[4], a[5:])
    elif a == ['mark']:
        print(MARK)
    else:
        sys.exit(__doc__)
