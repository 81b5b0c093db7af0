#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample` output: self time (top frame) and inclusive time per method.
Usage: jfr print --events jdk.ExecutionSample worker.jfr | bench/tools/jfr-top.py [filter-substring] [N]"""
import re, sys, collections
flt = sys.argv[1] if len(sys.argv) > 1 else ""
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
selfc, incl = collections.Counter(), collections.Counter()
total = 0
frames, in_stack = [], False
frame_re = re.compile(r"^\s+([\w$.<>/]+)\(")
def flush():
    global total
    if not frames:
        return
    total += 1
    selfc[frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
for line in sys.stdin:
    if "stackTrace = [" in line:
        frames, in_stack = [], True
        continue
    if in_stack:
        if line.strip().startswith("]"):
            flush(); in_stack = False; frames = []
            continue
        m = frame_re.match(line)
        if m:
            frames.append(m.group(1))
print(f"{total} samples")
print("-- self (top frame)")
for f, c in selfc.most_common(top_n):
    print(f"{100.0*c/total:5.1f}% {f}")
print(f"-- inclusive, frames containing '{flt}'")
for f, c in [x for x in incl.most_common() if flt in x[0]][:top_n]:
    print(f"{100.0*c/total:5.1f}% {f}")
