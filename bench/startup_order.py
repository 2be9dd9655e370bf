#!/usr/bin/env python3
"""Writes bench/startup.order: the functions nimbus runs at start-up and in its first request,
as the section names that the release preset's gold link lays out first
(`--section-ordering-file`, with each function in a section of its own: CMakeLists.txt).

Why: the kernel maps a binary's pages 64 KiB at a time around each page a process touches
(fault-around), so start-up code spread over the text (every service's constructor sits among
its handlers) made idle VmRSS grow with each service added. Laid out together, it fills a few
windows. docs/performance.md records the figures.

How: runs the binary under valgrind's callgrind twice, once stopped right after it prints its
port and once after one signed GetCallerIdentity (bench/startup.py's request), and lists every
function of the binary that ran: start-up's first, then those only the request ran, each group
sorted by name so that the file's diffs stay readable. Run it after a change that adds start-up
work (a service, a store, a registration), with a release build of the change:

usage: bench/startup_order.py [--bin build/release/src/nimbus] [--out bench/startup.order]
A stale file is harmless to correctness: gold ignores names it does not find.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import awsreq  # noqa: E402
import startup  # noqa: E402


def functions_run(binary, payload, with_request):
    """Names (as in the symbol table) of the functions of `binary` that ran."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--demangle=no",
             "--compress-strings=no", "--compress-pos=no", binary, "--port", "0",
             "--log-level", "info"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            deadline = time.perf_counter() + 120
            port = startup.read_port(proc, deadline)
            if with_request:
                status, body = startup.exchange(port, payload, deadline)
                if status != 200:
                    raise RuntimeError(f"GetCallerIdentity failed: {status} {body[:300]!r}")
        finally:
            startup.stop(proc)
        return parse_callgrind(out.read_text(errors="replace"), pathlib.Path(binary).resolve())


def parse_callgrind(text, binary):
    """The fn= names whose object (the last ob= line) is the binary."""
    names = set()
    in_binary = False
    for line in text.splitlines():
        if line.startswith("ob="):
            in_binary = pathlib.Path(line[3:].strip()).resolve() == binary
        elif line.startswith("fn=") and in_binary:
            name = line[3:].strip()
            if not name.startswith(("(", "0x")):  # "(below main)", addresses without a symbol
                names.add(name)
    return names


def sections_of(name):
    """The sections g++ -ffunction-sections puts a function named `name` (as the symbol table
    has it) in: `.text.<name>`; a complete-object constructor or destructor (C1/D1) is an alias of
    the base-object one (C2/D2), whose name the section carries; static initialisers are in
    `.text.startup.<name>`; the cold part `<name>.cold` of a function is in
    `.text.unlikely.<name>`."""
    if name.startswith("_GLOBAL__sub_I_"):
        return [".text.startup." + name]
    if name.endswith(".cold"):
        return [".text.unlikely." + name[:-len(".cold")]]
    sections = [".text." + name]
    base = re.sub(r"([CD])1(E|I)", r"\g<1>2\2", name, count=1)
    if base != name:
        sections.append(".text." + base)
    return sections


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=str(awsreq.ROOT / "build" / "release" / "src" / "nimbus"))
    parser.add_argument("--out", default=str(awsreq.ROOT / "bench" / "startup.order"))
    args = parser.parse_args()

    request = awsreq.load(str(awsreq.DEFAULT_REQUEST))
    host = "127.0.0.1:4566"
    awsreq.sign(request, host)
    payload = request.to_bytes(host)
    at_start = functions_run(args.bin, payload, with_request=False)
    with_request = functions_run(args.bin, payload, with_request=True)
    lines = ["# Made by bench/startup_order.py: the functions nimbus runs at start-up, then those",
             "# its first request adds; the release link lays them out first (CMakeLists.txt)."]
    lines += [section for name in sorted(at_start) for section in sections_of(name)]
    lines += [section for name in sorted(with_request - at_start) for section in sections_of(name)]
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"{args.out}: {len(at_start)} functions at start-up, "
          f"{len(with_request - at_start)} more in the first request")


if __name__ == "__main__":
    main()
