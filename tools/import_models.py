#!/usr/bin/env python3
"""Copies the AWS service models nimbus implements out of the installed botocore into models/.

It also writes models/partitions.json, the partitions (aws, aws-cn, aws-us-gov, ...) with their
regions and DNS suffixes, which is what ARNs and service hosts are built from.

Documentation is stripped (it is most of the bytes and nimbus never shows it); everything that
shapes the wire or validation is kept. Patches in models/patches/<service>.json are merged on top,
each with a "why". Run it again after a botocore upgrade and commit the result:

    python3 tools/import_models.py            # writes models/
    python3 tools/import_models.py --check    # exits 1 if models/ differs from what it would write
"""
import argparse
import gzip
import json
import pathlib
import sys

import botocore

SERVICES = ["cloudformation", "ssm", "sso-admin", "sts", "iam", "organizations", "s3", "kms",
            "identitystore"]
DROP_KEYS = {"documentation", "documentationUrl", "examples"}
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "models"


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP_KEYS}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def merge(base, patch):
    """Recursive dict merge; a value of null deletes the key."""
    for key, value in patch.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value


def load(path):
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def newest_version_dir(service):
    data = pathlib.Path(botocore.__file__).parent / "data" / service
    return sorted(p for p in data.iterdir() if p.is_dir())[-1]


def render(service):
    """Returns {relative path: text} for one service."""
    src = newest_version_dir(service)
    files = {}
    model = strip(load(src / "service-2.json.gz"))
    patch_file = OUT / "patches" / f"{service}.json"
    if patch_file.exists():
        patch = load(patch_file)
        patch.pop("why", None)
        merge(model, patch.get("model", {}))
    files[f"{service}/service-2.json"] = json.dumps(model, separators=(",", ":"))
    for extra in ("paginators-1.json", "waiters-2.json"):
        if (src / extra).exists():
            files[f"{service}/{extra}"] = json.dumps(strip(load(src / extra)), separators=(",", ":"))
    return files


def render_partitions():
    """Returns {"partitions.json": text}: only what core/partition.cc reads, in botocore's order
    (regions are matched before any regionRegex, in that order)."""
    source = load(pathlib.Path(botocore.__file__).parent / "data" / "partitions.json")
    partitions = []
    for partition in source["partitions"]:
        outputs = partition["outputs"]
        kept = {"id": partition["id"], "regionRegex": partition["regionRegex"],
                "regions": sorted(partition["regions"]), "dnsSuffix": outputs["dnsSuffix"]}
        if "dualStackDnsSuffix" in outputs:
            kept["dualStackDnsSuffix"] = outputs["dualStackDnsSuffix"]
        kept["implicitGlobalRegion"] = outputs["implicitGlobalRegion"]
        partitions.append(kept)
    return {"partitions.json": json.dumps({"partitions": partitions}, indent=1) + "\n"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    pinned = (OUT / "VERSION").read_text().split()[-1] if (OUT / "VERSION").exists() else None
    if args.check and pinned and pinned != botocore.__version__:
        print(f"models/ are from botocore {pinned}, this machine has {botocore.__version__}: "
              "nothing to compare", file=sys.stderr)
        return 77
    files = {"VERSION": f"botocore {botocore.__version__}\n"}
    for service in SERVICES:
        files.update(render(service))
    files.update(render_partitions())
    dist = pathlib.Path(botocore.__file__).parent.parent / f"botocore-{botocore.__version__}.dist-info"
    for name in ("LICENSE.txt", "LICENSE", "NOTICE"):
        for candidate in dist.rglob(name):
            files[name if name != "LICENSE.txt" else "LICENSE"] = candidate.read_text()
    differs = []
    for rel, text in files.items():
        path = OUT / rel
        if args.check:
            if not path.exists() or path.read_text() != text:
                differs.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if differs:
        print("models/ is stale:", ", ".join(differs), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
