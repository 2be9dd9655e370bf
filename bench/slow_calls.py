#!/usr/bin/env python3
"""Slow calls against quick ones: GetCallerIdentity latency on 8 keep-alive connections while
other clients loop KMS CreateKey with an RSA_4096 key spec (0.2-2 s of CPU each).

Each of the 8 quick clients is a process of its own with one connection, sending a signed
GetCallerIdentity every --interval-ms and timing it (so the figures are the server's, not a
Python GIL's). The slow clients are threads, each looping CreateKey on a connection of its own.
Runs twice on the same server: without the slow clients, then with --slow-clients of them, and
prints p50 / p99 / max of the quick calls and how many keys were made.
"""
import argparse
import json
import multiprocessing
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import awsreq  # noqa: E402
from throughput import free_port, stop, wait_port  # noqa: E402


def read_response(sock, pending):
    """Reads one Content-Length framed response; returns (status, body, rest of the buffer)."""
    data = pending
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    status = int(head.split(b" ")[1])
    return status, rest[:length], rest[length:]


def quick_client(port, payload, seconds, interval, out):
    """One connection, one GetCallerIdentity every `interval` seconds; sends the latencies (ms)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    latencies, failures, pending = [], 0, b""
    end = time.monotonic() + seconds
    next_send = time.monotonic()
    while time.monotonic() < end:
        start = time.perf_counter()
        sock.sendall(payload)
        status, _, pending = read_response(sock, pending)
        latencies.append((time.perf_counter() - start) * 1000)
        failures += status != 200
        next_send += interval
        delay = next_send - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    sock.close()
    out.send((latencies, failures))


def create_key_request(port):
    # The scope and signed headers botocore uses; sign() computes the signature.
    scope = f"{awsreq.ACCESS_KEY}/20260101/us-east-1/kms/aws4_request"
    request = awsreq.Request(
        "POST", "/",
        [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "TrentService.CreateKey"),
         ("Authorization", f"AWS4-HMAC-SHA256 Credential={scope}, "
                           "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0")],
        json.dumps({"KeySpec": "RSA_4096", "KeyUsage": "SIGN_VERIFY"}).encode())
    awsreq.sign(request, f"127.0.0.1:{port}")
    return request.to_bytes(f"127.0.0.1:{port}")


def slow_client(port, stop_event, made):
    sock = socket.create_connection(("127.0.0.1", port))
    pending = b""
    while not stop_event.is_set():
        sock.sendall(create_key_request(port))
        status, body, pending = read_response(sock, pending)
        if status != 200:
            raise RuntimeError(f"CreateKey answered {status}: {body[:300]!r}")
        made.append(time.monotonic())
    sock.close()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def measure(port, payload, args, slow_clients):
    stop_event, made, threads = threading.Event(), [], []
    for _ in range(slow_clients):
        t = threading.Thread(target=slow_client, args=(port, stop_event, made), daemon=True)
        t.start()
        threads.append(t)
    if slow_clients:
        time.sleep(0.5)  # let the key generation begin
    pipes, procs = [], []
    for _ in range(args.quick_clients):
        receiver, sender = multiprocessing.Pipe(duplex=False)
        proc = multiprocessing.Process(
            target=quick_client,
            args=(port, payload, args.duration, args.interval_ms / 1000, sender))
        proc.start()
        pipes.append(receiver)
        procs.append(proc)
    latencies, failures = [], 0
    for receiver, proc in zip(pipes, procs):
        got, failed = receiver.recv()
        latencies += got
        failures += failed
        proc.join()
    stop_event.set()
    for t in threads:
        t.join()
    return {"slow_clients": slow_clients, "quick_calls": len(latencies), "failures": failures,
            "p50_ms": round(percentile(latencies, 50), 3),
            "p99_ms": round(percentile(latencies, 99), 3),
            "max_ms": round(max(latencies), 3), "keys_made": len(made)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(awsreq.ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--quick-clients", type=int, default=8)
    parser.add_argument("--slow-clients", type=int, default=2)
    parser.add_argument("--interval-ms", type=float, default=5)
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log = open(os.path.join(tmp, "nimbus.log"), "wb")
        proc = subprocess.Popen([args.bin, "--port", str(port)], stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            wait_port(port)
            request = awsreq.load(awsreq.DEFAULT_REQUEST)
            awsreq.sign(request, f"127.0.0.1:{port}")
            payload = request.to_bytes(f"127.0.0.1:{port}")
            results = [measure(port, payload, args, 0),
                       measure(port, payload, args, args.slow_clients)]
        finally:
            stop(proc)
    print(f"{args.quick_clients} connections, GetCallerIdentity every {args.interval_ms} ms each, "
          f"{args.duration} s")
    for r in results:
        print(f"  {r['slow_clients']} clients looping RSA_4096 CreateKey: "
              f"{r['quick_calls']} calls ({r['failures']} failed), p50 {r['p50_ms']} ms, "
              f"p99 {r['p99_ms']} ms, max {r['max_ms']} ms; {r['keys_made']} keys made")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
