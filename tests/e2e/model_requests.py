"""One request per operation of the services nimbus emulates, built from their AWS models, so that
the mutation probe reaches every handler and not only the operations a client was captured
calling (stdlib only).

Each request carries the operation's required members, filled with the smallest values of their
types (strings as long as their minimum length, enums as their first value), in the wire form a
client would send: a JSON body with X-Amz-Target, or a Query form. It is signed like a capture
(fixed date; the probe signs again when it needs a fresh signature).
"""
import base64
import datetime
import json
import pathlib
import urllib.parse

import awsreq

MODELS = pathlib.Path(__file__).resolve().parents[2] / "models"
# The services with handlers (src/services, and CloudFormation); the others answer 501 after
# validation.
SERVICES = ("cloudformation", "identitystore", "kms", "organizations", "ssm", "sso-admin", "sts")
SIGNED_AT = datetime.datetime(2026, 11, 22, 2, 3, 29, tzinfo=datetime.timezone.utc)


def _value(shapes, name, depth=0):
    """The smallest value of shape `name` (a Python value; Query flattens it later)."""
    shape = shapes[name]
    kind = shape["type"]
    if kind == "string":
        return shape["enum"][0] if shape.get("enum") else "x" * max(1, shape.get("min", 1))
    if kind in ("integer", "long"):
        return max(1, shape.get("min", 1))
    if kind in ("double", "float"):
        return 1.0
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return 1767225600
    if kind == "blob":
        return base64.b64encode(b"x").decode()
    if kind == "list":
        return [] if depth > 4 else [_value(shapes, shape["member"]["shape"], depth + 1)]
    if kind == "map":
        return {} if depth > 4 else {
            _value(shapes, shape["key"]["shape"], depth + 1): _value(
                shapes, shape["value"]["shape"], depth + 1)}
    if kind == "structure" and depth <= 4:
        return {member: _value(shapes, shape["members"][member]["shape"], depth + 1)
                for member in shape.get("required", [])}
    return {}


def _flatten(prefix, value, out):
    """Query form pairs of `value` under `prefix` ("Tags.member.1.Key")."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, item, out)
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            _flatten(f"{prefix}.member.{i}", item, out)
    elif isinstance(value, bool):
        out.append((prefix, "true" if value else "false"))
    else:
        out.append((prefix, str(value)))


def _request(metadata, body, content_type, target):
    service = metadata.get("signingName") or metadata["endpointPrefix"]
    headers = [("Host", "127.0.0.1:4599"), ("Content-Type", content_type)]
    signed = "content-type;host;x-amz-date"
    if target:
        headers.append(("X-Amz-Target", target))
        signed += ";x-amz-target"
    headers.append(("Authorization", f"AWS4-HMAC-SHA256 Credential={awsreq.ACCESS_KEY}/20261122/"
                                     f"us-east-1/{service}/aws4_request, SignedHeaders={signed}, "
                                     "Signature=0"))
    request = awsreq.Request("POST", "/", headers, body)
    return awsreq.sign(request, "127.0.0.1:4599", now=SIGNED_AT)


def requests():
    """[(name, awsreq.Request)], one per operation, named "model/kms.CreateKey"."""
    found = []
    for service in SERVICES:
        model = json.loads((MODELS / service / "service-2.json").read_text())
        metadata, shapes = model["metadata"], model["shapes"]
        for op_name, op in sorted(model["operations"].items()):
            value = _value(shapes, op["input"]["shape"]) if "input" in op else {}
            if metadata["protocol"] == "json":
                request = _request(
                    metadata, json.dumps(value).encode(),
                    f"application/x-amz-json-{metadata.get('jsonVersion', '1.1')}",
                    f"{metadata['targetPrefix']}.{op_name}")
            else:
                pairs = [("Action", op_name), ("Version", metadata["apiVersion"])]
                _flatten("", value, pairs)
                request = _request(metadata, urllib.parse.urlencode(pairs).encode(),
                                   "application/x-www-form-urlencoded; charset=utf-8", None)
            found.append((f"model/{service}.{op_name}", request))
    return found
