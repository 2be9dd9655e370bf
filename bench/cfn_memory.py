#!/usr/bin/env python3
"""CloudFormation memory benchmark: how much nimbus grows over many stacks created and deleted.

usage: bench/cfn_memory.py [--bin build/release/src/nimbus] [--stacks 1000] [--resources 5]
                           [--warmup 20] [--settle 3] [--data-dir] [--json OUT]

Starts `nimbus --port 0`, creates and deletes --warmup stacks (models, statements and tables
loaded), waits --settle seconds and reads VmRSS; then, one after the other, creates --stacks
stacks of --resources independent SSM parameters, waits for CREATE_COMPLETE, deletes each and
waits for DELETE_COMPLETE (raw unsigned Query calls on one keep-alive connection). VmRSS is read
every tenth of the run without pause, and at the end after --settle seconds (nimbus trims its
heap a second or two after the last write). A deleted stack stays visible by its id, as AWS keeps
it: its row, resources and events stay stored, and are part of the growth. With --data-dir, the
database is a file in a temporary directory, and its size is printed with the growth.
Target (issue 10, docs/performance.md): VmRSS grows by <= 5 MiB over 1,000 stacks.
"""
import argparse
import http.client
import json
import pathlib
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import nimbus_process  # noqa: E402
from startup import memory_kib  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]


def template(resources, prefix):
    body = {f"P{i}": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": f"{prefix}/p{i}", "Type": "String", "Value": "v"}}
            for i in range(resources)}
    return json.dumps({"Resources": body}, separators=(",", ":"))


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def query(self, params):
        body = urllib.parse.urlencode(dict(params, Version="2010-05-15"))
        self.conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        response = self.conn.getresponse()
        data = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"{params['Action']}: {response.status} {data[:500]}")
        return data

    def wait(self, stack, wanted):
        while True:
            answer = self.query({"Action": "DescribeStacks", "StackName": stack})
            status = re.search(r"<StackStatus>([A-Z_]+)</StackStatus>", answer).group(1)
            if status == wanted:
                return
            if not status.endswith("IN_PROGRESS"):
                raise RuntimeError(f"{stack}: {status}")
            time.sleep(0.001)

    def cycle(self, name, resources):
        answer = self.query({"Action": "CreateStack", "StackName": name,
                             "TemplateBody": template(resources, "/" + name)})
        stack_id = re.search(r"<StackId>([^<]+)</StackId>", answer).group(1)
        self.wait(stack_id, "CREATE_COMPLETE")
        self.query({"Action": "DeleteStack", "StackName": stack_id})
        self.wait(stack_id, "DELETE_COMPLETE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--stacks", type=int, default=1000)
    parser.add_argument("--resources", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--settle", type=float, default=3)
    parser.add_argument("--data-dir", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="nimbus-cfn-memory-") if args.data_dir else None
    extra = ["--data-dir", data_dir] if data_dir else []
    proc, port = nimbus_process.start(args.bin, "--log-level", "warn", *extra)
    try:
        client = Client(port)
        idle = memory_kib(proc.pid)["VmRSS"]
        for i in range(args.warmup):
            client.cycle(f"warmup-{i}", args.resources)
        time.sleep(args.settle)
        before = memory_kib(proc.pid)["VmRSS"]
        trace = []
        started = time.perf_counter()
        for i in range(args.stacks):
            client.cycle(f"stack-{i}", args.resources)
            if (i + 1) % max(1, args.stacks // 10) == 0:
                trace.append(memory_kib(proc.pid)["VmRSS"])
        took = time.perf_counter() - started
        time.sleep(args.settle)
        after = memory_kib(proc.pid)["VmRSS"]
        files = (sum(f.stat().st_size for f in pathlib.Path(data_dir).rglob("*") if f.is_file())
                 if data_dir else None)
        result = {"stacks": args.stacks, "resources": args.resources, "seconds": took,
                  "idle_kib": idle, "before_kib": before, "after_kib": after,
                  "growth_mib": (after - before) / 1024, "trace_kib": trace,
                  "data_dir_bytes": files}
        print(f"{args.stacks} stacks of {args.resources} SSM parameters created and deleted in "
              f"{took:.1f} s{' (--data-dir)' if data_dir else ''}")
        print(f"VmRSS: idle {idle / 1024:.2f} MiB, after {args.warmup} warm-up stacks "
              f"{before / 1024:.2f} MiB, after the run {after / 1024:.2f} MiB: "
              f"growth {result['growth_mib']:.2f} MiB")
        print("VmRSS every tenth of the run (MiB): " +
              " ".join(f"{kib / 1024:.2f}" for kib in trace))
        if files is not None:
            print(f"database files: {files / 1048576:.2f} MiB")
        if args.json:
            pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
