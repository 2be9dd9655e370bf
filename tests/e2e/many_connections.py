"""Many kept-alive connections to one server at once, shared by tests/e2e/test_connections.py and
bench/connections.py. Stdlib only: the benchmark runs without boto3.

A round sends one request on every connection, with at most `in_flight` requests outstanding
(1: one after the other, so the latency is the server's with all the other connections open;
len(connections): all at once), and reads the answers through epoll.
"""
import collections
import resource
import selectors
import socket
import time


def raise_descriptor_limit(needed):
    """Raises this process's soft RLIMIT_NOFILE to at least `needed` (a server it spawns
    inherits the limit). Returns False, changing nothing, if the hard limit is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < needed:
        return False
    if soft != resource.RLIM_INFINITY and soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return True


def open_connections(port, count, timeout=10):
    """`count` connected sockets (TCP_NODELAY, blocking with `timeout`), opened one by one."""
    connections = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connections.append(s)
    return connections


def close_all(connections):
    for s in connections:
        s.close()


class Round:
    """What one round got: status codes, failures by reason, latencies in seconds."""

    def __init__(self):
        self.statuses = collections.Counter()
        self.failures = collections.Counter()
        self.latencies = []
        self.seconds = 0.0

    @property
    def answered(self):
        return sum(self.statuses.values())

    def percentile_ms(self, p):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def _complete(data):
    """(status, keeps alive) once `data` holds a whole response, else None."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    lines = data[:head_end].decode("latin-1").split("\r\n")
    length = 0
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            keep_alive = False
    if len(data) < head_end + 4 + length:
        return None
    return int(lines[0].split(" ")[1]), keep_alive


def run_round(connections, payload, in_flight=1, timeout=60):
    """Sends `payload` once on every connection, at most `in_flight` outstanding; a connection
    that closes, answers `Connection: close`, or has not answered in `timeout` s is a failure
    (it is closed and removed from `connections`)."""
    result = Round()
    waiting = collections.deque(connections)
    pending = {}  # socket -> [bytes received, time sent]
    dead = set()
    started = time.perf_counter()
    deadline = started + timeout
    with selectors.DefaultSelector() as selector:
        def send_next():
            s = waiting.popleft()
            sent = time.perf_counter()
            try:
                s.sendall(payload)
            except OSError as e:
                result.failures[f"send: {type(e).__name__}"] += 1
                dead.add(s)
                return
            pending[s] = [b"", sent]
            selector.register(s, selectors.EVENT_READ)

        while waiting and len(pending) < in_flight:
            send_next()
        while pending and time.perf_counter() < deadline:
            for key, _ in selector.select(timeout=max(0.0, deadline - time.perf_counter())):
                s = key.fileobj
                try:
                    chunk = s.recv(65536)
                except OSError as e:
                    chunk, reason = None, f"recv: {type(e).__name__}"
                else:
                    reason = "closed by the server"
                state = pending[s]
                done = None
                if chunk:
                    state[0] += chunk
                    done = _complete(state[0])
                    if done is None:
                        continue
                selector.unregister(s)
                del pending[s]
                if done is None:
                    result.failures[reason] += 1
                    dead.add(s)
                else:
                    result.latencies.append(time.perf_counter() - state[1])
                    result.statuses[done[0]] += 1
                    if not done[1]:
                        result.failures["answered Connection: close"] += 1
                        dead.add(s)
                while waiting and len(pending) < in_flight:
                    send_next()
        for s in pending:
            result.failures["no answer in time"] += 1
            dead.add(s)
    result.failures["not sent (round timed out)"] += len(waiting)
    result.failures += collections.Counter()  # drops the zero count
    result.seconds = time.perf_counter() - started
    for s in dead:
        s.close()
    connections[:] = [s for s in connections if s not in dead]
    return result
