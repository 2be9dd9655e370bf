#!/usr/bin/env python3
"""Durability under kill -9: the probe of tests/e2e/durability.py (writer threads on SSM, KMS, SSO
Admin and Organizations, SIGKILL at a seeded random moment, restart on the same --data-dir, check)
against the release binary, 25 cycles by default, and its figures: writes acknowledged, lost,
stuck, restart time. Needs boto3, like the e2e tests.

usage: bench/durability.py [--bin build/release/src/nimbus] [--cycles 25] [--seed 9] [--json OUT]
Target (docs/performance.md): 0 acknowledged writes lost, 0 operations stuck.
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import durability  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--cycles", type=int, default=25)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--quiet", action="store_true", help="no line per cycle")
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()
    os.environ["NIMBUS_BIN"] = args.bin  # what tests/e2e/harness.py starts

    data_dir = tempfile.mkdtemp(prefix="nimbus-durability-")
    started = time.perf_counter()
    try:
        probe = durability.Probe(data_dir, args.cycles, args.seed,
                                 log=None if args.quiet else print).run()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    took = time.perf_counter() - started

    restart_ms = [s * 1000 for s in probe.restart_seconds]
    result = {
        "cycles": args.cycles,
        "seed": args.seed,
        "seconds": took,
        "acknowledged": probe.acknowledged(),
        "unanswered_at_kill": sum(probe.unanswered),
        "tasks_pending_at_kill": sum(probe.pending_tasks),
        "lost": probe.findings["lost"],
        "phantom": probe.findings["phantom"],
        "stuck": probe.findings["stuck"],
        "errors": probe.findings["errors"],
        "restart_ms": {"median": statistics.median(restart_ms), "max": max(restart_ms)},
        # The check after each restart covers the cycle before; the last one covers them all.
        "check_after_restart_s": {"median": statistics.median(probe.settle[:-1] or [0]),
                                  "max": max(probe.settle[:-1] or [0])},
        "final_check_s": probe.settle[-1],
        "exit_code_after_last_restart": probe.exit_code,
    }
    acknowledged = result["acknowledged"]
    print(f"{args.cycles} kill -9 cycles (seed {args.seed}) in {took:.1f} s")
    print(f"writes acknowledged: {sum(acknowledged.values())} "
          f"({', '.join(f'{kind} {n}' for kind, n in acknowledged.items())}); "
          f"unanswered at the kills: {result['unanswered_at_kill']}; "
          f"scheduled tasks pending at the kills: {result['tasks_pending_at_kill']}")
    print(f"lost: {len(result['lost'])}, phantom: {len(result['phantom'])}, "
          f"stuck: {len(result['stuck'])}, error answers: {len(result['errors'])}   "
          f"(target: 0 lost, 0 stuck)")
    for name in ("lost", "phantom", "stuck", "errors"):
        for line in result[name][:20]:
            print(f"  {name}: {line}")
    restart = result["restart_ms"]
    print(f"restart (spawn -> listening on the recovered database): "
          f"median {restart['median']:.1f} ms, max {restart['max']:.1f} ms; "
          f"checking the cycle's writes after it: median "
          f"{result['check_after_restart_s']['median']:.2f} s, max "
          f"{result['check_after_restart_s']['max']:.2f} s; the final check of every write: "
          f"{result['final_check_s']:.1f} s")
    print(f"exit code of the SIGTERM after the last restart: {probe.exit_code}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    bad = result["lost"] or result["phantom"] or result["stuck"] or result["errors"]
    sys.exit(1 if bad or probe.exit_code != 0 else 0)


if __name__ == "__main__":
    main()
