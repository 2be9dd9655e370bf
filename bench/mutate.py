#!/usr/bin/env python3
"""Mutation probe at scale: N seeded mutants of every captured client request (tests/e2e/mutants.py)
sent to the release binary over raw HTTP, each answer judged (tests/e2e/probe.py): no request
unanswered or slower than --timeout, no 5xx but 501, every error body parseable in its protocol,
every access-log line well formed, and GetCallerIdentity still 200 at the end.

usage: bench/mutate.py [--bin build/release/src/nimbus] [--count 220000] [--seed 1]
                       [--sigv4 off|verify] [--timeout 5] [--json OUT]
Prints the counts by status, the throughput, and every surprise with the request's bytes; exits 1
if there was one. Under --sigv4 verify the fixtures' key is known (half the mutants are signed
again and reach the handlers; the rest must be refused).
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "bench"))
import awsreq  # noqa: E402
import probe  # noqa: E402

ACCESS_LINE = re.compile(r"^[0-9a-f-]{36} [!-~]+\.[!-~]+ \d{3} \d+\.\d\dms$")


def start(binary, log_path, extra):
    log = open(log_path, "wb")
    proc = subprocess.Popen([binary, "--port", "0", *extra], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        for line in pathlib.Path(log_path).read_bytes().splitlines():
            if line.startswith(b"listening on "):
                return proc, int(line.rsplit(b":", 1)[1])
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.kill()
    log_text = pathlib.Path(log_path).read_text(errors="replace")
    raise RuntimeError("nimbus did not start: " + log_text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--count", type=int, default=220_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sigv4", choices=("off", "verify"), default="off")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="nimbus-mutate-"))
    extra = []
    if args.sigv4 == "verify":
        awsreq.credentials_file(tmp / "credentials")
        extra = ["--sigv4", "verify", "--credentials", str(tmp / "credentials")]
    proc, port = start(args.bin, tmp / "nimbus.log", extra)
    run = probe.Probe(port, args.seed, timeout=args.timeout)
    try:
        step = 10_000
        for start_index in range(0, args.count, step):
            run.run(min(step, args.count - start_index), start=start_index)
            print(f"{run.sent} sent, {run.sent / run.seconds:.0f}/s, {len(run.problems)} surprises",
                  file=sys.stderr, flush=True)
        alive = run.alive()
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
    lines = (tmp / "nimbus.log").read_bytes().splitlines()
    logged = lines[1:-1] if lines and lines[-1] == b"nimbus stopped" else lines[1:]
    bad_lines = [line for line in logged if not ACCESS_LINE.match(line.decode("latin-1"))]

    print(f"nimbus {args.bin} --sigv4 {args.sigv4}, seed {args.seed}")
    print(run.report(limit=50))
    print(f"throughput: {run.sent / run.seconds:.0f} requests/s (one client connection at a time)")
    print(f"GetCallerIdentity after the run: {alive}; exit code {code}")
    print(f"access log: {len(logged)} lines, {len(bad_lines)} malformed"
          + "".join(f"\n  {line[:200]!r}" for line in bad_lines[:10]))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({
            "sent": run.sent, "seconds": run.seconds, "statuses": {
                str(k): v for k, v in run.statuses.items()},
            "surprises": len(run.problems), "alive": alive, "exit_code": code,
            "malformed_log_lines": len(bad_lines)}, indent=2))
    ok = not run.problems and alive == 200 and code == 0 and not bad_lines
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
