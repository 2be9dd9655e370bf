#!/usr/bin/env python3
"""Memory benchmark: does nimbus give memory back? Spawns `nimbus --port 0`, reads its RSS idle,
after N PutParameter calls, after deleting them all (DeleteParameters, 10 names a call), and
after POST /_nimbus/reset; then runs fill + reset cycles and reads the RSS after each reset, to
show that a test suite resetting between tests for hours does not grow the process.

usage: bench/memory.py [--bin build/release/src/nimbus] [--params 100000] [--cycles 20]
                       [--cycle-params 10000] [--connections 4] [--settle 3] [--json OUT]
Requests are raw HTTP/1.1 over keep-alive connections, each signed with SigV4 (bench/awsreq.py),
several requests in flight per connection. RSS is VmRSS from /proc/<pid>/status, read after
`--settle` seconds without requests (nimbus gives memory back 1-2 s after the last write).
"idle" is read after one DescribeParameters, which loads the SSM model (some 4 MiB that stay).
Target (docs/performance.md, issue 9): after a reset, VmRSS within 2x of the idle VmRSS right
after start-up.
"""
import argparse
import json
import pathlib
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import awsreq  # noqa: E402
from startup import memory_kib, read_port, stop  # noqa: E402

HOST = "127.0.0.1:4566"  # signed as sent; nimbus signs over the Host header the client sent
TEMPLATE = awsreq.FIXTURES / "boto3" / "ssm.PutParameter.http"
VALUE = "v" * 64  # a short configuration value, as most parameters are


def ssm_request(operation, body):
    """The boto3 PutParameter capture turned into `operation` with `body`, freshly signed."""
    request = awsreq.load(TEMPLATE)
    request.set_header("X-Amz-Target", "AmazonSSM." + operation)
    request.body = json.dumps(body).encode()
    return awsreq.sign(request, HOST).to_bytes(HOST)


class Connection:
    """One keep-alive connection that sends requests ahead and reads their answers in order."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def read_response(self):
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end >= 0:
                head = self.buffer[:head_end].decode("latin-1")
                length = 0
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                end = head_end + 4 + length
                if len(self.buffer) >= end:
                    status = int(head.split(" ")[1])
                    body = self.buffer[head_end + 4:end]
                    self.buffer = self.buffer[end:]
                    return status, body
            chunk = self.sock.recv(262144)
            if not chunk:
                raise RuntimeError("connection closed early")
            self.buffer += chunk

    def run(self, payloads, window=16):
        """Sends `payloads` `window` at a time; raises on the first answer that is not 200."""
        for start in range(0, len(payloads), window):
            batch = payloads[start:start + window]
            self.sock.sendall(b"".join(batch))
            for _ in batch:
                status, body = self.read_response()
                if status != 200:
                    raise RuntimeError(f"answer {status}: {body[:300]!r}")

    def close(self):
        self.sock.close()


def in_parallel(port, connections, make_payloads, count):
    """Splits items 0..count-1 among `connections` threads, each on its own connection, each
    signing its own requests (make_payloads(indexes) -> [bytes]). Returns the seconds taken."""
    errors = []

    def work(indexes):
        try:
            conn = Connection(port)
            try:
                conn.run(make_payloads(indexes))
            finally:
                conn.close()
        except Exception as e:  # reported by the main thread
            errors.append(e)

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(range(i, count, connections),))
               for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def name(i):
    return f"/bench/memory/app-{i // 1000:03d}/param-{i:06d}"


def fill(port, connections, count):
    return in_parallel(port, connections, lambda indexes: [
        ssm_request("PutParameter", {"Name": name(i), "Value": VALUE, "Type": "String"})
        for i in indexes], count)


def delete_all(port, connections, count):
    batches = (count + 9) // 10
    return in_parallel(port, connections, lambda indexes: [
        ssm_request("DeleteParameters",
                    {"Names": [name(i) for i in range(b * 10, min(count, b * 10 + 10))]})
        for b in indexes], batches)


def reset(port):
    conn = Connection(port)
    try:
        conn.run([f"POST /_nimbus/reset HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 0\r\n\r\n"
                  .encode()])
    finally:
        conn.close()


def count_parameters(port):
    """How many parameters DescribeParameters finds under /bench/memory (first page only)."""
    conn = Connection(port)
    try:
        conn.sock.sendall(ssm_request("DescribeParameters", {"ParameterFilters": [
            {"Key": "Path", "Option": "Recursive", "Values": ["/bench/memory"]}],
            "MaxResults": 50}))
        status, body = conn.read_response()
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"DescribeParameters answered {status}: {body[:300]!r}")
    return len(json.loads(body)["Parameters"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(awsreq.ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--params", type=int, default=100000)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--cycle-params", type=int, default=10000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds without requests before each RSS reading")
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()

    proc = subprocess.Popen([args.bin, "--port", "0", "--log-level", "warn"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    result = {"params": args.params, "value_bytes": len(VALUE), "connections": args.connections,
              "settle_s": args.settle, "rss_kib": {}, "seconds": {}, "cycles": []}

    def sample(label):
        time.sleep(args.settle)
        m = memory_kib(proc.pid)
        result["rss_kib"][label] = m
        print(f"{label:<28} VmRSS {m['VmRSS'] / 1024:7.2f} MiB   anonymous "
              f"{m['RssAnon'] / 1024:7.2f} MiB", flush=True)

    try:
        port = read_port(proc, time.perf_counter() + 10)
        sample("idle after start-up")
        count_parameters(port)  # loads the SSM model, as any first SSM request would
        sample("idle")
        result["seconds"]["fill"] = fill(port, args.connections, args.params)
        sample(f"after {args.params} puts")
        result["seconds"]["delete"] = delete_all(port, args.connections, args.params)
        if count_parameters(port) != 0:
            raise RuntimeError("parameters left after DeleteParameters")
        sample("after deleting them")
        fill(port, args.connections, args.params)
        reset(port)
        sample("after fill and reset")
        for cycle in range(args.cycles):
            fill(port, args.connections, args.cycle_params)
            reset(port)
            time.sleep(args.settle)
            m = memory_kib(proc.pid)
            result["cycles"].append(m)
            print(f"cycle {cycle + 1:2d}: {args.cycle_params} puts + reset: VmRSS "
                  f"{m['VmRSS'] / 1024:7.2f} MiB", flush=True)
    finally:
        stop(proc)
    started = result["rss_kib"]["idle after start-up"]["VmRSS"]
    idle = result["rss_kib"]["idle"]["VmRSS"]
    worst = max([result["rss_kib"]["after fill and reset"]] + result["cycles"],
                key=lambda m: m["VmRSS"])["VmRSS"]
    result["worst_after_reset_kib"] = worst
    print(f"fill {result['seconds']['fill']:.1f} s ({args.params / result['seconds']['fill']:.0f} "
          f"puts/s), delete {result['seconds']['delete']:.1f} s")
    print(f"highest VmRSS after a reset: {worst / 1024:.2f} MiB = {worst / started:.2f} x idle "
          f"after start-up (target: <= 2 x), {worst / idle:.2f} x idle with the SSM model loaded")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
