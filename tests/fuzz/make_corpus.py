#!/usr/bin/env python3
"""Writes the libFuzzer seed corpora: one directory per target under OUTDIR, built from the wire
fixtures (tests/data/fixtures/requests) the same way SeedFromFixture() in
tests/testing/fuzz_targets.cc does, plus the hand-written seeds in tests/fuzz/seeds/<target>/ and the inputs that once crashed a
target, kept in tests/fuzz/regressions/<target>/.

usage: make_corpus.py OUTDIR
"""
import hashlib
import pathlib
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "data" / "fixtures" / "requests"
# libFuzzer binary name -> seeds/ folder
TARGETS = {"fuzz_query_decoder": "query", "fuzz_json_decoder": "json", "fuzz_xml": "xml",
           "fuzz_sigv4": "sigv4"}


def dechunk(raw):
    out = b""
    while True:
        eol = raw.find(b"\r\n")
        if eol < 0:
            return out
        n = int(raw[:eol].split(b";")[0], 16)
        raw = raw[eol + 2:]
        if n == 0:
            return out
        out += raw[:n]
        raw = raw[n + 2:]


def load(path):
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    method, target = lines[0].split(b" ")[:2]
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name, value.strip()))
    lookup = {n.lower(): v for n, v in reversed(headers)}
    if b"chunked" in lookup.get(b"transfer-encoding", b""):
        body = dechunk(body)
    return method, target, headers, lookup, body


def seeds(kind, method, target, headers, lookup, body):
    path, _, query = target.partition(b"?")
    form = b"application/x-www-form-urlencoded" in lookup.get(b"content-type", b"") or (
        path == b"/" and (query.startswith(b"Action=") or b"&Action=" in query))
    amz_target = lookup.get(b"x-amz-target", b"")
    whole = method + b" " + target + b"\n" + b"".join(
        n + b": " + v + b"\n" for n, v in headers) + b"\n" + body
    if kind == "query":
        return (body if method == b"POST" and body else query) if form else b""
    if kind == "json":
        return amz_target + b"\n" + body if amz_target else b""
    if kind == "xml":
        return whole if not form and not amz_target else b""
    return whole


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    fixtures = sorted(FIXTURES.rglob("*.http"))
    for binary, kind in TARGETS.items():
        target_dir = out / binary
        if target_dir.exists():
            shutil.rmtree(target_dir)
        target_dir.mkdir(parents=True)
        count = 0
        for fixture in fixtures:
            seed = seeds(kind, *load(fixture))
            if seed:
                name = fixture.parent.name + "." + fixture.stem
                (target_dir / name).write_bytes(seed)
                count += 1
        for folder in ("seeds", "regressions"):
            if not (HERE / folder / kind).is_dir():
                continue
            for extra in sorted((HERE / folder / kind).iterdir()):
                shutil.copy(extra, target_dir / (folder + "." + extra.name))
                count += 1
        print(f"{target_dir}: {count} seeds")


if __name__ == "__main__":
    main()
