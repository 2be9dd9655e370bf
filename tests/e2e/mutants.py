"""Seeded mutations of the requests captured from real clients, for the mutation probe
(tests/e2e/probe.py sends them and judges the answers; stdlib only, so that bench/mutate.py runs
without boto3).

A capture is tests/data/fixtures/requests/<client>/<service>.<Operation>.http; the model requests
(model_requests.py) add one request per emulated operation. Each mutant starts from one of them
and changes its body (bytes, JSON members, form parameters) and/or its HTTP framing and headers. Half of the mutants are signed again (fresh date, body hash, without the
capture's invented session token) so that under --sigv4 verify they reach the decoders and
handlers too; the others go through the authentication path with stale signatures.
"""
import hashlib
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import awsreq  # noqa: E402  (fixture loading and SigV4 signing, shared with the benchmarks)
import model_requests  # noqa: E402

FIXTURES = awsreq.FIXTURES
PLACEHOLDER = "@@nimbus-mutant@@"
# Member names nimbus's services read, so that added members meet real shapes.
COMMON_MEMBERS = ("Name", "Names", "Value", "Tags", "Filters", "ParameterFilters", "MaxResults",
                  "NextToken", "KeyId", "InstanceArn", "States", "Path", "Recursive",
                  "WithDecryption", "Overwrite", "Labels", "ParameterVersion", "Policies")
FORM_LISTS = ("Tags.member", "PolicyArns.member", "Parameters.member", "Capabilities.member",
              "Filter.member", "NotificationARNs.member")
JSON_TYPES = ("application/x-amz-json-1.0", "application/x-amz-json-1.1")


def captures():
    """Every captured request as (name, awsreq.Request), sorted ("boto3/ssm.GetParameter")."""
    found = []
    for path in sorted(FIXTURES.glob("*/*.http")):
        found.append((f"{path.parent.name}/{path.stem}", awsreq.load(path)))
    return found


def originals():
    """What mutants start from: every capture, then one request per operation of every emulated
    service built from its model ("model/kms.CreateKey")."""
    return captures() + model_requests.requests()


class Mutant:
    """One request to send: its bytes, what was done to it, and whether it needs a connection of
    its own (its framing is broken on purpose, so nothing may follow it)."""

    def __init__(self, capture, labels, data, fresh, method):
        self.capture = capture    # "boto3/ssm.PutParameter"
        self.labels = labels      # ["json.null Name", "header.drop_content_type"]
        self.data = data          # bytes on the wire
        self.fresh = fresh
        self.method = method      # as sent, for HEAD answers without a body

    def describe(self, limit=600):
        shown = self.data
        if len(shown) > limit:
            shown = shown[:limit] + b"...(%d bytes)" % len(self.data)
        return f"{self.capture} [{', '.join(self.labels)}]\n{shown!r}"


class Message:
    """A request as header lines and body bytes, assembled last so that framing can be broken."""

    def __init__(self, request, host):
        self.start = f"{request.method} {request.target} HTTP/1.1".encode("latin-1")
        self.headers = [(b"Host", host.encode())]
        for name, value in request.without("Host", "Content-Length", "Transfer-Encoding",
                                           "Connection"):
            self.headers.append((name.encode("latin-1"), value.encode("latin-1")))
        self.body = request.body
        self.framing = b"length"  # or b"none": the headers carry the framing themselves
        self.fresh = False

    def find(self, name):
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                return i
        return -1

    def set(self, name, value):
        i = self.find(name)
        if i < 0:
            self.headers.append((name, value))
        else:
            self.headers[i] = (self.headers[i][0], value)

    def drop(self, name):
        self.headers = [(n, v) for n, v in self.headers if n.lower() != name.lower()]

    def encode(self):
        lines = [self.start] + [n + b": " + v for n, v in self.headers]
        if self.framing == b"length" and (self.body or self.start.split(b" ")[0] in (b"POST",
                                                                                      b"PUT")):
            lines.append(b"Content-Length: %d" % len(self.body))
        return b"\r\n".join(lines) + b"\r\n\r\n" + self.body


def _is_json(request):
    return (request.header("Content-Type") or "").split(";")[0].strip() in JSON_TYPES


def _is_form(request):
    return (request.header("Content-Type") or "").startswith("application/x-www-form-urlencoded")


def resign(request, host, now=None):
    """Signs `request` again for `host` with the capture's key: body hash updated, the capture's
    invented session token dropped (nimbus did not issue it)."""
    if request.header("X-Amz-Security-Token") is not None:
        request.headers = request.without("X-Amz-Security-Token")
        auth = request.header("Authorization")
        head, _, signed = auth.partition("SignedHeaders=")
        names, _, rest = signed.partition(",")
        kept = ";".join(n for n in names.split(";") if n != "x-amz-security-token")
        request.set_header("Authorization", f"{head}SignedHeaders={kept},{rest}")
    sha = request.header("X-Amz-Content-SHA256")
    if sha is not None and len(sha) == 64:
        request.set_header("X-Amz-Content-SHA256", hashlib.sha256(request.body).hexdigest())
    return awsreq.sign(request, host, now=now)


# Body mutations: bytes, then JSON-aware, then form-aware. Each takes (rng, request) and changes
# request.body, returning a label.

def body_flip(rng, request):
    body = bytearray(request.body)
    for _ in range(rng.randint(1, 8)):
        if body:
            body[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
    request.body = bytes(body)
    return "body.flip"


def body_insert(rng, request):
    body = request.body
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(body))
        junk = rng.choice([bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))),
                           b"\x00", b"\xff\xfe", b"\r\n", b"{", b"]", b"\"", b"%", b"&", b"="])
        body = body[:at] + junk + body[at:]
    request.body = body
    return "body.insert"


def body_truncate(rng, request):
    request.body = request.body[:rng.randint(0, max(0, len(request.body) - 1))]
    return "body.truncate"


def body_replace(rng, request):
    request.body = rng.choice([b"", b"null", b"[]", b"1", b"\"x\"", b"{", b"{}{}",
                               b"\xef\xbb\xbf{}", "{}".encode("utf-16"), b"<xml/>", b"\x00" * 64,
                               b"%", b"&&&=", b"Action", b"Action=", request.body * 2])
    return "body.replace"


def _json_slots(value, slots):
    """Every (container, key) under `value`, depth first."""
    if isinstance(value, dict):
        for key in value:
            slots.append((value, key))
            _json_slots(value[key], slots)
    elif isinstance(value, list):
        for i in range(len(value)):
            slots.append((value, i))
            _json_slots(value[i], slots)


def _json_objects(value, found):
    if isinstance(value, dict):
        found.append(value)
    for child in value.values() if isinstance(value, dict) else value if isinstance(
            value, list) else ():
        _json_objects(child, found)


# A replacement for one JSON member: a Python value, or raw bytes spliced in as they are.
JSON_VALUES = [
    ("null", lambda rng: None),
    ("list_of_null", lambda rng: [None]),
    ("map_of_null", lambda rng: {"k": None}),
    ("huge_integer", lambda rng: rng.choice([9223372036854775808, -9223372036854775809, 2 ** 64,
                                              10 ** 30])),
    ("huge_number", lambda rng: rng.choice([b"1e400", b"-1e400", b"1" + b"0" * 400, b"-0",
                                            b"0.5", b"1E2"])),
    ("deep_nesting", lambda rng: (lambda depth, kind: kind[0] * depth + b"1" + kind[1] * depth)(
        rng.choice([64, 1000, 100000]), rng.choice([(b"[", b"]"), (b"{\"a\":", b"}")]))),
    ("wrong_type", lambda rng: rng.choice(["text", 0, -1, 1.5, True, False, [], {}, ["x"],
                                           {"x": "y"}, [[]], "99999999999999999999"])),
    ("mb_string", lambda rng: "a" * (1 << 20)),
    ("nul_in_string", lambda rng: rng.choice(["a\u0000b", "\u0000", "/a\u0000/b"])),
    ("lone_surrogate", lambda rng: rng.choice([b"\"\\ud800\"", b"\"\\udc00x\"",
                                               b"\"a\\ud800\\u0041\"", b"\"\\udfff\\ud800\""])),
    ("invalid_utf8", lambda rng: rng.choice([b"\"\xff\xfe\"", b"\"\xc0\x80\"", b"\"\xed\xa0\x80\"",
                                             b"\"a\x80\"", b"\"\xf4\x90\x80\x80\""])),
    ("control_in_string", lambda rng: rng.choice([b"\"a\x01b\"", b"\"\x1f\"", b"\"a\nb\""])),
    ("nonchar", lambda rng: rng.choice(["\ufffe", "\uffff", "a\ufffeb", "\u2028"])),
    ("empty", lambda rng: rng.choice(["", [], {}])),
]


def body_json(rng, request):
    try:
        doc = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        return body_flip(rng, request)
    if not isinstance(doc, dict):
        return body_flip(rng, request)
    slots = []
    _json_slots(doc, slots)
    action = rng.random()
    if action < 0.08 and slots:
        container, key = rng.choice(slots)
        del container[key]
        request.body = json.dumps(doc).encode()
        return f"json.drop {key}"
    if action < 0.12:
        request.body = json.dumps(doc)[:-1].encode() + (
            b", " if doc else b"") + b"\"Name\": \"dup\", \"Name\": 1}"
        return "json.duplicate_member"
    kind, make = rng.choice(JSON_VALUES)
    if slots and action < 0.75:
        container, key = rng.choice(slots)
    else:
        objects = []
        _json_objects(doc, objects)
        container, key = rng.choice(objects), rng.choice(COMMON_MEMBERS + ("Unknown",))
    container[key] = PLACEHOLDER
    value = make(rng)
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    request.body = json.dumps(doc).encode().replace(json.dumps(PLACEHOLDER).encode(), raw, 1)
    return f"json.{kind} {key}"


def _form_pairs(text):
    return [part.partition("=")[::2] for part in text.split("&") if part]


def _form_text(pairs):
    return "&".join(f"{k}={v}" if v is not None else k for k, v in pairs)


FORM_GARBAGE = ["%", "%z", "%zz", "%f", "%00", "%ff%fe", "%C0%80", "%ED%A0%80", "%EF%BF%BE",
                "%01", "%0D%0A", "%7F", "a%20%2", "+", "%2B%2b", "%F4%90%80%80", "%E2%80%A8"]


def mutate_form(rng, text):
    """One form-aware mutation of an urlencoded string; (new text, label)."""
    pairs = _form_pairs(text)
    action = rng.randrange(10)
    if action == 0 and pairs:
        i = rng.randrange(len(pairs))
        pairs.insert(i, (pairs[i][0], rng.choice([pairs[i][1], "other", ""])))
        return _form_text(pairs), f"form.repeat {pairs[i][0]}"
    if action == 1 and pairs:
        key = pairs.pop(rng.randrange(len(pairs)))[0]
        return _form_text(pairs), f"form.missing {key}"
    if action == 2 and pairs:
        i = rng.randrange(len(pairs))
        garbage = rng.choice(FORM_GARBAGE)
        if rng.random() < 0.7:
            pairs[i] = (pairs[i][0], pairs[i][1] + garbage)
        else:
            pairs[i] = (pairs[i][0] + garbage, pairs[i][1])
        return _form_text(pairs), f"form.percent_garbage {pairs[i][0]}"
    if action == 3:
        index = rng.choice(["0", "99999999", "-1", "1.1", "01", "4294967297", "", "x",
                            "18446744073709551616"])
        listed = [i for i, (k, _) in enumerate(pairs) if ".member." in k]
        if listed and rng.random() < 0.6:
            i = rng.choice(listed)
            head, _, tail = pairs[i][0].partition(".member.")
            rest = tail.partition(".")[2]
            pairs[i] = (f"{head}.member.{index}" + (f".{rest}" if rest else ""), pairs[i][1])
        else:
            name = rng.choice(FORM_LISTS)
            pairs.append((f"{name}.{index}" + rng.choice(["", ".Key", ".Value"]), "v"))
        return _form_text(pairs), f"form.member_index .{index}"
    if action == 4 and pairs:
        i = rng.randrange(len(pairs))
        pairs[i] = (pairs[i][0], "a" * rng.choice([1 << 16, 1 << 20]))
        return _form_text(pairs), f"form.huge_value {pairs[i][0]}"
    if action == 5:
        pairs = [(k, v) for k, v in pairs if k != "Action"]
        pairs.insert(0, ("Action", rng.choice(["", "NoSuchAction", "getcalleridentity", "%00",
                                               "GetCallerIdentity%00", "A" * 300, "Get%20Caller"])))
        return _form_text(pairs), "form.bad_action"
    if action == 6:
        pairs = [(k, v) for k, v in pairs if k != "Version"]
        pairs.append(("Version", rng.choice(["", "1999-01-01", "%ff", "2011-06-15%00"])))
        return _form_text(pairs), "form.bad_version"
    if action == 7:
        pairs.insert(rng.randint(0, len(pairs)), rng.choice([("Flag", None), ("", "v"), ("=", "="),
                                                              ("", None), ("a", "b=c")]))
        return _form_text(pairs), "form.shapeless_pair"
    if action == 8 and pairs:
        i = rng.randrange(len(pairs))
        pairs[i] = (pairs[i][0], rng.choice(["%00", "a%00b", "%01", "%EF%BF%BF", "%ED%B0%80"]))
        return _form_text(pairs), f"form.control_value {pairs[i][0]}"
    name = rng.choice(["Unknown", "Tags.member.1.Key", "DurationSeconds", "MaxItems", "NextToken",
                       "Policy"])
    pairs.append((name, rng.choice(["1", "-1", "99999999999999999999", "x", ""])))
    return _form_text(pairs), f"form.extra {pairs[-1][0]}"


def body_form(rng, request):
    text, label = mutate_form(rng, request.body.decode("latin-1"))
    request.body = text.encode("latin-1")
    return label


def query_form(rng, request):
    path, _, query = request.target.partition("?")
    text, label = mutate_form(rng, query)
    request.target = f"{path}?{text}"
    return "query." + label.partition(".")[2]


BODY_MUTATIONS = (body_flip, body_insert, body_truncate, body_replace)


def mutate_body(rng, request):
    if _is_json(request) and rng.random() < 0.7:
        return body_json(rng, request)
    if _is_form(request) and request.body and rng.random() < 0.7:
        return body_form(rng, request)
    if "?" in request.target and rng.random() < 0.5:
        return query_form(rng, request)
    if not request.body:
        request.body = rng.choice([b"{}", b"Action=GetCallerIdentity", b"\x00", b"x" * 1000])
        return "body.add"
    return rng.choice(BODY_MUTATIONS)(rng, request)


# Header and framing mutations: each takes (rng, message) and returns a label.

def header_drop_content_type(rng, m):
    m.drop(b"Content-Type")
    return "header.drop_content_type"


def header_content_type(rng, m):
    m.set(b"Content-Type", rng.choice([b"text/plain", b"application/json", b"application/xml",
                                       b"application/x-amz-json-9.9", b"", b"*/*",
                                       b"application/x-www-form-urlencoded; charset=utf-16",
                                       b"application/x-amz-json-1.0", b"multipart/form-data",
                                       b"application/x-amz-json-1.1; charset=latin-1"]))
    return "header.content_type"


def header_target(rng, m):
    current = m.headers[m.find(b"X-Amz-Target")][1] if m.find(b"X-Amz-Target") >= 0 else b"X"
    prefix = current.partition(b".")[0]
    m.set(b"X-Amz-Target", rng.choice([prefix + b".NoSuchOperation", prefix, prefix + b".", b"",
                                       b".GetParameter", current.lower(), current + b"x",
                                       b"AWSOrganizationsV20161128.ListAccounts",
                                       b"SWBExternalService.ListInstances",
                                       b"TrentService.CreateKey",
                                       b"AmazonSSM.GetParameters", b"A" * 5000, current + b" ",
                                       b"AmazonSSM..GetParameter"]))
    return "header.wrong_target"


CONTROL_BYTES = (b"\x00", b"\x01", b"\x08", b"\x0b", b"\x1b", b"\x7f", b"\r", b"\x0c")


def header_control_byte(rng, m):
    name = rng.choice([b"X-Amz-Target", b"Content-Type", b"Authorization", b"X-Amz-Date",
                       b"User-Agent", b"X-Probe"])
    i = m.find(name)
    value = m.headers[i][1] if i >= 0 else b"v"
    at = rng.randint(0, len(value))
    m.set(name, value[:at] + rng.choice(CONTROL_BYTES) + value[at:])
    m.fresh = True
    return f"header.control_byte {name.decode()}"


def header_control_in_target(rng, m):
    method, target, version = m.start.split(b" ")
    at = rng.randint(1, len(target))
    target = target[:at] + rng.choice(CONTROL_BYTES + (b"\xff", b"\x80", b"\t")) + target[at:]
    m.start = b" ".join([method, target, version])
    m.fresh = True
    return "header.control_in_target"


def header_content_length(rng, m):
    m.framing = b"none"
    m.fresh = True
    choice = rng.randrange(4)
    if choice == 0:
        m.headers.append((b"Content-Length", rng.choice([b"9223372036854775808", b"1000000000000",
                                                         b"99999999999999999999999",
                                                         b"18446744073709551615", b"67108865"])))
        m.body = b""
        return "header.huge_content_length"
    if choice == 1:
        m.headers.append((b"Content-Length", rng.choice([b"-1", b"abc", b"1 2", b"0x10", b"+5",
                                                         b"", b"%d,%d" % (len(m.body) + 1,
                                                                          len(m.body))])))
        return "header.bad_content_length"
    if choice == 2:
        m.headers.append((b"Content-Length", b"%d" % len(m.body)))
        m.headers.append((b"Content-Length", b"%d" % (len(m.body) + rng.choice([0, 1]))))
        return "header.double_content_length"
    m.headers.append((b"Content-Length", b"%d" % len(m.body)))
    m.headers.append((b"Transfer-Encoding", b"chunked"))
    m.body = _chunked(rng, m.body)
    return "header.length_and_chunked"


def _chunks(rng, body):
    """`body` in HTTP chunks of random sizes, without the last (empty) chunk."""
    out = b""
    while body:
        n = rng.randint(1, max(1, len(body)))
        out += b"%x%s\r\n%s\r\n" % (n, rng.choice([b"", b";ext=1", b";a"]), body[:n])
        body = body[n:]
    return out


def _chunked(rng, body):
    return _chunks(rng, body) + b"0\r\n" + rng.choice([b"", b"X-Trailer: t\r\n"]) + b"\r\n"


def header_chunked(rng, m):
    m.framing = b"none"
    m.headers.append((b"Transfer-Encoding", b"chunked"))
    if rng.random() < 0.5:
        m.body = _chunked(rng, m.body)
        return "header.chunked"
    m.fresh = True
    broken = rng.choice([b"zz\r\nabc\r\n0\r\n\r\n", b"-1\r\n\r\n0\r\n\r\n",
                         b"ffffffffffffffffff\r\n", b"5\r\nabcdefgh\r\n0\r\n\r\n",
                         b"3 \r\nabc\r\n0\r\n\r\n", b"3;\x01\r\nabc\r\n0\r\n\r\n",
                         b"0\r\nBad Trailer\r\n\r\n", b"4000001\r\n"])
    m.body = (_chunks(rng, m.body) if rng.random() < 0.5 else b"") + broken
    return "header.bad_chunked"


def header_transfer_encoding(rng, m):
    m.framing = b"none"
    m.fresh = True
    m.headers.append((b"Transfer-Encoding", rng.choice([b"gzip", b"gzip, chunked", b"identity",
                                                        b"chunked, identity", b"Chunked",
                                                        b"chunked, chunked", b""])))
    m.headers.append((b"Content-Length", b"%d" % len(m.body)))
    return "header.transfer_encoding"


def header_drop(rng, m):
    name = rng.choice([b"Host", b"Authorization", b"X-Amz-Date", b"X-Amz-Target",
                       b"X-Amz-Content-SHA256"])
    m.drop(name)
    return f"header.drop {name.decode()}"


def header_authorization(rng, m):
    i = m.find(b"Authorization")
    current = m.headers[i][1] if i >= 0 else b"AWS4-HMAC-SHA256 Credential=A/2/r/s/aws4_request"
    m.set(b"Authorization", rng.choice([
        b"", b"AWS4-HMAC-SHA256", b"AWS4-HMAC-SHA256 ", b"AWS4-HMAC-SHA256 Credential=",
        current[:rng.randint(0, len(current))], b"Bearer x", b"AWS AKID:sig",
        current.replace(b"/aws4_request", b""), current.replace(b"SignedHeaders=", b"Signed="),
        current.replace(b"Signature=", b"Signature=zz"), current + b", Signature=" + b"0" * 64,
        current.replace(b"/us-", b"//us-"), current.replace(b";host", b""),
        current.replace(b"Credential=", b"Credential=" + b"K" * 4000),
        b"AWS4-HMAC-SHA256 Credential=" + b"/" * 300 + b", SignedHeaders=;;;, Signature=="]))
    return "header.authorization"


def header_amz_date(rng, m):
    m.set(b"X-Amz-Date", rng.choice([b"", b"2026", b"20261322T000000Z", b"99999999T999999Z",
                                     b"20261122T020329", b"00000000T000000Z", b"20261122t020329z",
                                     b"Sun, 22 Nov 2026 02:03:29 GMT", b"-0261122T020329Z"]))
    return "header.amz_date"


def header_security_token(rng, m):
    m.set(b"X-Amz-Security-Token", rng.choice([b"", b"x", b"A" * 5000, b"\xff\xfe",
                                               b"FwoGZXIvYXdzEInvented"]))
    return "header.security_token"


def header_content_sha256(rng, m):
    m.set(b"X-Amz-Content-SHA256", rng.choice([b"", b"UNSIGNED-PAYLOAD", b"zz", b"0" * 64,
                                               b"STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                                               b"STREAMING-UNSIGNED-PAYLOAD-TRAILER"]))
    return "header.content_sha256"


def header_method(rng, m):
    method = rng.choice([b"GET", b"PUT", b"DELETE", b"PATCH", b"HEAD", b"OPTIONS", b"FOO", b"get",
                         b"TRACE", b"POST"])
    m.start = b" ".join([method] + m.start.split(b" ")[1:])
    m.fresh = True
    return f"header.method {method.decode()}"


def header_target_path(rng, m):
    method, target, version = m.start.split(b" ")
    target = rng.choice([b"/x", b"//", b"/%", b"/%zz", b"/..", b"/../../etc/passwd", b"*",
                         b"/" + b"a" * 8000, b"/?", b"/?&&=&", b"/#frag", b"http://h/", b"/%00",
                         target + b"?Action=GetCallerIdentity&Version=2011-06-15",
                         target + b"?x-id=Nope", b"/_nimbus/nope", b"/bucket/" + b"%2F" * 100,
                         target + b"/extra", target.replace(b"/", b"//")])
    m.start = b" ".join([method, target, version])
    m.fresh = True
    return "header.target_path"


def header_version(rng, m):
    version = rng.choice([b"HTTP/1.0", b"HTTP/0.9", b"HTTP/2.0", b"HTTP/1.1x", b"HTTP/9.9",
                          b"http/1.1", b"HTTP/1"])
    m.start = b" ".join(m.start.split(b" ")[:2] + [version])
    m.fresh = True
    return f"header.version {version.decode()}"


def header_expect(rng, m):
    m.set(b"Expect", rng.choice([b"100-continue", b"100-Continue", b"200-ok", b""]))
    return "header.expect"


def header_content_encoding(rng, m):
    m.set(b"Content-Encoding", rng.choice([b"gzip", b"aws-chunked", b"br", b"identity, gzip",
                                           b"deflate", b"aws-chunked,gzip"]))
    return "header.content_encoding"


def header_size(rng, m):
    m.fresh = True
    if rng.random() < 0.5:
        size = rng.choice([60 * 1024, 63 * 1024, 65 * 1024, 200 * 1024])
        m.headers.append((b"X-Big", b"a" * size))
        return f"header.huge {size}"
    count = rng.choice([100, 1000, 5000])
    m.headers.extend((b"X-H%d" % i, b"v") for i in range(count))
    return f"header.many {count}"


def header_line(rng, m):
    m.fresh = True
    m.headers.insert(rng.randint(1, len(m.headers)),
                     rng.choice([(b"Bad Header", b"x"), (b"", b"empty-name"), (b"X\x00Y", b"1"),
                                 (b" Folded", b"x"), (b"X-Ok", b"a\r\n b"), (b"X(", b"1")]))
    return "header.bad_line"


HEADER_MUTATIONS = (
    header_drop_content_type, header_content_type, header_target, header_control_byte,
    header_control_in_target, header_content_length, header_chunked, header_transfer_encoding,
    header_drop, header_authorization, header_amz_date, header_security_token,
    header_content_sha256, header_method, header_target_path, header_version, header_expect,
    header_content_encoding, header_size, header_line)


def make_mutant(seed, index, capture_list, host):
    """The mutant number `index` of the run `seed`: the same mutation whenever it is made again
    (only a fresh signature's date differs)."""
    rng = random.Random(f"{seed}:{index}")
    name, capture = capture_list[index % len(capture_list)]
    request = awsreq.Request(capture.method, capture.target, list(capture.headers), capture.body)
    labels = []
    mutate_headers = rng.random() < 0.45
    if not mutate_headers or rng.random() < 0.3:
        labels.append(mutate_body(rng, request))
        if rng.random() < 0.2:
            labels.append(mutate_body(rng, request))
    if rng.random() < 0.5:
        resign(request, host)
        labels.append("signed")
    message = Message(request, host)
    if mutate_headers:
        labels.append(rng.choice(HEADER_MUTATIONS)(rng, message))
        if rng.random() < 0.15:
            labels.append(rng.choice(HEADER_MUTATIONS)(rng, message))
    return Mutant(name, labels, message.encode(), message.fresh,
                  message.start.split(b" ")[0].decode("latin-1"))
