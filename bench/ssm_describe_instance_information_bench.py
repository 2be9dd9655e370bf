#!/usr/bin/env python3
"""DescribeInstanceInformation over a large SSM fleet: does a filtered page cost O(page)?

Starts nimbus (access log on, to a file), loads --nodes managed nodes through
POST /_nimbus/ssm/managed-instances, then sends each query --runs times over one keep-alive
connection and reports, per query, the server-side time (the access log's per-request ms:
routing, decoding, validation, the handler and encoding) and the client round trip, as median /
p90 / p99. Stdlib only.

    bench/ssm_describe_instance_information_bench.py                     # build/release binary
    bench/ssm_describe_instance_information_bench.py --nimbus build/debug/src/nimbus --nodes 20000
"""
import argparse
import http.client
import json
import pathlib
import statistics
import sys
import tempfile
import time

import nimbus_process

ROOT = pathlib.Path(__file__).resolve().parents[1]


def node(i):
    # 100 agent versions, 3 platforms, 1 in 50 nodes silent, 1 in 10 tagged env=prod.
    return {
        "InstanceId": f"mi-{i:017x}",
        "PlatformType": ("Linux", "Windows", "MacOS")[i % 3],
        "PlatformName": "Ubuntu",
        "PlatformVersion": "22.04",
        "AgentVersion": f"3.3.{i % 100}.0",
        "ComputerName": f"host-{i}.fleet",
        "IPAddress": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
        "IamRole": f"role-{i % 4}",
        "ActivationId": f"00000000-0000-0000-0000-{i % 20:012d}",
        "PingStatus": "ConnectionLost" if i % 50 == 0 else "Online",
        "Tags": {"env": "prod" if i % 10 == 0 else "dev", "rack": f"r{i % 40}"},
    }


def queries(nodes):
    return {
        "unfiltered, page 1 (50)": {"MaxResults": 50},
        "PlatformTypes=Linux + PingStatus=Online (10)": {
            "Filters": [{"Key": "PlatformTypes", "Values": ["Linux"]},
                        {"Key": "PingStatus", "Values": ["Online"]}], "MaxResults": 10},
        "PlatformTypes=Linux + PingStatus=Online (25)": {
            "Filters": [{"Key": "PlatformTypes", "Values": ["Linux"]},
                        {"Key": "PingStatus", "Values": ["Online"]}], "MaxResults": 25},
        "PlatformTypes=Linux + PingStatus=Online (50)": {
            "Filters": [{"Key": "PlatformTypes", "Values": ["Linux"]},
                        {"Key": "PingStatus", "Values": ["Online"]}], "MaxResults": 50},
        "AgentVersion=3.3.7.0 (1% of fleet, 50)": {
            "Filters": [{"Key": "AgentVersion", "Values": ["3.3.7.0"]}], "MaxResults": 50},
        "tag:env=prod (10% of fleet, 50)": {
            "Filters": [{"Key": "tag:env", "Values": ["prod"]}], "MaxResults": 50},
        "tag:env=prod + tag:rack=r20 (2.5% of fleet, 50)": {
            "Filters": [{"Key": "tag:env", "Values": ["prod"]},
                        {"Key": "tag:rack", "Values": ["r20"]}], "MaxResults": 50},
        "InstanceIds x10": {
            "Filters": [{"Key": "InstanceIds", "Values": [f"mi-{i * (nodes // 10):017x}"
                                                      for i in range(10)]}]},
        "PlatformTypes=Windows,MacOS (2 values, 50)": {
            "Filters": [{"Key": "PlatformTypes", "Values": ["Windows", "MacOS"]}], "MaxResults": 50},
        "PingStatus=ConnectionLost (2% of fleet, 50)": {
            "Filters": [{"Key": "PingStatus", "Values": ["ConnectionLost"]}], "MaxResults": 50},
    }


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nimbus", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    log = tempfile.NamedTemporaryFile("w+", prefix="nimbus-bench-", suffix=".log", delete=False)
    proc, port = nimbus_process.start(args.nimbus, "--log-level", "info", "--threads", "1",
                                      log=log)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    try:
        started = time.perf_counter()
        batch = 10_000
        for first in range(0, args.nodes, batch):
            body = json.dumps({"Instances": [node(i) for i in range(first,
                                                                     min(args.nodes, first + batch))]})
            conn.request("POST", "/_nimbus/ssm/managed-instances", body,
                         {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                sys.exit(f"fleet load failed: {response.status}")
        print(f"loaded {args.nodes} nodes in {time.perf_counter() - started:.1f} s")

        results = {}
        for name, query in queries(args.nodes).items():
            body = json.dumps(query)
            headers = {"Content-Type": "application/x-amz-json-1.1",
                       "X-Amz-Target": "AmazonSSM.DescribeInstanceInformation"}
            round_trips = []
            count = None
            log_mark = sum(1 for _ in open(log.name))
            for _ in range(args.runs):
                t0 = time.perf_counter()
                conn.request("POST", "/", body, headers)
                response = conn.getresponse()
                payload = response.read()
                round_trips.append((time.perf_counter() - t0) * 1000)
                if response.status != 200:
                    sys.exit(f"{name}: {response.status} {payload[:300]!r}")
                count = len(json.loads(payload)["InstanceInformationList"])
            time.sleep(0.2)
            server = []
            for line in list(open(log.name))[log_mark:]:
                parts = line.split()
                if len(parts) == 4 and parts[1] == "ssm.DescribeInstanceInformation":
                    server.append(float(parts[3].rstrip("ms")))
            results[name] = {
                "items": count,
                "server_ms": {"p50": statistics.median(server), "p90": percentile(server, 90),
                              "p99": percentile(server, 99)},
                "round_trip_ms": {"p50": statistics.median(round_trips),
                                  "p90": percentile(round_trips, 90),
                                  "p99": percentile(round_trips, 99)},
            }
        print(f"\n{args.nodes} nodes, {args.runs} runs per query; times in ms (p50 / p90 / p99)\n")
        print(f"{'query':48} {'items':>5}  {'server':>20}  {'round trip':>20}")
        for name, r in results.items():
            s, c = r["server_ms"], r["round_trip_ms"]
            print(f"{name:48} {r['items']:>5}  {s['p50']:6.3f} {s['p90']:6.3f} {s['p99']:6.3f}"
                  f"  {c['p50']:6.3f} {c['p90']:6.3f} {c['p99']:6.3f}")
        if args.json:
            pathlib.Path(args.json).write_text(json.dumps(
                {"nodes": args.nodes, "runs": args.runs, "queries": results}, indent=2))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
