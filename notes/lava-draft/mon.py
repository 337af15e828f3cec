import re, sys
data = open(sys.argv[1], encoding="utf-8", errors="replace").read().replace("\n", "\r\n")
start = data.find("KTAP version 1")
end = re.compile(r"reboot: (System halted|Restarting system|Power down)|Kernel panic")
pat = re.compile(r"(?P<result>ok|not ok) \d+ (?P<test_case_id>[^#\r\n]+)\r?\n")
pos = start; n = {}; cases = 0
while True:
    m_end = end.search(data, pos); m = pat.search(data, pos)
    if m is None or (m_end and m_end.start() < m.start()):
        print("end:", m_end.group(0) if m_end else None); break
    r = {"ok": "pass", "not ok": "fail"}[m.group("result")]
    n[r] = n.get(r, 0) + 1; cases += 1; pos = m.end()
    last = re.sub(r"\W+", "_", m.group("test_case_id").strip().lower())
print(n, "last case:", last)
