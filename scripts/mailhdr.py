# SPDX-License-Identifier: GPL-2.0
"""The header block of a mail file ('git format-patch' or 'b4 send -o'),
shared by cover.py, seriescmp.py and mailnorm.py."""


def split(text):
    """text -> (mbox 'From <sha> ...' line or None, headers with their
    continuation lines unfolded, body lines after the blank line)."""
    lines = text.split('\n')
    mbox = None
    if lines and lines[0].startswith('From ') and \
       not lines[0].startswith('From: '):
        mbox, lines = lines[0], lines[1:]
    head, i = [], 0
    while i < len(lines) and lines[i] != '':
        if lines[i][:1] in (' ', '\t') and head:
            head[-1] += ' ' + lines[i].strip()
        else:
            head.append(lines[i])
        i += 1
    return mbox, head, lines[i + 1:]
