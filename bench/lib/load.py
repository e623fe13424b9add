"""Load generators: wrk (closed loop, fixed connections) and hey (rate-limited), on loopback only."""
import csv
import io
import os
import re
import subprocess

from .procs import cpu_seconds

STATUS_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts", "status.lua")
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(m.group(1)) * _UNITS[m.group(2)]


class Result(dict):
    """rps, p50, p99 (ms), requests, errors, cpu (s of the system under test), per_cpu."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e


def wrk(url, connections, seconds, sut_pids, threads=2, script=STATUS_SCRIPT, script_args=(), timeout="10s",
        ok=(200,)):
    """Closed loop: `connections` keep-alive connections, each sends its next request on an answer.
    rps counts the `ok` answers only: a fast 503 is not throughput."""
    argv = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
            f"--timeout={timeout}", "-s", script, url]
    if script_args:
        argv += ["--"] + list(script_args)
    before = cpu_seconds(sut_pids)
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(sut_pids) - before
    r = Result(tool="wrk", cpu=cpu)
    r["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    r["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        r["p" + pct] = _ms(m.group(1)) if m else float("nan")
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    r["errors"] = errors
    r["statuses"] = {int(c): int(n) for c, n in re.findall(r"^status (\d+) (\d+)$", out, re.M)}
    m = re.search(r"requests in ([\d.]+)(us|ms|s|m),", out)
    if r["statuses"] and m:
        r["rps"] = sum(n for c, n in r["statuses"].items() if c in ok) / (_ms(m.group(1) + m.group(2)) / 1000)
        r["requests"] = sum(n for c, n in r["statuses"].items() if c in ok)
    r["per_cpu"] = r["requests"] / cpu if cpu > 0 else float("nan")
    r["raw"] = out
    return r


def hey(url, rate, workers, seconds, sut_pids):
    """Rate-limited: hey -q gives each of `workers` a ticker of rate/workers per second, so the
    offered rate is `rate` as long as answers come back within a tick (no catch-up when late)."""
    per_worker = rate / workers
    argv = ["hey", "-z", f"{seconds}s", "-c", str(workers), "-q", f"{per_worker:.3f}",
            "-disable-compression", "-o", "csv", url]
    before = cpu_seconds(sut_pids)
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(sut_pids) - before
    latencies, errors, statuses = [], 0, {}
    for row in csv.DictReader(io.StringIO(out)):
        try:
            latencies.append(float(row["response-time"]) * 1000)
            code = int(row["status-code"])
        except (KeyError, ValueError):
            code = -1
        statuses[code] = statuses.get(code, 0) + 1
        if code != 200:
            errors += 1
    latencies.sort()
    r = Result(tool="hey", cpu=cpu, requests=len(latencies) - errors, errors=errors, statuses=statuses)
    r["rps"] = (len(latencies) - errors) / seconds
    r["p50"] = percentile(latencies, 50)
    r["p99"] = percentile(latencies, 99)
    r["per_cpu"] = len(latencies) / cpu if cpu > 0 else float("nan")
    return r


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    index = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[index]
