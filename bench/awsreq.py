"""Wire fixtures as raw requests, re-signed with SigV4 (stdlib only, so the benchmarks start
fast and need no boto3).

A fixture is a raw HTTP/1.1 capture (tests/data/fixtures/requests/<client>/<svc>.<Op>.http):
CRLF line ends, HTTP chunking possibly still in the body.
"""
import datetime
import hashlib
import hmac
import pathlib
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "fixtures" / "requests"
DEFAULT_REQUEST = FIXTURES / "boto3" / "sts.GetCallerIdentity.http"
# The AWS documentation example keys the fixtures were signed with.
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


class Request:
    def __init__(self, method, target, headers, body):
        self.method = method          # "POST"
        self.target = target          # "/?x=1"
        self.headers = headers        # [(name, value)], order and case as sent
        self.body = body              # bytes, HTTP chunking removed

    def header(self, name):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def set_header(self, name, value):
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                self.headers[i] = (n, value)
                return
        self.headers.append((name, value))

    def without(self, *names):
        lower = {n.lower() for n in names}
        return [(n, v) for n, v in self.headers if n.lower() not in lower]

    def to_bytes(self, host):
        """The request as one HTTP/1.1 message with Content-Length (never chunked)."""
        lines = [f"{self.method} {self.target} HTTP/1.1", f"Host: {host}"]
        for n, v in self.without("Host", "Content-Length", "Transfer-Encoding", "Connection"):
            lines.append(f"{n}: {v}")
        if self.body or self.method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


def _dechunk(raw):
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
    raw = pathlib.Path(path).read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target = lines[0].split(" ")[:2]
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name, value.strip()))
    request = Request(method, target, headers, body)
    if "chunked" in (request.header("Transfer-Encoding") or "").lower():
        request.body = _dechunk(body)
        request.headers = request.without("Transfer-Encoding")
    return request


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _uri_encode(text, keep_slash):
    return urllib.parse.quote(text, safe="/~" if keep_slash else "~")


def sign(request, host, now=None, access_key=ACCESS_KEY, secret_key=SECRET_KEY):
    """Re-signs `request` in place (header SigV4) for `host` at `now` (UTC), keeping the
    fixture's credential scope region/service and signed-header list."""
    auth = request.header("Authorization") or ""
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        raise ValueError("not a SigV4 header-signed request")
    fields = dict(part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    _, _, region, service, _ = fields["Credential"].split("/")
    signed = fields["SignedHeaders"].split(";")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    request.set_header("X-Amz-Date", amz_date)
    values = {"host": host}
    for n, v in request.headers:
        if n.lower() != "host" and n.lower() in signed:
            values[n.lower()] = " ".join(v.split()) if n.lower() not in values else \
                values[n.lower()] + "," + " ".join(v.split())
    if "content-length" in signed:
        values["content-length"] = str(len(request.body))
    path, _, query = request.target.partition("?")
    s3 = service == "s3"
    canonical_uri = path if s3 else _uri_encode(urllib.parse.unquote(path), True)
    pairs = sorted((_uri_encode(urllib.parse.unquote_plus(k), False),
                    _uri_encode(urllib.parse.unquote_plus(v), False))
                   for k, _, v in (p.partition("=") for p in query.split("&") if p))
    payload = request.header("X-Amz-Content-SHA256") or hashlib.sha256(request.body).hexdigest()
    canonical = "\n".join([
        request.method, canonical_uri, "&".join(f"{k}={v}" for k, v in pairs),
        "".join(f"{h}:{values.get(h, '')}\n" for h in signed), ";".join(signed), payload])
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(("AWS4" + secret_key).encode(), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    request.set_header("Authorization", f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                                        f"SignedHeaders={';'.join(signed)}, Signature={signature}")
    return request


def credentials_file(path):
    pathlib.Path(path).write_text(
        f"[bench]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")
