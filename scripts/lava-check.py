#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""lava-check.py [-v] [JOB.yaml...]: check the LAVA jobs of lava/.

Run it with Debian's Python (/usr/bin/python3): a pyenv or venv python3
does not see Debian's dist-packages, where lava-common lives. Offline: it
reads files and imports lava_common, nothing else.

For every job (lava/jobs/**/*.yaml, or the files given):
  - yaml.safe_load, then lava_common.schemas.validate(job, strict=True),
    what lava-server runs on submission (lava-common 2023.01: keys,
    values, action methods, timeouts no larger than the job's, context
    keys);
  - every test monitor's start, end and pattern compile as regular
    expressions (the schema takes any string); the pattern has the
    'result' and 'test_case_id' groups and its fixupdict maps to
    pass/fail/skip/unknown;
  - every URL is @ARTIFACTS@/..., the placeholder lava/README.md says to
    replace, and no other URL base appears anywhere in the job;
  - every monitor parses real KTAP: it is replayed over each fixture of
    lava/tests/ktap/ the way lava-dispatcher 2023.01 runs it (pexpect:
    start first, then the earliest match of end or pattern, reads of at
    most 2000 characters, a search window of 4000), with the fixture's
    line ends (CRLF, as a UART gives), with LF, and with CR CR LF (what
    QEMU's -nographic console gives through lava-run's pty), in reads of
    one character and of 2000; each replay must record the fixture's
    pass and fail counts, first and last case, and stop at its end line,
    and again with one 'ok' line turned into 'not ok'.
With no file given it also checks that every fixture of lava/tests/bad/
is rejected, each with the message its '# expect:' line names (so this
check can fail), that the fixtures' counts agree with a line-by-line
count of their KTAP, and that the KernelCI snippets of lava/kernelci/
load as YAML and define the kunit-arm job.

Exit status: 0 all good, 1 a check failed, 2 lava-common missing.
"""

import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACEHOLDER = "@ARTIFACTS@/"
RESULTS = ("pass", "fail", "skip", "unknown")
# lava_dispatcher/shell.py (2023.01): ShellCommand(maxread=2000,
# searchwindowsize=4000); pexpect compiles string patterns with DOTALL.
MAXREAD = 2000
WINDOW = 4000
URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

verbose = False


def say(msg):
    print(msg, flush=True)


def path_str(path):
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else ("." if s else "") + str(p)
    return s or "(top)"


class Checker:
    def __init__(self, yaml, voluptuous, validate):
        self.yaml = yaml
        self.voluptuous = voluptuous
        self.validate = validate
        self.fixtures = []
        self.replays = {}

    # --- one job ---------------------------------------------------------
    def check_file(self, path):
        """The errors of the job in PATH, [] if it is good."""
        try:
            with open(path, encoding="utf-8") as f:
                job = self.yaml.safe_load(f)
        except self.yaml.YAMLError as e:
            return ["invalid YAML: " + " ".join(str(e).split())]
        except OSError as e:
            return [f"cannot read: {e}"]
        if not isinstance(job, dict):
            return ["not a YAML mapping"]
        errors = []
        try:
            self.validate(job, strict=True)
        except self.voluptuous.MultipleInvalid as e:
            for err in e.errors:
                errors.append(f"schema: {path_str(err.path)}: {err.msg}")
        except self.voluptuous.Invalid as e:
            errors.append(f"schema: {path_str(e.path)}: {e.msg}")
        errors += self.check_urls(job)
        monitors = [m for a in job.get("actions") or [] if isinstance(a, dict)
                    for m in (a.get("test") or {}).get("monitors") or []]
        if not monitors:
            errors.append("no test monitor")
        for m in monitors:
            errors += self.check_monitor(m)
        return errors

    def check_urls(self, job):
        errors, urls = [], []

        def walk(node, where):
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "url":
                        urls.append((where + [k], v))
                    walk(v, where + [k])
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, where + [i])
            elif isinstance(node, str):
                rest = node.replace(PLACEHOLDER, "", 1) if node.startswith(PLACEHOLDER) else node
                if URL_RE.search(rest) or "@ARTIFACTS@" in rest:
                    errors.append(f"url: {path_str(where)}: '{node}' is not under {PLACEHOLDER}")

        walk(job, [])
        for where, v in urls:
            if not isinstance(v, str) or not v.startswith(PLACEHOLDER) or v == PLACEHOLDER:
                msg = f"url: {path_str(where)}: '{v}' is not under {PLACEHOLDER}"
                if msg not in errors:
                    errors.append(msg)
        if not urls:
            errors.append(f"url: no artifact URL (expected {PLACEHOLDER}...)")
        return errors

    def check_monitor(self, m):
        name = m.get("name", "?")
        errors, compiled = [], {}
        for key in ("start", "end", "pattern"):
            try:
                compiled[key] = re.compile(m[key], re.DOTALL)
            except (re.error, TypeError, KeyError) as e:
                errors.append(f"monitor {name}: bad {key} regex: {e}")
        if errors:
            return errors
        groups = compiled["pattern"].groupindex
        for g in ("result", "test_case_id"):
            if g not in groups:
                errors.append(f"monitor {name}: pattern has no (?P<{g}>...) group")
        fix = m.get("fixupdict") or {}
        for k, v in fix.items():
            if v not in RESULTS:
                errors.append(f"monitor {name}: fixupdict maps '{k}' to '{v}', not one of {RESULTS}")
        if errors:
            return errors
        key = (m["start"], m["end"], m["pattern"], tuple(sorted(fix.items())))
        if key not in self.replays:
            self.replays[key] = self.replay_fixtures(compiled, fix)
        return [f"monitor {name}: {e}" for e in self.replays[key]]

    # --- the monitor, as lava-dispatcher runs it --------------------------
    @staticmethod
    def monitor(text, start, end, pattern, fix, chunk):
        """Replay TestMonitorAction over TEXT read CHUNK characters at a
        time: (results [(result, case_id)], end line or None)."""
        buf, pos = "", 0

        def expect(regexes):
            nonlocal buf, pos
            while True:
                lo = max(0, len(buf) - WINDOW)
                best = None
                for i, r in enumerate(regexes):
                    m = r.search(buf, lo)
                    if m and (best is None or m.start() < best[1].start()):
                        best = (i, m)
                if best:
                    buf = buf[best[1].end():]
                    return best
                if pos >= len(text):
                    return None             # EOF: ConnectionClosedError
                n = min(chunk, MAXREAD)
                buf += text[pos:pos + n]
                pos += n

        if expect([start]) is None:
            return None, None
        results = []
        while True:
            hit = expect([end, pattern])
            if hit is None:
                return results, None
            i, m = hit
            if i == 0:
                return results, m.group(0)
            d = m.groupdict()
            r = fix.get(d["result"], d["result"])
            case = re.sub(r"\W+", "_", d["test_case_id"].strip().lower())
            results.append((r, case))

    def replay_fixtures(self, c, fix):
        errors = []
        for fx in self.fixtures:
            crlf = fx["text"].replace("\r\n", "\n")
            variants = {"CRLF": crlf.replace("\n", "\r\n"), "LF": crlf,
                        "CR CR LF": crlf.replace("\n", "\r\r\n")}
            first = re.search(r"^(.*?\] +)ok( \d+ [^#\n]*)$", crlf, re.M)
            failed = crlf[:first.start()] + first.group(1) + "not ok" + \
                first.group(2) + crlf[first.end():]
            variants["CRLF, one case failing"] = failed.replace("\n", "\r\n")
            for vname, text in variants.items():
                want_pass, want_fail = fx["pass"], fx["fail"]
                if "failing" in vname:
                    want_pass, want_fail = want_pass - 1, want_fail + 1
                for chunk in (1, MAXREAD):
                    res, endline = self.monitor(text, c["start"], c["end"],
                                                c["pattern"], fix, chunk)
                    where = f"{fx['name']} ({vname}, reads of {chunk})"
                    if res is None:
                        errors.append(f"{where}: start never matches")
                        continue
                    got_pass = sum(1 for r, _ in res if r == "pass")
                    got_fail = sum(1 for r, _ in res if r == "fail")
                    problems = []
                    if (got_pass, got_fail) != (want_pass, want_fail):
                        problems.append(f"{got_pass} pass, {got_fail} fail, "
                                        f"expected {want_pass} and {want_fail}")
                    if len(res) != got_pass + got_fail:
                        problems.append(f"{len(res) - got_pass - got_fail} results neither pass nor fail")
                    if res and (res[0][1], res[-1][1]) != (fx["first_case"], fx["last_case"]):
                        problems.append(f"cases {res[0][1]}..{res[-1][1]}, expected "
                                        f"{fx['first_case']}..{fx['last_case']}")
                    if endline is None:
                        problems.append("end never matches (the job would end on EOF or timeout)")
                    elif endline.strip() != fx["end"]:
                        problems.append(f"ends at '{endline.strip()}', expected '{fx['end']}'")
                    if problems:
                        errors.append(f"{where}: " + "; ".join(problems))
                        break
        return errors

    # --- fixtures ---------------------------------------------------------
    def load_fixtures(self):
        errors = []
        for meta in sorted(glob.glob(os.path.join(TOP, "lava/tests/ktap/*.yaml"))):
            with open(meta, encoding="utf-8") as f:
                fx = self.yaml.safe_load(f)
            log = os.path.join(os.path.dirname(meta), fx["log"])
            with open(log, encoding="utf-8", newline="") as f:
                fx["text"] = f.read()
            fx["name"] = fx["log"]
            if "\r\n" not in fx["text"]:
                errors.append(f"{fx['log']}: no CRLF line ends")
            # The counts, from the KTAP lines themselves: result lines
            # without a directive ('# SKIP') are the monitor's cases.
            p = f = s = 0
            for line in fx["text"].splitlines():
                m = re.match(r"^\[[ \d.]+\] +(not ok|ok) \d+ ([^#]*)(#.*)?$", line)
                if not m:
                    continue
                if m.group(3):
                    s += 1
                elif m.group(1) == "ok":
                    p += 1
                else:
                    f += 1
            if (p, f, s) != (fx["pass"], fx["fail"], fx["skip_lines"]):
                errors.append(f"{fx['log']}: KTAP has {p} pass, {f} fail, {s} directive lines; "
                              f"{os.path.basename(meta)} says {fx['pass']}, {fx['fail']}, {fx['skip_lines']}")
            self.fixtures.append(fx)
        if not self.fixtures:
            errors.append("no KTAP fixture in lava/tests/ktap")
        return errors


def kernelci_errors(yaml):
    errors = []
    d = os.path.join(TOP, "lava/kernelci")
    docs = {}
    for f in sorted(glob.glob(os.path.join(d, "*.yaml"))):
        try:
            with open(f, encoding="utf-8") as fh:
                docs[os.path.basename(f)] = yaml.safe_load(fh)
        except yaml.YAMLError as e:
            errors.append(f"{os.path.relpath(f, TOP)}: invalid YAML: " + " ".join(str(e).split()))
    job = ((docs.get("jobs.yaml") or {}).get("jobs") or {}).get("kunit-arm")
    if not job or job.get("template") != "kunit.jinja2" or not (job.get("params") or {}).get("kunit_arch"):
        errors.append("lava/kernelci/jobs.yaml: no kunit-arm job on kunit.jinja2 with params.kunit_arch")
    sched = (docs.get("scheduler.yaml") or {}).get("scheduler") or []
    if not any(isinstance(e, dict) and e.get("job") == "kunit-arm" for e in sched):
        errors.append("lava/kernelci/scheduler.yaml: no scheduler entry for kunit-arm")
    return errors


def main(argv):
    global verbose
    args = [a for a in argv if a != "-v"]
    verbose = len(args) != len(argv)
    try:
        import yaml
        import voluptuous
        from lava_common.schemas import validate
    except ImportError as e:
        print(f"lava-check: {e} (python: {sys.executable})", file=sys.stderr)
        print("lava-check: needs Debian's lava-common, run with /usr/bin/python3:\n"
              "  apt-get install --no-install-recommends lava-common", file=sys.stderr)
        return 2

    ck = Checker(yaml, voluptuous, validate)
    failed = passed = 0

    def result(name, errors):
        nonlocal failed, passed
        if errors:
            failed += 1
            for e in errors:
                say(f"FAIL {name}: {e}")
        else:
            passed += 1
            say(f"ok   {name}")

    errors = ck.load_fixtures()
    result("KTAP fixtures", errors)
    jobs = args or sorted(glob.glob(os.path.join(TOP, "lava/jobs/**/*.yaml"), recursive=True))
    if not jobs:
        result("lava/jobs", ["no job file"])
    for path in jobs:
        result(os.path.relpath(path, TOP), ck.check_file(path))
    if not args:
        bad = sorted(glob.glob(os.path.join(TOP, "lava/tests/bad/*.yaml")))
        if not bad:
            result("lava/tests/bad", ["no bad fixture"])
        for path in bad:
            name = os.path.relpath(path, TOP)
            with open(path, encoding="utf-8") as f:
                first = f.readline()
            m = re.match(r"#\s*expect:\s*(.+?)\s*$", first)
            if not m:
                result(name, ["first line is not '# expect: <message>'"])
                continue
            errs = ck.check_file(path)
            if not errs:
                result(name, ["accepted, but it must be rejected (" + m.group(1) + ")"])
            elif not any(m.group(1) in e for e in errs):
                result(name, [f"rejected for another reason than '{m.group(1)}': " + " | ".join(errs)])
            else:
                if verbose:
                    say(f"     {name}: " + " | ".join(errs))
                result(name + " (rejected as expected)", [])
        result("lava/kernelci", kernelci_errors(yaml))
    say(f"lava-check: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
