#!/usr/bin/env python3
"""Summarizes bench/run.sh's wrk outputs: req/s, p50, p99 as min/median/max per workload and system,
and the Ballast/HAProxy ratios of req/s and p99 per round (min/median/max)."""
import re
import statistics
import sys
from pathlib import Path

SYSTEMS = ["direct", "haproxy", "nginx", "ballast"]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse(path):
    text = path.read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    lat = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+\w+)", text, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: (.*)", text)
    if not rps:
        return None

    def ms(v):
        m = re.match(r"([\d.]+)(us|ms|s)", v)
        return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")

    cpu_file = path.with_suffix(".cpu")
    cpu_us = float("nan")
    requests = re.search(r"(\d+) requests in", text)
    if cpu_file.exists() and requests and int(requests.group(1)) > 0:
        ticks, hz = cpu_file.read_text().split()
        cpu_us = int(ticks) / int(hz) * 1e6 / int(requests.group(1))
    return {
        "cpu_us": cpu_us,
        "rps": float(rps.group(1)),
        "p50": ms(lat.get("50", "nan")),
        "p99": ms(lat.get("99", "nan")),
        "non2xx": int(errors.group(1)) if errors else 0,
        "sockerr": sock.group(1).strip() if sock else "",
    }


def mmm(values, fmt):
    values = [v for v in values if v == v]
    if not values:
        return "n/a"
    return "/".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def main():
    out, rounds, workloads = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    print("| workload | system | req/s (min/med/max) | p50 ms | p99 ms | CPU µs/req | Ballast/HAProxy req/s "
          "| Ballast/HAProxy p99 | notes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w in workloads:
        results = {s: [parse(out / f"{w}.{s}.{r}.txt") if (out / f"{w}.{s}.{r}.txt").exists() else None
                       for r in range(1, rounds + 1)] for s in SYSTEMS}
        pairs = [(b, h) for b, h in zip(results["ballast"], results["haproxy"]) if b and h]
        ratios = [b["rps"] / h["rps"] for b, h in pairs]
        p99_ratios = [b["p99"] / h["p99"] for b, h in pairs if h["p99"] > 0]
        for s in SYSTEMS:
            rs = [x for x in results[s] if x]
            if not rs:
                continue
            notes = []
            bad = sum(x["non2xx"] for x in rs)
            if bad:
                notes.append(f"{bad} non-2xx")
            errs = [x["sockerr"] for x in rs if x["sockerr"]]
            if errs:
                notes.append("socket errors: " + "; ".join(errs))
            ratio = mmm(ratios, "{:.2f}") if s == "ballast" else ""
            p99_ratio = mmm(p99_ratios, "{:.2f}") if s == "ballast" else ""
            print(f"| {w} | {s} | {mmm([x['rps'] for x in rs], '{:.0f}')} | {mmm([x['p50'] for x in rs], '{:.2f}')}"
                  f" | {mmm([x['p99'] for x in rs], '{:.2f}')} | {mmm([x['cpu_us'] for x in rs], '{:.1f}')} | {ratio} | {p99_ratio} | {', '.join(notes)} |")


if __name__ == "__main__":
    main()
