#!/usr/bin/python3
# Deterministic b4: pins time.time() (Date:, gzip mtime in X-B4-Tracking) and uuid.uuid4()
# (random part of Message-Id) before running b4's normal entry point.
#   B4_FAKE_TIME  epoch seconds used as "now" (default 1795000000)
#   B4_FAKE_UUID  hex for uuid4 (default all zeros) -> Message-Id random part = first 12 hex digits
import os, sys, time, uuid
_ts = float(os.environ.get('B4_FAKE_TIME', '1795000000'))
time.time = lambda: _ts
_u = uuid.UUID(hex=os.environ.get('B4_FAKE_UUID', '0' * 32).ljust(32, '0'))
uuid.uuid4 = lambda: _u
from b4.command import cmd
sys.exit(cmd())
