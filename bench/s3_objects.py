#!/usr/bin/env python3
"""S3 object bodies (issue 11): PutObject and GetObject of 1 MiB objects against nginx serving a
static 1 MiB file, a 1 GiB upload and download with the server's memory sampled, and
ListObjectsV2 of one 1000-key page from a bucket of 100,000 keys.

usage: bench/s3_objects.py [--bin build/release/src/nimbus] [--duration 10] [--connections 4]
                           [--big-mib 1024] [--keys 100000] [--skip PHASE ...] [--json OUT]
nimbus runs in memory mode with --sigv4 off (requests unsigned, path style), its access log on
and written to a file, a fresh process per phase (so that VmHWM is the phase's own peak).
Phases:
  objects  wrk (keep-alive, -t2 -c4) PUTs one 1 MiB body to one key, then GETs it; then nginx
           (nginx-light, worker_processes auto) serves the same 1 MiB as a static file to the
           same wrk GET. nginx is not asked to take uploads (a static server has no PUT); both
           nimbus ratios are against its GET.
  big      one 1 GiB PutObject (Content-Length, sent from a file with sendfile), then one
           GetObject read and thrown away, on one connection; VmRSS sampled every 20 ms from
           /proc/<pid>/status during each, and VmHWM (the peak) after each.
  list     --keys empty objects PUT by 8 threads, each pipelining 200 PUTs on a keep-alive
           connection; then 200 ListObjectsV2 calls (max-keys 1000, start-after a random key)
           on one keep-alive connection: the client's round trip and the server's own time (its
           access log), median and p99.
Targets (docs/performance.md): PUT and GET >= 0.5 x nginx GET req/s; RSS <= 32 MiB during the
1 GiB transfers; a ListObjectsV2 page <= 1 ms.
"""
import argparse
import json
import os
import pathlib
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import awsreq  # noqa: E402
from throughput import (LUA_DONE, free_port, lua_string, run_wrk,  # noqa: E402
                        start_nginx_serving, stop, wait_port)

MIB = 1024 * 1024
BUCKET = "bench-bucket"


def start_nimbus(args, tmp, name):
    port = free_port()
    log_path = os.path.join(tmp, f"nimbus-{name}.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen([args.bin, "--port", str(port), "--log-level", "info"],
                            stdout=log, stderr=subprocess.STDOUT)
    wait_port(port)
    return proc, port, log_path


def start_nginx(args, tmp, root):
    return start_nginx_serving(args, tmp, f"""    sendfile on;
    root {root};
    default_type binary/octet-stream;""")


class Connection:
    """A keep-alive client connection that reads responses one by one (pipelining allowed)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.pending = b""

    def close(self):
        self.sock.close()

    def request(self, head, body=b""):
        """Sends one request; returns (status, body)."""
        self.sock.sendall(head.encode() + body)
        return self.read_response()

    def _more(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("connection closed")
        self.pending += chunk

    def read_response(self, sink=None):
        """Reads one response; its body is returned, or passed to `sink` piece by piece."""
        while b"\r\n\r\n" not in self.pending:
            self._more()
        head, _, self.pending = self.pending.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        length = int(match.group(1)) if match else 0
        body = []
        while length > 0:
            if not self.pending:
                self._more()
            piece, self.pending = self.pending[:length], self.pending[length:]
            length -= len(piece)
            if sink is None:
                body.append(piece)
            else:
                sink(piece)
        return status, b"".join(body)


def put_head(port, key, length, extra=""):
    return (f"PUT /{BUCKET}/{key} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n")


def get_head(port, target):
    return f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"


def create_bucket(port):
    conn = Connection(port)
    status, body = conn.request(put_head(port, "", 0).replace(f"/{BUCKET}/ ", f"/{BUCKET} "))
    conn.close()
    if status != 200:
        raise SystemExit(f"CreateBucket answered {status}: {body[:300]!r}")


def wrk_file_script(path, method, target, body_file=None):
    lines = [f"wrk.method = {lua_string(method)}", f"wrk.path = {lua_string(target)}"]
    if body_file:
        lines.append(f"local f = io.open({lua_string(body_file)}, 'rb')")
        lines.append("wrk.body = f:read('*a')")
        lines.append("f:close()")
    pathlib.Path(path).write_text("\n".join(lines) + "\n" + LUA_DONE)


def phase_objects(args, tmp):
    body_file = os.path.join(tmp, "www", "object.bin")
    os.makedirs(os.path.dirname(body_file), exist_ok=True)
    with open(body_file, "wb") as f:
        f.write(os.urandom(MIB))
    # nginx's workers run as another user when it starts as root: they must reach the file.
    for path, mode in ((tmp, 0o755), (os.path.dirname(body_file), 0o755), (body_file, 0o644)):
        os.chmod(path, mode)
    put_script = os.path.join(tmp, "put.lua")
    get_script = os.path.join(tmp, "get.lua")
    wrk_file_script(put_script, "PUT", f"/{BUCKET}/object.bin", body_file)
    wrk_file_script(get_script, "GET", f"/{BUCKET}/object.bin")
    nginx_script = os.path.join(tmp, "nginx-get.lua")
    wrk_file_script(nginx_script, "GET", "/object.bin")
    out = {}
    proc, port, _ = start_nimbus(args, tmp, "objects")
    try:
        create_bucket(port)
        if args.warmup:
            run_wrk(args, port, put_script, args.warmup)
        out["nimbus_put"] = run_wrk(args, port, put_script, args.duration)
        if args.warmup:
            run_wrk(args, port, get_script, args.warmup)
        out["nimbus_get"] = run_wrk(args, port, get_script, args.duration)
    finally:
        stop(proc)
    proc, port = start_nginx(args, tmp, os.path.dirname(body_file))
    try:
        if args.warmup:
            run_wrk(args, port, nginx_script, args.warmup)
        out["nginx_get"] = run_wrk(args, port, nginx_script, args.duration)
    finally:
        stop(proc)
    return out


class MemorySampler:
    """VmRSS of a process every 20 ms, in a thread, until stopped; the maximum seen."""

    def __init__(self, pid):
        self.pid = pid
        self.max_rss_kb = 0
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def status(self, field):
        text = pathlib.Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))

    def run(self):
        while self.running:
            self.max_rss_kb = max(self.max_rss_kb, self.status("VmRSS"))
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.max_rss_kb


def phase_big(args, tmp):
    size = args.big_mib * MIB
    path = os.path.join(tmp, "big.bin")
    with open(path, "wb") as f:
        piece = os.urandom(MIB)
        for _ in range(args.big_mib):
            f.write(piece)
    out = {"bytes": size}
    proc, port, _ = start_nimbus(args, tmp, "big")
    try:
        create_bucket(port)
        sampler = MemorySampler(proc.pid)
        out["rss_before_kb"] = sampler.status("VmRSS")
        conn = Connection(port)
        try:
            start = time.perf_counter()
            conn.sock.sendall(put_head(port, "big.bin", size).encode())
            with open(path, "rb") as f:
                conn.sock.sendfile(f)
            status, body = conn.read_response()
            out["put_s"] = time.perf_counter() - start
            if status != 200:
                raise SystemExit(f"PutObject answered {status}: {body[:300]!r}")
            out["put_max_rss_kb"] = sampler.stop()
            out["put_hwm_kb"] = sampler.status("VmHWM")
            sampler = MemorySampler(proc.pid)
            received = [0]
            start = time.perf_counter()
            conn.sock.sendall(get_head(port, f"/{BUCKET}/big.bin").encode())
            status, _ = conn.read_response(
                lambda p: received.__setitem__(0, received[0] + len(p)))
            out["get_s"] = time.perf_counter() - start
            if status != 200 or received[0] != size:
                raise SystemExit(f"GetObject answered {status} with {received[0]} bytes")
            out["get_max_rss_kb"] = sampler.stop()
            out["get_hwm_kb"] = sampler.status("VmHWM")
        finally:
            conn.close()
    finally:
        stop(proc)
    return out


def fill(port, keys, threads=8, batch=200):
    def work(first, last):
        conn = Connection(port)
        for start in range(first, last, batch):
            heads = "".join(put_head(port, f"key-{i:07d}", 0)
                            for i in range(start, min(start + batch, last)))
            conn.sock.sendall(heads.encode())
            for _ in range(start, min(start + batch, last)):
                status, body = conn.read_response()
                if status != 200:
                    raise RuntimeError(f"PutObject answered {status}: {body[:200]!r}")
        conn.close()
    per = (keys + threads - 1) // threads
    pool = [threading.Thread(target=work, args=(i * per, min(keys, (i + 1) * per)))
            for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def phase_list(args, tmp):
    out = {"keys": args.keys}
    proc, port, log_path = start_nimbus(args, tmp, "list")
    try:
        create_bucket(port)
        start = time.perf_counter()
        fill(port, args.keys)
        out["fill_s"] = time.perf_counter() - start
        client_ms = []
        rng = random.Random(11)
        conn = Connection(port)
        for i in range(args.list_calls + 20):
            after = f"key-{rng.randrange(args.keys - 1000):07d}"
            begin = time.perf_counter()
            status, body = conn.request(get_head(
                port, f"/{BUCKET}?list-type=2&max-keys=1000&start-after={after}"))
            elapsed = (time.perf_counter() - begin) * 1000
            if status != 200 or body.count(b"<Key>") != 1000:
                raise SystemExit(f"ListObjectsV2 answered {status}, "
                                 f"{body.count(b'<Key>')} keys")
            if i >= 20:  # the first calls warm the caches
                client_ms.append(elapsed)
        conn.close()
    finally:
        stop(proc)
    server_ms = [float(m) for m in re.findall(r"s3\.ListObjectsV2 200 ([\d.]+)ms",
                                               pathlib.Path(log_path).read_text())][20:]
    for name, values in (("client", client_ms), ("server", server_ms)):
        out[f"{name}_median_ms"] = statistics.median(values)
        out[f"{name}_p99_ms"] = percentile(values, 99)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(awsreq.ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--nginx-workers", default="auto")
    parser.add_argument("--big-mib", type=int, default=1024)
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--list-calls", type=int, default=200)
    parser.add_argument("--skip", nargs="*", default=[], choices=["objects", "big", "list"])
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        if "objects" not in args.skip:
            r = result["objects"] = phase_objects(args, tmp)
            print(f"1 MiB objects, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
                  "keep-alive")
            print(f"{'':12} {'req/s (= MiB/s)':>16} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
            for name in ("nimbus_put", "nimbus_get", "nginx_get"):
                x = r[name]
                print(f"{name:12} {x['rps']:16.0f} {x['p50_us'] / 1000:8.2f} "
                      f"{x['p99_us'] / 1000:8.2f} {x['status_errors']:8d}")
            for name in ("nimbus_put", "nimbus_get"):
                r[name + "_ratio"] = r[name]["rps"] / r["nginx_get"]["rps"]
                print(f"{name} / nginx_get = {r[name + '_ratio']:.2f}   (target >= 0.50)")
        if "big" not in args.skip:
            r = result["big"] = phase_big(args, tmp)
            print(f"{args.big_mib} MiB: PutObject {r['put_s']:.2f} s, max VmRSS "
                  f"{r['put_max_rss_kb'] / 1024:.1f} MiB, VmHWM {r['put_hwm_kb'] / 1024:.1f} MiB; "
                  f"GetObject {r['get_s']:.2f} s, max VmRSS {r['get_max_rss_kb'] / 1024:.1f} MiB, "
                  f"VmHWM {r['get_hwm_kb'] / 1024:.1f} MiB (before: "
                  f"{r['rss_before_kb'] / 1024:.1f} MiB; target <= 32 MiB)")
        if "list" not in args.skip:
            r = result["list"] = phase_list(args, tmp)
            print(f"ListObjectsV2 (1000 keys of {r['keys']}, filled in {r['fill_s']:.1f} s): "
                  f"client median {r['client_median_ms']:.3f} ms p99 {r['client_p99_ms']:.3f} ms; "
                  f"server median {r['server_median_ms']:.3f} ms p99 {r['server_p99_ms']:.3f} ms "
                  "(target <= 1 ms)")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
