#!/usr/bin/env python3
"""StackSets benchmark (issue 12): how long an operation over accounts x regions takes to reach
SUCCEEDED, and DescribeStackInstance's latency with many instances in the set.

usage: bench/stack_sets.py [--bin build/release/src/nimbus] [--accounts 10] [--regions 4]
                           [--resources 10] [--runs 10] [--poll-ms 0]
                           [--concurrency-mode MODE] [--failure-tolerance-percentage P]
                           [--big-accounts 2500] [--big-regions 4] [--big-resources 1]
                           [--describe-runs 2000] [--skip operation|describe ...] [--json OUT]

Starts `nimbus --port 0 --async-delay-ms 0 --log-level info` (in memory; the access log, one
line per request with the server's time in ms to two decimals, goes to a temporary file).
Requests are raw Query calls on keep-alive connections; nimbus runs with --sigv4 off, so each
carries only a SigV4 Authorization header naming its account (a 12-digit access key is that
account's root) and service. Setup, as a user would do it: the administration role
(AWSCloudFormationStackSetAdministrationRole) in the admin account 000000000000 and the execution
role (AWSCloudFormationStackSetExecutionRole, trusting the admin account) in every target
account, each made with IAM CreateRole by that account.

operation: per run, a set (CreateStackSet) of --resources AWS::SSM::Parameter, then
  CreateStackInstances over --accounts x --regions with MaxConcurrentPercentage 100 and
  RegionConcurrencyType PARALLEL (ConcurrencyMode and FailureTolerancePercentage only when
  --concurrency-mode / --failure-tolerance-percentage give them), then
  DescribeStackSetOperation every --poll-ms (0: back to back) until SUCCEEDED. Reports the time
  from sending CreateStackInstances to that answer, the operation's own CreationTimestamp ->
  EndTimestamp, and nimbus's CPU time per run (all threads, the polls included). The first run
  warms up and is not counted. Target: <= 100 ms for 10 accounts x 4 regions of 10 resources.
describe: one set of --big-resources parameters with --big-accounts x --big-regions instances,
  made through the API as above (execution roles, then CreateStackInstances in operations of
  --fill-accounts accounts each, SOFT_FAILURE_TOLERANCE, every one waited for); the fill time
  is reported. Then --describe-runs DescribeStackInstance calls of instances picked at random
  (seeded), and the access log's server time and the client's round trip, p50 / p90 / p99;
  then, a tenth as many times each, two neighbours: ListStackInstances' first page and
  DescribeStackSet.
  Target: <= 0.2 ms with 10,000 instances in the set.
"""
import argparse
import http.client
import json
import pathlib
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.parse

import nimbus_process

ROOT = pathlib.Path(__file__).resolve().parents[1]
ADMIN = "000000000000"
ADMIN_ROLE = "AWSCloudFormationStackSetAdministrationRole"
EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2", "eu-central-1",
           "ap-northeast-1", "sa-east-1", "ca-central-1"]
VERSIONS = {"cloudformation": "2010-05-15", "iam": "2010-05-08"}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values):
    return {"p50": statistics.median(values), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "min": min(values), "max": max(values)}


def cpu_ms(pid):
    """The CPU time of every thread of `pid` so far, in ms."""
    total = 0
    for stat in pathlib.Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that just ended
    return total / 1e6


def members(prefix, values):
    """Query-protocol list members: Accounts.member.1=..."""
    return {f"{prefix}.member.{i + 1}": v for i, v in enumerate(values)}


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, service, params, account=ADMIN):
        body = urllib.parse.urlencode(dict(params, Version=VERSIONS[service]))
        auth = (f"AWS4-HMAC-SHA256 Credential={account}/20261205/us-east-1/{service}/"
                "aws4_request, SignedHeaders=host, Signature=0")
        self.conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": auth, "X-Amz-Date": "20261205T000000Z"})
        response = self.conn.getresponse()
        data = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"{params['Action']}: {response.status} {data[:500]}")
        return data

    def make_role(self, account, name, principal):
        trust = {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Principal": principal,
                                "Action": "sts:AssumeRole"}]}
        self.call("iam", {"Action": "CreateRole", "RoleName": name,
                          "AssumeRolePolicyDocument": json.dumps(trust)}, account=account)

    def operation(self, set_name, operation_id):
        answer = self.call("cloudformation", {"Action": "DescribeStackSetOperation",
                                              "StackSetName": set_name,
                                              "OperationId": operation_id})
        return re.search(r"<Status>([A-Z_]+)</Status>", answer).group(1), answer

    def wait(self, set_name, operation_id, poll_ms):
        polls = 0
        while True:
            if polls and poll_ms > 0:
                time.sleep(poll_ms / 1000)
            polls += 1
            status, answer = self.operation(set_name, operation_id)
            if status not in ("RUNNING", "STOPPING", "QUEUED"):
                return status, answer, polls


def template(resources, prefix):
    body = {f"P{i}": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": f"{prefix}/p{i}", "Type": "String", "Value": "v"}}
            for i in range(resources)}
    return json.dumps({"Resources": body}, separators=(",", ":"))


def timestamp(answer, member):
    """An XML timestamp member of the answer as seconds since the epoch (float)."""
    text = re.search(f"<{member}>([^<]+)</{member}>", answer).group(1)
    whole, _, fraction = text.rstrip("Z").partition(".")
    seconds = time.mktime(time.strptime(whole, "%Y-%m-%dT%H:%M:%S")) - time.timezone
    return seconds + (float("0." + fraction) if fraction else 0.0)


def accounts_from(first, count):
    return [f"{first + i:012d}" for i in range(count)]


def make_roles(client, accounts):
    for account in accounts:
        client.make_role(account, EXECUTION_ROLE, {"AWS": f"arn:aws:iam::{ADMIN}:root"})


def create_instances(client, set_name, accounts, regions, mode=None, tolerance=None):
    params = {"Action": "CreateStackInstances", "StackSetName": set_name,
              "OperationPreferences.MaxConcurrentPercentage": "100",
              "OperationPreferences.RegionConcurrencyType": "PARALLEL"}
    if mode:
        params["OperationPreferences.ConcurrencyMode"] = mode
    if tolerance is not None:
        params["OperationPreferences.FailureTolerancePercentage"] = str(tolerance)
    params.update(members("Accounts", accounts))
    params.update(members("Regions", regions))
    answer = client.call("cloudformation", params)
    return re.search(r"<OperationId>([^<]+)</OperationId>", answer).group(1)


def bench_operation(client, proc, args):
    accounts = accounts_from(100000000000, args.accounts)
    regions = REGIONS[:args.regions]
    make_roles(client, accounts)
    elapsed, own, cpu, polls = [], [], [], []
    for run in range(args.runs + 1):  # the first run warms up
        name = f"op-{run}"
        client.call("cloudformation", {"Action": "CreateStackSet", "StackSetName": name,
                                       "TemplateBody": template(args.resources, f"/op{run}")})
        cpu_before = cpu_ms(proc.pid)
        start = time.perf_counter()
        operation_id = create_instances(client, name, accounts, regions, args.concurrency_mode,
                                        args.failure_tolerance_percentage)
        status, answer, count = client.wait(name, operation_id, args.poll_ms)
        millis = (time.perf_counter() - start) * 1000
        cpu_run = cpu_ms(proc.pid) - cpu_before
        if status != "SUCCEEDED":
            raise RuntimeError(f"operation {operation_id} ended {status}: {answer[:2000]}")
        if run == 0:
            continue
        elapsed.append(millis)
        own.append((timestamp(answer, "EndTimestamp") -
                    timestamp(answer, "CreationTimestamp")) * 1000)
        cpu.append(cpu_run)
        polls.append(count)
    result = {"accounts": args.accounts, "regions": args.regions, "resources": args.resources,
              "runs": args.runs, "poll_ms": args.poll_ms,
              "concurrency_mode": args.concurrency_mode or "(default)",
              "failure_tolerance_percentage": args.failure_tolerance_percentage,
              "elapsed_ms": summary(elapsed), "operation_ms": summary(own),
              "cpu_ms": summary(cpu), "median_polls": statistics.median(polls)}
    e, o, c = result["elapsed_ms"], result["operation_ms"], result["cpu_ms"]
    print(f"CreateStackInstances {args.accounts} accounts x {args.regions} regions, "
          f"{args.resources} SSM parameters each, MaxConcurrentPercentage 100, PARALLEL, "
          f"ConcurrencyMode {result['concurrency_mode']}, FailureTolerancePercentage "
          f"{args.failure_tolerance_percentage}, {args.runs} runs:\n"
          f"  send -> SUCCEEDED seen   median {e['p50']:.1f} ms, p90 {e['p90']:.1f}, "
          f"min {e['min']:.1f}, max {e['max']:.1f} ({result['median_polls']:.0f} polls)\n"
          f"  CreationTimestamp -> EndTimestamp  median {o['p50']:.1f} ms, min {o['min']:.1f}, "
          f"max {o['max']:.1f}\n"
          f"  nimbus CPU per run        median {c['p50']:.1f} ms, min {c['min']:.1f} ms")
    return result


def bench_describe(client, log, args):
    accounts = accounts_from(200000000000, args.big_accounts)
    regions = REGIONS[:args.big_regions]
    start = time.perf_counter()
    make_roles(client, accounts)
    roles_s = time.perf_counter() - start
    client.call("cloudformation", {"Action": "CreateStackSet", "StackSetName": "big",
                                   "TemplateBody": template(args.big_resources, "/big")})
    for first in range(0, len(accounts), args.fill_accounts):
        operation_id = create_instances(client, "big", accounts[first:first + args.fill_accounts],
                                        regions, "SOFT_FAILURE_TOLERANCE")
        status, answer, _ = client.wait("big", operation_id, 50)
        if status != "SUCCEEDED":
            raise RuntimeError(f"fill operation ended {status}: {answer[:2000]}")
    fill_s = time.perf_counter() - start
    instances = len(accounts) * len(regions)
    print(f"filled {instances} instances ({args.big_accounts} accounts x {args.big_regions} "
          f"regions, {args.big_resources} parameter(s) each) in {fill_s:.1f} s "
          f"(execution roles {roles_s:.1f} s)")
    picker = random.Random(12)

    def describe_instance():
        account, region = picker.choice(accounts), picker.choice(regions)
        return ({"Action": "DescribeStackInstance", "StackSetName": "big",
                 "StackInstanceAccount": account, "StackInstanceRegion": region},
                f"<Account>{account}</Account>")

    queries = {  # name: a function answering (params, a text the answer must hold)
        "DescribeStackInstance": describe_instance,
        "ListStackInstances, page 1 (100)": lambda: (
            {"Action": "ListStackInstances", "StackSetName": "big"}, "<Account>"),
        "DescribeStackSet": lambda: (
            {"Action": "DescribeStackSet", "StackSetName": "big"}, "<Status>ACTIVE<"),
    }
    result = {"instances": instances, "accounts": args.big_accounts, "regions": args.big_regions,
              "resources": args.big_resources, "fill_s": fill_s, "roles_s": roles_s,
              "runs": args.describe_runs, "queries": {}}
    print(f"ms p50 / p90 / p99 (server: the access log); DescribeStackInstance "
          f"{args.describe_runs} calls, the others {max(1, args.describe_runs // 10)}")
    for name, make in queries.items():
        log_mark = sum(1 for _ in open(log.name))
        round_trips = []
        for _ in range(args.describe_runs if name == "DescribeStackInstance"
                       else max(1, args.describe_runs // 10)):
            params, expected = make()
            t0 = time.perf_counter()
            answer = client.call("cloudformation", params)
            round_trips.append((time.perf_counter() - t0) * 1000)
            if expected not in answer:
                raise RuntimeError(f"unexpected {params['Action']} answer: {answer[:2000]}")
        time.sleep(0.3)  # the log line follows the answer
        operation = "cloudformation." + params["Action"]
        server = []
        for line in list(open(log.name))[log_mark:]:
            parts = line.split()
            if len(parts) == 4 and parts[1] == operation:
                server.append(float(parts[3].rstrip("ms")))
        r = result["queries"][name] = {"calls": len(round_trips), "server_ms": summary(server),
                                       "round_trip_ms": summary(round_trips)}
        s, c = r["server_ms"], r["round_trip_ms"]
        print(f"  {name:34} server {s['p50']:.2f} / {s['p90']:.2f} / {s['p99']:.2f}   "
              f"round trip {c['p50']:.2f} / {c['p90']:.2f} / {c['p99']:.2f}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--regions", type=int, default=4, choices=range(1, len(REGIONS) + 1))
    parser.add_argument("--resources", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--poll-ms", type=float, default=0,
                        help="pause between DescribeStackSetOperation calls (0: none)")
    parser.add_argument("--concurrency-mode", choices=["STRICT_FAILURE_TOLERANCE",
                                                       "SOFT_FAILURE_TOLERANCE"],
                        help="not sent by default: STRICT_FAILURE_TOLERANCE with a tolerance of "
                             "0 runs one account per region at a time")
    parser.add_argument("--failure-tolerance-percentage", type=int)
    parser.add_argument("--big-accounts", type=int, default=2500)
    parser.add_argument("--big-regions", type=int, default=4, choices=range(1, len(REGIONS) + 1))
    parser.add_argument("--big-resources", type=int, default=1)
    parser.add_argument("--fill-accounts", type=int, default=500,
                        help="accounts per CreateStackInstances while filling the big set")
    parser.add_argument("--describe-runs", type=int, default=2000)
    parser.add_argument("--skip", nargs="*", default=[], choices=["operation", "describe"])
    parser.add_argument("--json")
    args = parser.parse_args()

    log = tempfile.NamedTemporaryFile("w+", prefix="nimbus-stacksets-", suffix=".log",
                                      delete=False)
    proc, port = nimbus_process.start(args.bin, "--async-delay-ms", "0", "--log-level", "info",
                                      log=log)
    try:
        client = Client(port)
        client.make_role(ADMIN, ADMIN_ROLE, {"Service": "cloudformation.amazonaws.com"})
        results = {}
        if "operation" not in args.skip:
            results["operation"] = bench_operation(client, proc, args)
        if "describe" not in args.skip:
            results["describe"] = bench_describe(client, log, args)
        if args.json:
            pathlib.Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        pathlib.Path(log.name).unlink()


if __name__ == "__main__":
    sys.exit(main())
