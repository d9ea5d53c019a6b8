#!/usr/bin/env python3
"""Bytes allocated per request by the data plane's event loops: the growth of their jdk.ThreadAllocationStatistics
counters over a JFR recording divided by the requests wrk reported for the run inside it.
Usage: jfr-alloc.py recording.jfr wrk-output.txt [THREAD_PREFIX]"""
import re
import subprocess
import sys


def main():
    path, wrk = sys.argv[1], sys.argv[2]
    prefix = sys.argv[3] if len(sys.argv) > 3 else "ballast-proxy"
    text = subprocess.run(["jfr", "print", "--events", "jdk.ThreadAllocationStatistics", path],
                          check=True, capture_output=True, text=True).stdout
    first, last = {}, {}
    for block in text.split("jdk.ThreadAllocationStatistics {")[1:]:
        thread = re.search(r'thread = "([^"]*)"', block)
        allocated = re.search(r"allocated = ([\d.]+) (bytes|kB|MB|GB)", block)
        if not thread or not allocated or not thread.group(1).startswith(prefix):
            continue
        value = float(allocated.group(1)) * {"bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}[allocated.group(2)]
        first.setdefault(thread.group(1), value)
        last[thread.group(1)] = value
    grown = sum(last[t] - first[t] for t in last)
    requests = int(re.search(r"(\d+) requests in", open(wrk).read()).group(1))
    gcs = subprocess.run(["jfr", "summary", path], check=True, capture_output=True, text=True).stdout
    gc = re.search(r"jdk\.GarbageCollection\s+(\d+)", gcs)
    print(f"event loop threads {sorted(last)}: {grown / 1e6:.1f} MB allocated, {requests} requests, "
          f"{grown / max(requests, 1):.0f} B per request; {gc.group(1) if gc else '?'} young/old collections")


if __name__ == "__main__":
    main()
