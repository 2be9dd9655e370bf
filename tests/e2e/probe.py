"""The mutation probe: sends the mutants of tests/e2e/mutants.py to a running nimbus over raw
HTTP and judges every answer (stdlib only; used by test_mutation_probe.py and bench/mutate.py).

The oracle: every request gets an answer (no connection closed without one, none slower than
`timeout` seconds); no answer is a 5xx other than 501 NotImplemented; every error body parses in
the protocol its Content-Type announces (JSON with `__type`, XML with a `Code`); no answer header
carries a control byte; and the server still answers GetCallerIdentity at the end.
"""
import collections
import json
import socket
import time
import xml.etree.ElementTree as ElementTree

import mutants
from mutants import awsreq


class Answer:
    def __init__(self, status, headers, body, seconds):
        self.status = status    # 200
        self.headers = headers  # [(name, value)] as bytes, lowercase names
        self.body = body
        self.seconds = seconds

    def header(self, name):
        for n, v in self.headers:
            if n == name:
                return v
        return None


class NoAnswer(Exception):
    pass


class Client:
    """Sends requests on one kept-alive connection (a fresh one for mutants that break framing)
    and reads one answer each, skipping interim 1xx answers."""

    def __init__(self, port, timeout):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buffer = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buffer = b""

    def exchange(self, data, fresh, head=False):
        if fresh:
            self.close()
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        started = time.monotonic()
        deadline = started + self.timeout
        try:
            self.sock.sendall(data)
        except OSError:
            pass  # refused before the whole request was read: the answer may still be there
        try:
            answer = self._read(deadline, head, started)
        except NoAnswer:
            self.close()
            raise
        if fresh or (answer.header(b"connection") or b"").lower() == b"close":
            self.close()
        return answer

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise NoAnswer(f"no answer within {self.timeout:g} s")
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            raise NoAnswer(f"no answer within {self.timeout:g} s") from None
        except OSError as e:
            raise NoAnswer(f"connection failed: {e}") from None
        return chunk

    def _read(self, deadline, head, started):
        while True:
            while b"\r\n\r\n" not in self.buffer:
                chunk = self._fill(deadline)
                if not chunk:
                    raise NoAnswer("connection closed without an answer"
                                   + (f" after {self.buffer[:200]!r}" if self.buffer else ""))
                self.buffer += chunk
            raw, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            lines = raw.split(b"\r\n")
            parts = lines[0].split(b" ", 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
                raise NoAnswer(f"not an HTTP answer: {raw[:200]!r}")
            status = int(parts[1])
            headers = []
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers.append((name.strip().lower(), value.strip()))
            if 100 <= status < 200:
                continue
            length = None
            for name, value in headers:
                if name == b"content-length":
                    length = int(value)
            if head:
                length = 0
            while length is None or len(self.buffer) < length:
                chunk = self._fill(deadline)
                if not chunk:
                    if length is None:
                        length = len(self.buffer)
                        break
                    raise NoAnswer(f"answer cut short: {raw[:200]!r}")
                self.buffer += chunk
            body, self.buffer = self.buffer[:length], self.buffer[length:]
            return Answer(status, headers, body, time.monotonic() - started)


def judge(method, answer):
    """What is wrong with `answer` (a list of sentences; empty when it is fine)."""
    problems = []
    if answer.status >= 500 and answer.status != 501:
        problems.append(f"status {answer.status}")
    for name, value in answer.headers:
        if any(c < 0x20 and c != 0x09 for c in name + value):
            problems.append(f"control byte in answer header {name!r}: {value[:100]!r}")
    if method == "HEAD" or answer.status == 204 or (answer.status < 300 and not answer.body):
        return problems
    ctype = (answer.header(b"content-type") or b"").split(b";")[0].strip().decode("latin-1")
    if "json" in ctype:
        try:
            doc = json.loads(answer.body)
        except (ValueError, RecursionError) as e:
            return problems + [f"{ctype} body does not parse: {e}"]
        if answer.status >= 300:
            code = doc.get("__type") if isinstance(doc, dict) else None
            if not (isinstance(code, str) and code) and not (isinstance(doc, dict)
                                                             and "error" in doc):
                problems.append("JSON error without __type")
            header = answer.header(b"x-amzn-errortype")
            if code and header is not None and header.decode("latin-1").partition(":")[0] != \
                    code.rpartition("#")[2].partition(":")[0]:
                problems.append(f"x-amzn-ErrorType {header!r} is not __type {code!r}")
    elif "xml" in ctype:
        try:
            root = ElementTree.fromstring(answer.body)
        except ElementTree.ParseError as e:
            return problems + [f"{ctype} body does not parse: {e}"]
        if answer.status >= 300 and not (root.findtext(".//Code") or root.findtext(
                ".//{*}Code")):
            problems.append("XML error without Code")
    elif answer.status >= 300:
        problems.append(f"error body in content type {ctype!r}")
    return problems


class Probe:
    """Sends `count` mutants of run `seed` and keeps the figures and every surprise."""

    def __init__(self, port, seed, timeout=5.0):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.seed = seed
        self.timeout = timeout
        self.originals = mutants.originals()
        self.client = Client(port, timeout)
        self.statuses = collections.Counter()
        self.per_capture = collections.Counter()
        self.problems = []      # (mutant index, sentence, Mutant, Answer or None)
        self.sent = 0
        self.slowest = 0.0      # seconds of the slowest answer, and its mutant
        self.slowest_mutant = None
        self.seconds = 0.0

    def run(self, count, start=0):
        started = time.monotonic()
        for index in range(start, start + count):
            mutant = mutants.make_mutant(self.seed, index, self.originals, self.host)
            self.send(index, mutant)
        self.seconds += time.monotonic() - started
        self.client.close()

    def send(self, index, mutant):
        self.sent += 1
        self.per_capture[mutant.capture] += 1
        try:
            answer = self.client.exchange(mutant.data, mutant.fresh, mutant.method == "HEAD")
        except NoAnswer as e:
            self.statuses["no answer"] += 1
            self.problems.append((index, str(e), mutant, None))
            return
        except OSError as e:
            self.statuses["no connection"] += 1
            self.problems.append((index, f"cannot connect: {e}", mutant, None))
            return
        self.statuses[answer.status] += 1
        if answer.seconds > self.slowest:
            self.slowest, self.slowest_mutant = answer.seconds, (index, mutant)
        for problem in judge(mutant.method, answer):
            self.problems.append((index, problem, mutant, answer))

    def alive(self):
        """The status of a freshly signed GetCallerIdentity (boto3's capture)."""
        request = awsreq.load(awsreq.DEFAULT_REQUEST)
        awsreq.sign(request, self.host)
        client = Client(self.port, self.timeout)
        try:
            return client.exchange(request.to_bytes(self.host), fresh=True).status
        finally:
            client.close()

    def report(self, limit=20):
        lines = [f"{self.sent} requests in {self.seconds:.1f} s; by status: "
                 + ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items(), key=str))]
        if self.slowest_mutant:
            index, mutant = self.slowest_mutant
            lines.append(f"slowest answer {self.slowest * 1000:.0f} ms: mutant {self.seed}:{index} "
                         f"{mutant.capture} [{', '.join(mutant.labels)}]")
        for index, problem, mutant, answer in self.problems[:limit]:
            lines.append(f"- mutant {self.seed}:{index}: {problem}")
            if answer is not None:
                lines.append(f"  answer {answer.status}: {answer.body[:300]!r}")
            lines.append("  request " + mutant.describe().replace("\n", "\n  "))
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)
