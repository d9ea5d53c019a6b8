#!/usr/bin/env python3
"""Prints the hottest methods of a JFR recording: self time (top frame) and total time (anywhere on the stack)
as shares of jdk.ExecutionSample events, and the allocation pressure by class when the recording has it.

Only the threads whose name starts with THREAD_PREFIX (default: ballast-proxy, the data plane's event loops)
are counted. Usage: jfr-top.py recording.jfr [N] [THREAD_PREFIX]"""
import collections
import re
import subprocess
import sys


def samples(path, event):
    text = subprocess.run(["jfr", "print", "--events", event, "--stack-depth", "64", path],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split(event + " {")[1:]:
        trace = block.split("stackTrace = [", 1)[-1].split("\n  ]", 1)[0]
        frames = [re.sub(r"\s+line:.*$", "", line.strip()) for line in trace.splitlines()]
        frames = [f for f in frames if f and f != "..."]
        weight = 1
        m = re.search(r"weight = ([\d.]+) (\w+)", block)
        if m:
            weight = float(m.group(1)) * {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}.get(m.group(2), 1)
        cls = re.search(r"objectClass = (\S+)", block)
        thread = re.search(r'(?:sampledThread|eventThread) = "([^"]*)"', block)
        yield frames, weight, cls.group(1) if cls else None, thread.group(1) if thread else ""


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    prefix = sys.argv[3] if len(sys.argv) > 3 else "ballast-proxy"
    own = collections.Counter()
    total = collections.Counter()
    count = 0
    states = collections.Counter()
    for event in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
        for frames, _, _, thread in samples(path, event):
            if not frames or not thread.startswith(prefix):
                continue
            count += 1
            states[event] += 1
            own[frames[0]] += 1
            for f in set(frames):
                total[f] += 1
    gcs, paused, longest = gc_pauses(path)
    print(f"GC: {gcs} collections, {paused:.1f} ms paused in all, longest pause {longest:.2f} ms")
    print(f"threads {prefix}*: {count} samples: {states['jdk.ExecutionSample']} in Java code, {states['jdk.NativeMethodSample']} in native"
          " code (system calls)")
    print("\nself %  method")
    for f, c in own.most_common(n):
        print(f"{100 * c / count:6.1f}  {f}")
    print("\ntotal %  method")
    for f, c in total.most_common(n):
        print(f"{100 * c / count:6.1f}  {f}")
    alloc = collections.Counter()
    where = collections.Counter()
    for frames, weight, cls, thread in samples(path, "jdk.ObjectAllocationSample"):
        if not thread.startswith(prefix):
            continue
        alloc[cls] += weight
        site = next((f for f in frames if "dev.ballast" in f), frames[0] if frames else "?")
        site = f"{cls}  @ {site}"
        where[site] += weight
    if alloc:
        all_bytes = sum(alloc.values())
        print(f"\nallocation samples: {all_bytes / 1e6:.0f} MB sampled weight\n\nshare  class")
        for c, w in alloc.most_common(n):
            print(f"{100 * w / all_bytes:5.1f}  {c}")
        print("\nshare  class @ first Ballast frame (or top frame)")
        for c, w in where.most_common(n):
            print(f"{100 * w / all_bytes:5.1f}  {c}")


def gc_pauses(path):
    """(collections, total pause ms, longest pause ms) of the recording."""
    text = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", path],
                          check=True, capture_output=True, text=True).stdout
    units = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}
    pauses = [float(v) * units[u] for v, u in re.findall(r"sumOfPauses = ([\d.]+) (ns|us|ms|s)\b", text)]
    return len(pauses), sum(pauses), max(pauses, default=0.0)


if __name__ == "__main__":
    main()
