#!/usr/bin/env python3
"""CloudFormation deployment benchmark: the time from sending CreateStack to the first
DescribeStacks that answers CREATE_COMPLETE, for a template of N SSM parameters.

usage: bench/cfn_create_stack.py [--bin build/release/src/nimbus] [--resources 500]
                                 [--runs 20] [--chain] [--reset] [--poll-ms 0.5] [--json OUT]

Starts `nimbus --port 0` (access log off), and for each run (a stack and parameters of names of
its own; with --reset, POST /_nimbus/reset first): CreateStack (a raw Query request on a
keep-alive connection, unsigned: nimbus routes it by its Version),
then DescribeStacks every --poll-ms on the same connection until the stack is CREATE_COMPLETE. The
template is compact JSON within CreateStack's 51,200-byte TemplateBody limit:
  default   N independent AWS::SSM::Parameter (one creation wave)
  --chain   N parameters, each naming the previous one with Ref and Fn::Sub (N waves)
Reports median / p90 / min / max over the runs, and checks that the last parameter exists.
Also the CPU time nimbus spent per run (all its threads, from /proc/<pid>/task/*/schedstat, the
polls included): on a machine other processes keep busy, the elapsed time says as much about
them as about nimbus, and the CPU time stays comparable.
Targets (issue 10, docs/performance.md): 500 independent parameters <= 20 ms; a 300-parameter
Ref/Sub chain <= 15 ms.
"""
import argparse
import http.client
import json
import pathlib
import statistics
import sys
import time
import urllib.parse

import nimbus_process

ROOT = pathlib.Path(__file__).resolve().parents[1]


def template(resources, chain, run):
    body = {}
    for i in range(resources):
        props = {"Name": f"/r{run}/p{i}", "Type": "String", "Value": "v"}
        if chain and i > 0:
            props["Value"] = {"Fn::Sub": "${P%d}+" % (i - 1)}
            props["Description"] = {"Ref": f"P{i - 1}"}
        body[f"P{i}"] = {"Type": "AWS::SSM::Parameter", "Properties": props}
    text = json.dumps({"Resources": body}, separators=(",", ":"))
    if len(text) > 51200:
        sys.exit(f"template of {len(text)} bytes is over the 51,200-byte TemplateBody limit")
    return text


def query(conn, params):
    body = urllib.parse.urlencode(dict(params, Version="2010-05-15"))
    conn.request("POST", "/", body=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    response = conn.getresponse()
    data = response.read().decode()
    if response.status != 200:
        raise RuntimeError(f"{params['Action']}: {response.status} {data[:500]}")
    return data


def json_call(conn, target, payload):
    conn.request("POST", "/", body=json.dumps(payload),
                 headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target})
    response = conn.getresponse()
    return response.status, response.read().decode()


def run_once(conn, body, name, poll_ms):
    start = time.perf_counter()
    query(conn, {"Action": "CreateStack", "StackName": name, "TemplateBody": body})
    polls = 0
    while True:
        if polls:
            time.sleep(poll_ms / 1000)
        polls += 1
        answer = query(conn, {"Action": "DescribeStacks", "StackName": name})
        if "<StackStatus>CREATE_COMPLETE</StackStatus>" in answer:
            return (time.perf_counter() - start) * 1000, polls
        if "<StackStatus>CREATE_IN_PROGRESS</StackStatus>" not in answer:
            raise RuntimeError("stack did not complete: " + answer[:2000])


def cpu_ms(pid):
    """The CPU time of every thread of `pid` so far, in ms."""
    total = 0
    for stat in pathlib.Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that just ended
    return total / 1e6


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--resources", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--chain", action="store_true")
    parser.add_argument("--reset", action="store_true",
                        help="POST /_nimbus/reset before each run: every table and statement of "
                             "the run is then created again (the cold case)")
    parser.add_argument("--poll-ms", type=float, default=0.5,
                        help="pause between DescribeStacks calls (a tight loop would compete "
                             "with the deployment for the database on a 2-core machine)")
    parser.add_argument("--json")
    args = parser.parse_args()

    proc, port = nimbus_process.start(args.bin, "--log-level", "warn")
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        times, polls, cpu = [], [], []
        for run in range(args.runs + 1):  # the first run warms up (schemas, statements)
            if args.reset:
                conn.request("POST", "/_nimbus/reset")
                conn.getresponse().read()
            body = template(args.resources, args.chain, run)
            cpu_before = cpu_ms(proc.pid)
            millis, count = run_once(conn, body, f"bench-{run}", args.poll_ms)
            cpu_run = cpu_ms(proc.pid) - cpu_before
            status, answer = json_call(conn, "AmazonSSM.GetParameter",
                                       {"Name": f"/r{run}/p{args.resources - 1}"})
            if status != 200:
                raise RuntimeError("the last parameter was not created: " + answer)
            if run > 0:
                times.append(millis)
                polls.append(count)
                cpu.append(cpu_run)
        result = {
            "resources": args.resources, "chain": args.chain, "reset": args.reset,
            "template_bytes": len(body),
            "runs": args.runs, "median_ms": statistics.median(times),
            "p90_ms": percentile(times, 90), "min_ms": min(times), "max_ms": max(times),
            "median_polls": statistics.median(polls),
            "cpu_median_ms": statistics.median(cpu), "cpu_min_ms": min(cpu)}
        print(f"{args.resources} SSM parameters{' (Ref/Sub chain)' if args.chain else ''}"
              f"{', reset before each run' if args.reset else ''}, "
              f"{len(body)}-byte template, {args.runs} runs: CreateStack -> CREATE_COMPLETE "
              f"median {result['median_ms']:.2f} ms, p90 {result['p90_ms']:.2f} ms, "
              f"min {result['min_ms']:.2f} ms, max {result['max_ms']:.2f} ms "
              f"({result['median_polls']:.0f} DescribeStacks polls); nimbus CPU per run "
              f"median {result['cpu_median_ms']:.2f} ms, min {result['cpu_min_ms']:.2f} ms")
        if args.json:
            pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
