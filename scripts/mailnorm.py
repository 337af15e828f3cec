#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mailnorm.py FILE [OWN-ADDRESS [nodests]]: a mail file (a series/ patch or cover
letter, or a file 'b4 send -o' wrote) reduced to what both must agree on.

Kept: From, Subject (unfolded, RFC 2047 decoded, whitespace squeezed),
To and Cc as sorted sets of decoded name and address (OWN-ADDRESS left out of Cc: b4 copies the author of every
Signed-off-by there), and the body. Dropped: the mbox 'From <sha>' line,
Date, Message-Id, threading and MIME headers, X-Mailer, X-B4-Tracking (b4
makes them at send time), the diffstat's create/delete/rename lines
(b4's 'git show --stat' has no --summary) and the signature after the
last '-- ' line (b4 always appends the git version). With 'nodests',
To and Cc are left out (series/ holds them in the cover letter only).
"""
import email.header
import email.utils
import re
import sys

import mailhdr


def decode(value):
    return str(email.header.make_header(email.header.decode_header(value)))


def addrs(value, drop):
    """Sorted (name, address) pairs, names decoded."""
    out = set()
    for name, addr in email.utils.getaddresses([value]):
        if addr and addr.lower() != drop:
            out.add('%s <%s>' % (decode(name), addr.lower()))
    return ', '.join(sorted(out))


def main(path, own='', mode=''):
    _, hdrs, body = mailhdr.split(open(path, encoding='utf-8').read())
    keep = {}
    for h in hdrs:
        key, _, val = h.partition(':')
        key = key.lower()
        if key in ('from', 'subject'):
            keep[key] = re.sub(r'\s+', ' ', decode(val)).strip()
        elif key in ('to', 'cc') and mode != 'nodests':
            keep[key] = addrs(val, own.lower() if key == 'cc' else '')
    out = ['%s: %s' % (k, keep.get(k, '')) for k in ('from', 'subject',
                                                      'to', 'cc')]
    for j in range(len(body) - 1, -1, -1):
        if body[j] == '-- ':
            body = body[:j]
            break
    summary = re.compile(r'^ (create|delete) mode |^ rename |^ copy |'
                         r'^ mode change ')
    body = [l for l in body if not summary.match(l)]
    while body and body[-1] == '':
        body.pop()
    sys.stdout.write('\n'.join(out + [''] + body) + '\n')


if __name__ == '__main__':
    if len(sys.argv) not in (2, 3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
