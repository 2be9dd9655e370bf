#!/usr/bin/env python3
"""Keep-alive throughput: wrk (4 connections, 2 threads, 10 s by default) sends one wire fixture
over and over to nimbus, then the same wrk settings send the same bytes to nginx answering a
fixed small response (`return 200`) on the same machine, and the ratio is reported with the
latency percentiles (wrk's HdrHistogram).

usage: bench/throughput.py [--request tests/data/fixtures/requests/boto3/sts.GetCallerIdentity.http]
                           [--bin build/release/src/nimbus] [--duration 10] [--json OUT]
Any fixture works (`--request FILE`): later services add theirs. nimbus runs with its defaults
(--sigv4 off, access log on, stdout to a file); `--resign` re-signs the request with the current
time and runs nimbus with --sigv4 verify, so the signature check is part of the cost.
Targets (docs/performance.md): nimbus >= 0.5 x nginx req/s, p99 <= 2 ms.
"""
import argparse
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import awsreq  # noqa: E402

# wrk prints this line from done(); latency in microseconds.
LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p90_us\": %d, " ..
    "\"p99_us\": %d, \"max_us\": %d, \"mean_us\": %.1f, \"connect_errors\": %d, " ..
    "\"read_errors\": %d, \"write_errors\": %d, \"status_errors\": %d, \"timeouts\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status,
    e.timeout))
end
"""


def lua_string(text):
    return "[==[" + text + "]==]" if "]==]" not in text else json.dumps(text)


def wrk_script(request, path):
    headers = request.without("Host", "Content-Length", "Transfer-Encoding", "Connection")
    lines = [f"wrk.method = {lua_string(request.method)}",
             f"wrk.path = {lua_string(request.target)}",
             f"wrk.body = {lua_string(request.body.decode('latin-1'))}",
             "wrk.headers = {}"]
    for name, value in headers:
        lines.append(f"wrk.headers[ {lua_string(name)} ] = {lua_string(value)}")
    pathlib.Path(path).write_text("\n".join(lines) + "\n" + LUA_DONE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, deadline=10):
    end = time.time() + deadline
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port}")


def fetch_once(port, request):
    """One request outside wrk: the status line and body, to check the benchmark is real."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request.to_bytes(f"127.0.0.1:{port}"))
        s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body


def run_wrk(args, port, script, duration):
    cmd = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{duration}s",
           "--latency", "-s", script, f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^RESULT (\{.*\})$", out, re.M)
    if not match:
        raise RuntimeError("wrk printed no result:\n" + out)
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def start_nimbus(args, tmp):
    port = free_port()
    log = open(os.path.join(tmp, "nimbus.log"), "wb")
    cmd = [args.bin, "--port", str(port)]
    if args.nimbus_threads:
        cmd += ["--threads", str(args.nimbus_threads)]
    if args.resign:
        creds = os.path.join(tmp, "credentials")
        awsreq.credentials_file(creds)
        cmd += ["--sigv4", "verify", "--credentials", creds]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    wait_port(port)
    return proc, port


def start_nginx_serving(args, tmp, server):
    """Starts nginx with keep-alive settings for a benchmark; `server` holds the directives of its
    one server block besides `listen`. Returns (process, port)."""
    port = free_port()
    conf = os.path.join(tmp, "nginx.conf")
    pathlib.Path(conf).write_text(f"""
daemon off;
master_process on;
worker_processes {args.nginx_workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log {tmp}/nginx-access.log;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
{server}
  }}
}}
""")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", tmp, "-e", f"{tmp}/nginx-error.log"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_port(port)
    return proc, port


def start_nginx(args, tmp, body):
    escaped = body.replace("\\", "\\\\").replace('"', '\\"')
    return start_nginx_serving(args, tmp, f"""    location / {{
      default_type text/xml;
      return 200 "{escaped}";
    }}""")


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--request", default=str(awsreq.DEFAULT_REQUEST))
    parser.add_argument("--bin", default=str(awsreq.ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--nimbus-threads", type=int, default=0, help="0: nimbus default")
    parser.add_argument("--nginx-workers", default="auto")
    parser.add_argument("--resign", action="store_true",
                        help="sign with the current time and run nimbus with --sigv4 verify")
    parser.add_argument("--skip-nginx", action="store_true")
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()

    request = awsreq.load(args.request)
    with tempfile.TemporaryDirectory() as tmp:
        # wrk sends Host: 127.0.0.1:<port>; sign for that (the port is not known yet: sign after).
        proc, port = start_nimbus(args, tmp)
        try:
            if args.resign:
                awsreq.sign(request, f"127.0.0.1:{port}")
            script = os.path.join(tmp, "request.lua")
            wrk_script(request, script)
            status, body = fetch_once(port, request)
            print(f"nimbus answers {pathlib.Path(args.request).name}: {status}, "
                  f"{len(body)} bytes")
            if not status.split(" ")[1].startswith("2"):
                print(body.decode(errors="replace")[:500])
                raise SystemExit("the request fails; benchmarking an error would mislead")
            if args.warmup:
                run_wrk(args, port, script, args.warmup)
            nimbus = run_wrk(args, port, script, args.duration)
        finally:
            stop(proc)
        nginx = None
        if not args.skip_nginx:
            proc, port = start_nginx(args, tmp, body.decode(errors="replace"))
            try:
                if args.warmup:
                    run_wrk(args, port, script, args.warmup)
                nginx = run_wrk(args, port, script, args.duration)
            finally:
                stop(proc)

    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, keep-alive, "
          f"{request.method} {request.target} ({len(request.body)}-byte body)")
    print(f"{'server':8} {'req/s':>10} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'non-2xx':>8} {'errors':>7}")
    for name, r in (("nimbus", nimbus), ("nginx", nginx)):
        if r:
            errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
            print(f"{name:8} {r['rps']:10.0f} {r['p50_us'] / 1000:8.3f} {r['p90_us'] / 1000:8.3f} "
                  f"{r['p99_us'] / 1000:8.3f} {r['max_us'] / 1000:8.3f} {r['status_errors']:8d} "
                  f"{errors:7d}")
    for name, r in (("nimbus", nimbus), ("nginx", nginx)):
        if r and r["status_errors"]:
            print(f"WARNING: {name} answered {r['status_errors']} requests with a non-2xx status")
    result = {"request": str(args.request), "nimbus": nimbus, "nginx": nginx}
    if nginx:
        result["ratio"] = nimbus["rps"] / nginx["rps"]
        print(f"nimbus / nginx = {result['ratio']:.2f}   (target >= 0.50); "
              f"nimbus p99 {nimbus['p99_us'] / 1000:.3f} ms (target <= 2 ms)")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
