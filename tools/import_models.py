#!/usr/bin/env python3
"""Copies the AWS service models nimbus implements out of botocore into models/.

It also writes models/partitions.json, the partitions (aws, aws-cn, aws-us-gov, ...) with their
regions and DNS suffixes, which is what ARNs and service hosts are built from.

Models come from the installed botocore, except for the services in RELEASES, which are pinned to
another botocore release (a model newer than the installed one): those are read from a git clone
of botocore at that release's tag (--botocore-git, or $BOTOCORE_GIT). models/VERSION says which
release each model comes from.

Documentation is stripped (it is most of the bytes and nimbus never shows it); everything that
shapes the wire or validation is kept. Patches in models/patches/<service>.json are merged on top,
each with a "why". Run it again after a botocore upgrade and commit the result:

    python3 tools/import_models.py            # writes models/
    python3 tools/import_models.py --check    # exits 1 if models/ differs from what it would write

The subcommand cfn-schemas imports the CloudFormation resource provider schemas from cfn-lint
instead (tools/cfn_schemas.py, models/cloudformation-schemas/README.md):

    python3 tools/import_models.py cfn-schemas [--check] [--user-guide GIT_DIR]
"""
import argparse
import gzip
import json
import os
import pathlib
import subprocess
import sys

import botocore

SERVICES = ["cloudformation", "ssm", "sso-admin", "sts", "iam", "organizations", "s3", "kms",
            "identitystore"]
# Services imported from another botocore release than the installed one, each with its reason.
RELEASES = {
    # DeploymentConfig (CreateStack, UpdateStack, CreateChangeSet), issue 10: newer than the
    # installed botocore's model.
    "cloudformation": "1.43.67",
}
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


MODEL_FILES = ("service-2.json", "paginators-1.json", "waiters-2.json")


def installed_model_files(service):
    """Returns {file name: parsed JSON} of the service's newest API version in installed botocore."""
    data = pathlib.Path(botocore.__file__).parent / "data" / service
    src = sorted(p for p in data.iterdir() if p.is_dir())[-1]
    files = {}
    for name in MODEL_FILES:
        for candidate in (src / name, src / f"{name}.gz"):
            if candidate.exists():
                files[name] = load(candidate)
                break
    return files


def git_model_files(git_dir, release, service):
    """Returns {file name: parsed JSON} of the service's newest API version in a botocore git
    clone at the tag of `release`."""
    def git(*args):
        return subprocess.run(["git", "-C", str(git_dir), *args], check=True,
                              capture_output=True, text=True).stdout

    listing = git("ls-tree", "--name-only", release, f"botocore/data/{service}/")
    src = sorted(listing.split())[-1]
    present = set(git("ls-tree", "--name-only", release, f"{src}/").split())
    return {name: json.loads(git("show", f"{release}:{src}/{name}"))
            for name in MODEL_FILES if f"{src}/{name}" in present}


def render(service, sources):
    """Returns {relative path: text} for one service, from sources(service)."""
    loaded = sources(service)
    files = {}
    model = strip(loaded["service-2.json"])
    patch_file = OUT / "patches" / f"{service}.json"
    if patch_file.exists():
        patch = load(patch_file)
        patch.pop("why", None)
        merge(model, patch.get("model", {}))
    files[f"{service}/service-2.json"] = json.dumps(model, separators=(",", ":"))
    for extra in MODEL_FILES[1:]:
        if extra in loaded:
            files[f"{service}/{extra}"] = json.dumps(strip(loaded[extra]), separators=(",", ":"))
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


def render_version():
    """models/VERSION: the installed release on the first line (what most models and
    partitions.json come from), then one line per service imported from another release."""
    lines = [f"botocore {botocore.__version__}"]
    lines += [f"{service} botocore {RELEASES[service]}" for service in SERVICES
              if service in RELEASES and RELEASES[service] != botocore.__version__]
    return {"VERSION": "\n".join(lines) + "\n"}


def import_botocore(args):
    version_file = OUT / "VERSION"
    pinned = version_file.read_text().split("\n")[0].split()[-1] if version_file.exists() else None
    if args.check and pinned and pinned != botocore.__version__:
        print(f"models/ are from botocore {pinned}, this machine has {botocore.__version__}: "
              "nothing to compare", file=sys.stderr)
        return 77
    git_dir = args.botocore_git or os.environ.get("BOTOCORE_GIT")
    files = render_version()
    skipped = []
    for service in SERVICES:
        release = RELEASES.get(service, botocore.__version__)
        if release == botocore.__version__:
            files.update(render(service, installed_model_files))
        elif git_dir:
            files.update(render(service, lambda s, r=release: git_model_files(git_dir, r, s)))
        elif args.check:
            skipped.append(f"{service} (botocore {release})")
        else:
            print(f"{service} is pinned to botocore {release}, not installed: pass --botocore-git "
                  "with a clone of botocore that has its tag", file=sys.stderr)
            return 2
    if skipped:
        print("not compared without --botocore-git:", ", ".join(skipped), file=sys.stderr)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", choices=["botocore", "cfn-schemas"],
                        default="botocore", help="what to import (default: the botocore models)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if models/ differs from what would be written")
    parser.add_argument("--botocore-git", help="a botocore git clone, for the services in RELEASES")
    parser.add_argument("--user-guide",
                        help="cfn-schemas: a git clone of awsdocs/aws-cloudformation-user-guide, "
                        "for the Ref and Fn::GetAtt table")
    args = parser.parse_args()
    if args.command == "cfn-schemas":
        import cfn_schemas  # noqa: PLC0415 (only this subcommand needs cfn-lint)
        return cfn_schemas.run(OUT / "cloudformation-schemas", args.check, args.user_guide)
    return import_botocore(args)


if __name__ == "__main__":
    sys.exit(main())
