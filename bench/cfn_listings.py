#!/usr/bin/env python3
"""CloudFormation listings with many stacks: the server time of a ListStacks page, a
DescribeStackEvents page and a few neighbours, with --stacks stacks in the store.

usage: bench/cfn_listings.py [--bin build/release/src/nimbus] [--stacks 10000] [--deleted 10]
                             [--resources 3] [--runs 200] [--template-bytes 0] [--json OUT]

Starts `nimbus --port 0 --log-level info` (the access log, one line per request with the
server's time in ms to two decimals, goes to a temporary file), then fills the store through the
API: --stacks CreateStacks of --resources independent SSM parameters each (one in --deleted of
them deleted again, so ListStacks has DELETE_COMPLETE stacks to show), and one stack of 500
parameters created in the middle, whose events fill many pages. --template-bytes pads the small
stacks' templates (Metadata) to about that size: a page of stacks must not cost their templates. Requests are raw unsigned Query
calls (nimbus routes them by their Version) on one keep-alive connection. Each query then runs
--runs times; the figures are the access log's server time (routing, decoding, the handler,
encoding) and the client's round trip, p50 / p90 / p99.
Target (issue 10, docs/performance.md): a ListStacks or DescribeStackEvents page <= 1 ms with
10,000 stacks in the store.
"""
import argparse
import http.client
import json
import pathlib
import re
import statistics
import tempfile
import time
import urllib.parse

import nimbus_process

ROOT = pathlib.Path(__file__).resolve().parents[1]


def template(resources, prefix, size=0):
    """A template of `resources` parameters, padded with Metadata to about `size` bytes."""
    body = {f"P{i}": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": f"{prefix}/p{i}", "Type": "String", "Value": "v"}}
            for i in range(resources)}
    tmpl = {"Description": "listing benchmark", "Resources": body}
    text = json.dumps(tmpl, separators=(",", ":"))
    if size > len(text) + 40:
        tmpl["Metadata"] = {"Padding": "x" * (size - len(text) - 30)}
        text = json.dumps(tmpl, separators=(",", ":"))
    return text


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def query(self, params):
        body = urllib.parse.urlencode(dict(params, Version="2010-05-15"))
        self.conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        response = self.conn.getresponse()
        data = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"{params['Action']}: {response.status} {data[:500]}")
        return data

    def status(self, name):
        answer = self.query({"Action": "DescribeStacks", "StackName": name})
        return re.search(r"<StackStatus>([A-Z_]+)</StackStatus>", answer).group(1)

    def wait(self, name, statuses):
        while True:
            status = self.status(name)
            if status in statuses:
                return status
            if not status.endswith("IN_PROGRESS"):
                raise RuntimeError(f"{name}: {status}")
            time.sleep(0.002)


def fill(client, args):
    """Creates the stacks; returns the big stack's id."""
    started = time.perf_counter()
    big_id = None
    for i in range(args.stacks):
        name = f"stack-{i}"
        client.query({"Action": "CreateStack", "StackName": name,
                      "TemplateBody": template(args.resources, f"/s{i}",
                                               args.template_bytes)})
        if i == args.stacks // 2:
            answer = client.query({"Action": "CreateStack", "StackName": "big",
                                   "TemplateBody": template(500, "/big")})
            big_id = re.search(r"<StackId>([^<]+)</StackId>", answer).group(1)
            client.wait("big", {"CREATE_COMPLETE"})
        if args.deleted and i % args.deleted == 0:
            client.wait(name, {"CREATE_COMPLETE"})
            client.query({"Action": "DeleteStack", "StackName": name})
        if (i + 1) % 2000 == 0:
            print(f"  {i + 1} stacks, {time.perf_counter() - started:.1f} s", flush=True)
    client.wait(f"stack-{args.stacks - 1}", {"CREATE_COMPLETE", "DELETE_COMPLETE"})
    # The last deletions run on the scheduler; a stack deleted is only visible by its id.
    time.sleep(1)
    print(f"filled in {time.perf_counter() - started:.1f} s")
    return big_id


def next_token(answer):
    found = re.search(r"<NextToken>([^<]+)</NextToken>", answer)
    return found.group(1) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--stacks", type=int, default=10_000)
    parser.add_argument("--deleted", type=int, default=10,
                        help="delete one stack in this many (0: none)")
    parser.add_argument("--resources", type=int, default=3)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--template-bytes", type=int, default=0,
                        help="pad each small stack's template to about this size (Metadata)")
    parser.add_argument("--json")
    args = parser.parse_args()

    log = tempfile.NamedTemporaryFile("w+", prefix="nimbus-cfn-", suffix=".log", delete=False)
    proc, port = nimbus_process.start(args.bin, "--log-level", "info", log=log)
    try:
        client = Client(port)
        big_id = fill(client, args)
        def later_page(params, pages):
            """`params` with the NextToken of page `pages` (or of the last page, if fewer)."""
            params, page = dict(params), 1
            while page < pages:
                token = next_token(client.query(params))
                if not token:
                    break
                params["NextToken"], page = token, page + 1
            return params, page

        stacks_page, stacks_page_number = later_page({"Action": "ListStacks"}, 50)
        events_page, events_page_number = later_page(
            {"Action": "DescribeStackEvents", "StackName": big_id}, 10)
        middle = f"stack-{args.stacks // 2 + 1}"
        queries = {
            "ListStacks, page 1": {"Action": "ListStacks"},
            f"ListStacks, page {stacks_page_number} (NextToken)": stacks_page,
            "ListStacks, StackStatusFilter=CREATE_COMPLETE": {
                "Action": "ListStacks", "StackStatusFilter.member.1": "CREATE_COMPLETE"},
            "ListStacks, StackStatusFilter=DELETE_COMPLETE": {
                "Action": "ListStacks", "StackStatusFilter.member.1": "DELETE_COMPLETE"},
            "ListStacks, StackStatusFilter=ROLLBACK_COMPLETE (none)": {
                "Action": "ListStacks", "StackStatusFilter.member.1": "ROLLBACK_COMPLETE"},
            "DescribeStackEvents, 500-resource stack by id, page 1": {
                "Action": "DescribeStackEvents", "StackName": big_id},
            f"DescribeStackEvents, 500-resource stack, page {events_page_number}": events_page,
            f"DescribeStackEvents, {args.resources}-resource stack by name": {
                "Action": "DescribeStackEvents", "StackName": middle},
            "DescribeStacks, one stack by name": {"Action": "DescribeStacks", "StackName": middle},
            "DescribeStacks, page 1 (100 stacks)": {"Action": "DescribeStacks"},
        }
        results = {}
        for name, params in queries.items():
            operation = "cloudformation." + params["Action"]
            log_mark = sum(1 for _ in open(log.name))
            round_trips, items = [], 0
            for _ in range(args.runs):
                t0 = time.perf_counter()
                answer = client.query(params)
                round_trips.append((time.perf_counter() - t0) * 1000)
                items = answer.count("<EventId>") + answer.count("<StackStatus>")
            time.sleep(0.3)
            server = []
            for line in list(open(log.name))[log_mark:]:
                parts = line.split()
                if len(parts) == 4 and parts[1] == operation:
                    server.append(float(parts[3].rstrip("ms")))
            results[name] = {
                "items": items,
                "server_ms": {"p50": statistics.median(server), "p90": percentile(server, 90),
                              "p99": percentile(server, 99)},
                "round_trip_ms": {"p50": statistics.median(round_trips),
                                  "p90": percentile(round_trips, 90),
                                  "p99": percentile(round_trips, 99)},
            }
        print(f"\n{args.stacks} stacks of {args.resources} parameters (1 in {args.deleted} "
              f"deleted) and one of 500; {args.runs} runs per query; ms, p50 / p90 / p99\n")
        print(f"{'query':58} {'items':>7}  {'server':>20}  {'round trip':>20}")
        for name, r in results.items():
            s, c = r["server_ms"], r["round_trip_ms"]
            print(f"{name:58} {r['items']:>7}  {s['p50']:6.2f} {s['p90']:6.2f} "
                  f"{s['p99']:6.2f}  {c['p50']:6.2f} {c['p90']:6.2f} {c['p99']:6.2f}")
        if args.json:
            pathlib.Path(args.json).write_text(json.dumps(
                {"stacks": args.stacks, "resources": args.resources, "deleted": args.deleted,
                 "runs": args.runs, "queries": results}, indent=2) + "\n")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        pathlib.Path(log.name).unlink()


if __name__ == "__main__":
    main()
