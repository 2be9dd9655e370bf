#!/usr/bin/env python3
"""1,000 kept-alive connections: open them all to one nimbus, then send a signed GetCallerIdentity
(boto3's capture, re-signed) on every one, several rounds over the same connections, and report
per round the answers, the failures and the latency p50/p99/max.

usage: bench/connections.py [--bin build/release/src/nimbus] [--connections 1000] [--rounds 5]
                            [--burst-rounds 1] [--request FIXTURE] [--json OUT]
A sweep round sends on one connection after the other (one request outstanding: the latency is
the server's with all the other connections open); a burst round sends on all of them at once (the
latency then includes waiting behind the others). Stdlib only (tests/e2e/many_connections.py).
The client raises its own soft RLIMIT_NOFILE for the connections (nimbus raises its own at start).
Target (docs/performance.md): every request answered 200, sweep p99 under 1 ms.
"""
import argparse
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import awsreq  # noqa: E402
import many_connections  # noqa: E402


def start_nimbus(binary, log_path):
    """nimbus on port 0 with its defaults (access log on, into `log_path`); returns (proc, port)."""
    log = open(log_path, "wb")
    proc = subprocess.Popen([binary, "--port", "0"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 10
    while time.time() < deadline:
        match = re.search(rb"^listening on [^\n]*:(\d+)$", pathlib.Path(log_path).read_bytes(),
                          re.M)
        if match:
            return proc, int(match.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.kill()
    raise RuntimeError("nimbus did not start: " + pathlib.Path(log_path).read_text())


def rss_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def describe(name, r):
    failures = ", ".join(f"{reason} {n}" for reason, n in r.failures.items()) or "none"
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(r.statuses.items()))
    return (f"{name}: answered {r.answered} ({statuses or 'none'}), failed: {failures}; "
            f"latency p50 {r.percentile_ms(50):.3f} ms, p99 {r.percentile_ms(99):.3f} ms, "
            f"max {r.percentile_ms(100):.3f} ms; round {r.seconds * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="sweep rounds")
    parser.add_argument("--burst-rounds", type=int, default=1)
    parser.add_argument("--request", default=str(awsreq.DEFAULT_REQUEST),
                        help="a header-signed fixture, answered 2xx on repetition")
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()

    needed = args.connections + 100
    if not many_connections.raise_descriptor_limit(needed):
        sys.exit(f"the hard RLIMIT_NOFILE is below {needed}: raise it (ulimit -Hn) first")
    tmp = tempfile.TemporaryDirectory()
    proc, port = start_nimbus(args.bin, os.path.join(tmp.name, "nimbus.log"))
    try:
        host = f"127.0.0.1:{port}"
        request = awsreq.load(args.request)
        awsreq.sign(request, host)
        payload = request.to_bytes(host)
        rss_idle = rss_mib(proc.pid)
        started = time.perf_counter()
        connections = many_connections.open_connections(port, args.connections)
        opened_ms = (time.perf_counter() - started) * 1000
        print(f"{len(connections)} connections opened in {opened_ms:.0f} ms "
              f"(nimbus VmRSS {rss_idle:.1f} MiB before)")
        plan = [("sweep", 1)] * args.rounds + [("burst", args.connections)] * args.burst_rounds
        rounds = []
        for i, (kind, in_flight) in enumerate(plan, 1):
            r = many_connections.run_round(connections, payload, in_flight=in_flight)
            print(describe(f"round {i} ({kind})", r))
            rounds.append({"kind": kind, "answered": r.answered, "statuses": dict(r.statuses),
                           "failures": dict(r.failures), "p50_ms": r.percentile_ms(50),
                           "p99_ms": r.percentile_ms(99), "max_ms": r.percentile_ms(100),
                           "round_ms": r.seconds * 1000})
        rss_busy = rss_mib(proc.pid)
        print(f"nimbus VmRSS with the connections open: {rss_busy:.1f} MiB; "
              f"connections still open: {len(connections)}")
        many_connections.close_all(connections)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({
            "connections": args.connections, "opened_ms": opened_ms, "rss_idle_mib": rss_idle,
            "rss_connected_mib": rss_busy, "rounds": rounds}, indent=2) + "\n")
    ok = all(r["statuses"] == {200: args.connections} and not r["failures"] for r in rounds)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
