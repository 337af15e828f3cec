#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kunit_summary.py RUN JSON SUITES_FILE

Count the leaf KUnit cases (each parameter of a parameterised case once)
in a kunit.py JSON result, and check that every suite SUITES_FILE expects
on RUN ran with at least one passing case, and that every case it names
as suite.case passed there (not skipped).
Prints 'passed failed skipped' then one line per problem.
"""
import json
import sys


def leaves(group, path=''):
    name = group.get('name', '')
    for case in group.get('test_cases', []):
        yield path + name, case
    for sub in group.get('sub_groups', []):
        yield from leaves(sub, path + name + '.' if name else path)


def suites(result):
    out = {}
    for g in result.get('sub_groups', []):
        out[g['name']] = g
    return out


def main(run, path, suites_file):
    try:
        result = json.load(open(path))
    except (OSError, ValueError) as e:
        print('0 0 0')
        print('no KUnit result for %s: %s' % (run, e))
        return
    counts = {'PASS': 0, 'FAIL': 0, 'SKIP': 0}
    problems = []
    for where, case in leaves(result):
        st = case.get('status', 'FAIL')
        if st not in counts:
            st = 'FAIL'
        counts[st] += 1
        if st == 'FAIL':
            problems.append('%s: %s.%s failed' % (run, where, case['name']))
    by_name = suites(result)
    for line in open(suites_file):
        line = line.split('#')[0].split()
        if len(line) < 2 or run not in line[1:]:
            continue
        suite, _, want = line[0].partition('.')
        g = by_name.get(suite)
        if g is None:
            problems.append('%s: expected suite %s did not run' % (run, suite))
        elif want:
            # suite.case: that case (any of its parameters) must pass.
            if not any(c.get('status') == 'PASS' and
                       (c.get('name') == want or
                        where.split('.')[-1] == want)
                       for where, c in leaves(g)):
                problems.append('%s: %s did not pass' % (run, line[0]))
        elif not any(c.get('status') == 'PASS' for _, c in leaves(g)):
            problems.append('%s: suite %s passed no case' % (run, suite))
    total = sum(counts.values())
    if total == 0:
        problems.append('%s: no KUnit case ran' % run)
    print(counts['PASS'], counts['FAIL'], counts['SKIP'])
    for p in problems:
        print(p)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
