"""import_models.py cfn-schemas: the CloudFormation resource provider schemas, and what Ref and
Fn::GetAtt return for each type, into models/cloudformation-schemas/.

Schemas: cfn-lint's us-east-1 set (cfn-lint keeps AWS's schemas, already without descriptions
and handlers), one file per type, stripped of what nimbus never reads, pretty-printed with sorted
keys so that an upgrade diffs type by type. The build compresses and embeds them
(cmake/EmbedCfnSchemas.cmake).

cfn-lint ships each schema with its own JSON patches already applied, and the patches beside
them. Those under patches/extensions/ add constraints CloudFormation's registry schema does not
have (enums, lengths, patterns and ranges from the service models, smithy.json; others by hand,
manual.json), which would make nimbus refuse what AWS takes (a Lambda runtime newer than
cfn-lint's list): unpatch() takes them off again. The value constraints among them (enum,
pattern, lengths, ranges) move under a "cfnLint" keyword of the same schema node, which the
validation does not read and the generated values do (a bucket name in lower case, an enum's
first value). It keeps format.json (formats, which nimbus does not validate but reads to shape
generated identifiers) and the patches under patches/providers/ (corrections of AWS's schemas:
JSON-string policies, JSON pointers).

Ref and Fn::GetAtt: each type's page in the archived AWS CloudFormation User Guide says, in
prose, what Ref returns ("returns the name of the SSM parameter"), and lists the Fn::GetAtt
attributes. classify_ref() turns the prose into the schema properties Ref returns, falling back
to the primaryIdentifier where the page is unclear; return-values.tsv records the result.
"""
import importlib
import importlib.metadata
import json
import pathlib
import re
import subprocess
import sys

CFN_LINT = "1.51.0"
REGION_MODULE = "cfnlint.data.schemas.providers.us_east_1"
# awsdocs/aws-cloudformation-user-guide: the commit before the one that emptied the repository.
USER_GUIDE_COMMIT = "19dc52cd3f2007d6d268b65b739ffb5ebf8c1e76"

# Documentation and tooling keywords, wherever a schema (not a map of names) is expected.
DROP = {"description", "markdownDescription", "title", "$comment", "$schema", "examples",
        "sourceUrl", "documentationUrl", "resourceLink", "relationshipRef", "lifecycle",
        "handlers", "permissions"}
# Keywords whose value maps names (properties, definitions) to schemas.
NAME_MAPS = {"properties", "definitions", "patternProperties", "dependencies"}
# Keywords whose value is data (values, JSON pointers, tagging flags), copied as is.
DATA = {"enum", "const", "default", "required", "readOnlyProperties", "createOnlyProperties",
        "writeOnlyProperties", "conditionalCreateOnlyProperties", "deprecatedProperties",
        "primaryIdentifier", "additionalIdentifiers", "tagging", "propertyTransform",
        "requiredXor", "requiredOr", "dependentRequired", "dependentExcluded", "uniqueKeys",
        "cfnLint"}


def strip_schema(node):
    if isinstance(node, list):
        return [strip_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in DROP:
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            out[key] = {name: strip_schema(sub) for name, sub in value.items()}
        elif key in DATA:
            out[key] = value
        else:
            out[key] = strip_schema(value)
    return out


# Patches under patches/extensions/ that unpatch() leaves applied.
KEPT_EXTENSIONS = {"format.json"}
# What unpatch() keeps of a constraint it takes off, under HINTS, to shape generated values.
HINTS = "cfnLint"
HINTED = {"enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems",
          "maxItems"}


def pointer_tokens(path):
    return [t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:]]


def take_off(schema, op):
    """Undoes one JSON-patch operation of cfn-lint's on `schema`; returns whether it could.
    An "add" is undone when the value is still the one it added (an add that replaced a value
    of AWS's cannot be told apart, and is undone too); a "remove" cannot be, its value is gone."""
    if op["op"] != "add":
        return False
    *parents, last = pointer_tokens(op["path"])
    node = schema
    for token in parents:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return False
    if isinstance(node, dict) and node.get(last, object()) == op["value"]:
        value = node.pop(last)
        if last in HINTED:
            node.setdefault(HINTS, {})[last] = value
        return True
    if isinstance(node, list) and node:
        index = len(node) - 1 if last == "-" else int(last) if last.isdigit() else len(node)
        if index < len(node) and node[index] == op["value"]:
            del node[index]
            return True
    return False


def unpatch(schema, patches_root, counts):
    """Takes cfn-lint's extension patches off `schema`, last applied first."""
    folder = patches_root / "extensions" / "all" / schema["typeName"].lower().replace("::", "_")
    files = sorted(f for f in folder.glob("*.json") if f.name not in KEPT_EXTENSIONS)
    for patch_file in reversed(files):
        with open(patch_file, encoding="utf-8") as f:
            ops = json.load(f)
        for op in reversed(ops):
            key = "undone" if take_off(schema, op) else f"kept ({op['op']})"
            counts[key] = counts.get(key, 0) + 1
    return schema


def file_name(type_name):
    """AWS::EC2::VPC -> AWS-EC2-VPC.json (no type name has a '-'; the build reverses this)."""
    return type_name.replace("::", "-") + ".json"


def load_schemas():
    """Returns {type name: stripped schema} of cfn-lint's us-east-1 set."""
    import cfnlint  # noqa: PLC0415

    root = pathlib.Path(cfnlint.__file__).parent / "data" / "schemas"
    types = importlib.import_module(REGION_MODULE).types
    schemas = {}
    counts = {}
    for type_name, digest in sorted(types.items()):
        # cfn-lint adds "Module", a stand-in for module types; only real types have three parts.
        if not re.fullmatch(r"[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+", type_name):
            continue
        with open(root / "resources" / f"{digest}.json", encoding="utf-8") as f:
            schema = strip_schema(unpatch(json.load(f), root / "patches", counts))
        if schema.get("typeName") != type_name:
            raise SystemExit(f"{digest}.json is {schema.get('typeName')}, not {type_name}")
        schemas[type_name] = schema
    print("cfn-lint's extension patches:",
          ", ".join(f"{n} {k}" for k, n in sorted(counts.items())), file=sys.stderr)
    return schemas


def licence_files():
    dist = importlib.metadata.distribution("cfn-lint")
    texts = {}
    for entry in dist.files or []:
        if entry.name in ("LICENSE", "NOTICE") and "licenses" in entry.parts:
            texts[entry.name] = entry.read_text()
    notice = (f"Resource provider schemas from cfn-lint {CFN_LINT} (aws-cloudformation/cfn-lint, "
              "MIT No Attribution, LICENSE here), us-east-1, documentation keywords removed.\n"
              "return-values.tsv: facts read from the AWS CloudFormation User Guide "
              f"(awsdocs/aws-cloudformation-user-guide at {USER_GUIDE_COMMIT[:8]}, CC BY-SA 4.0).\n"
              "\ncfn-lint's NOTICE:\n" + texts.get("NOTICE", "").rstrip("\n") + "\n")
    return {"LICENSE": texts["LICENSE"], "NOTICE": notice}


# ---- The user guide's "Return values" sections.

def read_pages(git_dir):
    """Returns the text of every page of the user guide at USER_GUIDE_COMMIT whose title is a
    resource type ("# AWS::S3::Bucket"): aws-resource-*.md, and a few older aws-properties-*.md."""
    def git(*args, stdin=None):
        return subprocess.run(["git", "-C", str(git_dir), *args], check=True, input=stdin,
                              capture_output=True).stdout

    names = git("ls-tree", "--name-only", USER_GUIDE_COMMIT, "doc_source/").decode().split()
    names = [n for n in names if re.match(r"doc_source/aws-(resource|properties)-.*\.md$", n)]
    batch = git("cat-file", "--batch",
                stdin="".join(f"{USER_GUIDE_COMMIT}:{n}\n" for n in names).encode())
    pages = {}
    pos = 0
    for _ in names:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        text = batch[header_end + 1:header_end + 1 + size].decode("utf-8")
        pos = header_end + 1 + size + 1
        title = re.match(r"# ([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)<a name", text)
        if title:
            pages[title.group(1)] = text
    return pages


def section(text, heading):
    """The prose under a "### <heading>" up to the next heading, on one line, without markup."""
    m = re.search(rf"^### {re.escape(heading)}<a[^\n]*\n(.*?)(?=^#|\Z)", text, re.S | re.M)
    if not m:
        return ""
    prose = re.sub(r'<a name="[^"]*"></a>', "", m.group(1)).replace("\\", "")
    return re.sub(r"\s+", " ", prose).strip()


def getatt_names(text):
    m = re.search(r"^### Fn::GetAtt<a.*?(?=^## |\Z)", text, re.S | re.M)
    if not m:
        return []
    return re.findall(r'^`([A-Za-z0-9_.]+)`\s*<a name="[^"]*-fn::getatt"></a>', m.group(0), re.M)


# What the page says Ref returns, by the earliest of these words in its first sentence.
KINDS = [
    ("arn", r"Amazon Resource Names?|\bARNs?\b|\b[Aa]rn\b|[a-z](Arn|ARN)\b"),
    ("physical-id", r"physical ?(resource ?)?(ID|Id|name|identifier)|\bresource name\b|"
                    r"primary identifier|unique identifier|generated ID"),
    ("url", r"\bURLs?\b|\bUrl\b"),
    ("ip", r"\bIP address"),
    ("name", r"\b[Nn]ames?\b|[a-z]Name\b"),
    ("id", r"\b(ID|Id|id)s?\b|[a-z](Id|ID)\b|\bidentifiers?\b"),
]
SUFFIXES = {"arn": ("Arn", "ARN"), "url": ("Url", "URL"), "ip": ("Ip",), "name": ("Name",),
            "id": ("Id", "ID", "Identifier")}


def top_level(pointers):
    return [p.split("/")[2] for p in pointers if p.count("/") == 2]


def describes(prop, suffix, clause):
    """Whether the clause names the thing `prop` belongs to: StatementName in "the statement
    name" or "the name of the prepared statement"."""
    stem = prop[:-len(suffix)].lower()
    squashed = re.sub(r"[^a-z]", "", clause.lower())
    owner = re.search(r"\bof (?:the |an? )?([\w ]+)", clause)
    return bool(stem) and (stem + suffix.lower() in squashed or
                           (owner is not None and
                            re.sub(r"[^a-z]", "", owner.group(1).lower()).endswith(stem)))


def pick(kind, type_name, schema, clause):
    """The one property that holds what `kind` names, or None."""
    props = schema.get("properties", {})
    resource = type_name.split("::")[2]
    for suffix in SUFFIXES[kind]:
        for candidate in (suffix, resource + suffix):
            if candidate in props:
                return [candidate]
    primary = top_level(schema.get("primaryIdentifier", []))
    if len(primary) > 1:
        # Ref returns most such types' parts joined; a single part only when the page names it.
        primary = [p for p in primary for suffix in SUFFIXES[kind]
                   if p.endswith(suffix) and describes(p, suffix, clause)]
    matching = [p for p in primary if p.endswith(SUFFIXES[kind])]
    if len(matching) == 1:
        return matching
    # Among the attributes, "name" and "ID" are too common to be taken without the page naming
    # their owner (MediaPackage::PackagingGroup has a read-only DomainName).
    matching = [p for p in top_level(schema.get("readOnlyProperties", []))
                for suffix in SUFFIXES[kind] if p.endswith(suffix) and
                (kind not in ("name", "id") or describes(p, suffix, clause))]
    return matching if len(matching) == 1 else None


def quoted_words(match):
    """What a `quoted` span of the page stands for in classify_ref: an identifier itself, an
    example ARN "ARN", a format with parts "|"; any other example nothing."""
    text = match.group(1)
    if re.fullmatch(r"[A-Za-z0-9]+", text):
        return match.group(0)
    if text.startswith("arn:"):
        return "ARN"
    return "|" if "|" in text else ""


def classify_ref(type_name, prose, schema):
    """Returns (properties Ref returns, what the page says it is, "page" or "primaryIdentifier")."""
    primary = top_level(schema.get("primaryIdentifier", []))
    if not prose:
        return primary, "absent", "primaryIdentifier"
    m = re.search(r"\breturns?\b(.*)", prose)
    clause = m.group(1) if m else prose
    clause = re.split(r"For more information|\. |For example|such as", clause)[0]
    clause = re.sub(r"`([^`]*)`", quoted_words, clause)
    props = schema.get("properties", {})
    lower = {p.lower(): p for p in props}
    named = []
    words = re.findall(r"`([A-Za-z0-9]+)`|\b([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)\b",
                       clause.replace("Amazon Resource Name", ""))
    for quoted, bare in words:
        prop = lower.get(quoted.lower()) if quoted else (bare if bare in props else None)
        if prop and prop not in named:
            named.append(prop)
    if len(named) > 1:
        return named, "composite", "page"
    if "|" in clause or re.search(r"combin|composite|delimit", clause) or \
            (" and " in clause and len(primary) > 1 and not named):
        return primary, "composite", "primaryIdentifier"
    if named:
        return named, "property", "page"
    found = [(m.start(), i, kind) for i, (kind, rx) in enumerate(KINDS)
             for m in [re.search(rx, clause)] if m]
    if not found:
        return primary, "unclear", "primaryIdentifier"
    kind = min(found)[2]
    chosen = None if kind == "physical-id" else pick(kind, type_name, schema, clause)
    if chosen is None:
        return primary, kind, "primaryIdentifier"
    return chosen, kind, "page"


def render_return_values(pages, schemas):
    lines = [
        "# What Ref returns, and the Fn::GetAtt attributes, per resource type: read from the type's",
        "# page (\"Return values\") in the archived AWS CloudFormation User Guide,",
        f"# awsdocs/aws-cloudformation-user-guide at {USER_GUIDE_COMMIT} (CC BY-SA 4.0),",
        "# by tools/import_models.py cfn-schemas. Do not edit; see README.md.",
        "# ref: the properties Ref returns, joined with '|' when several. returns: what the page",
        "# says (arn, name, id, url, ip, property, composite, physical-id; unclear, or absent when",
        "# the page has no Ref paragraph). source: page, or primaryIdentifier when the page names",
        "# no property of the schema. Types without a page are not listed: Ref returns their",
        "# primaryIdentifier. getatt: the page's Fn::GetAtt attributes.",
        "# type\tref\treturns\tsource\tgetatt",
    ]
    for type_name in sorted(pages):
        if type_name not in schemas:
            continue
        text = pages[type_name]
        ref, kind, source = classify_ref(type_name, section(text, "Ref"), schemas[type_name])
        lines.append("\t".join([type_name, "|".join(ref), kind, source,
                                ",".join(getatt_names(text))]))
    return "\n".join(lines) + "\n"


def run(out, check, user_guide):
    try:
        installed = importlib.metadata.version("cfn-lint")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != CFN_LINT:
        print(f"cloudformation-schemas/ are from cfn-lint {CFN_LINT}, this machine has "
              f"{installed}: nothing to compare" if check else
              f"cfn-lint {CFN_LINT} is needed, this machine has {installed}", file=sys.stderr)
        return 77 if check else 2
    schemas = load_schemas()
    files = {f"resources/{file_name(t)}": json.dumps(s, indent=1, sort_keys=True) + "\n"
             for t, s in schemas.items()}
    files.update(licence_files())
    if user_guide:
        files["return-values.tsv"] = render_return_values(read_pages(user_guide), schemas)
    elif check:
        print("return-values.tsv not compared without --user-guide", file=sys.stderr)
    else:
        print("--user-guide is needed to write return-values.tsv", file=sys.stderr)
        return 2
    stale = sorted(str(p.relative_to(out)) for p in (out / "resources").glob("*.json")
                   if str(p.relative_to(out)) not in files)
    if check:
        differs = [rel for rel, text in files.items()
                   if not (out / rel).exists() or (out / rel).read_text() != text]
        if differs or stale:
            print("cloudformation-schemas/ is stale:", ", ".join((differs + stale)[:10]),
                  f"({len(differs) + len(stale)} files)", file=sys.stderr)
            return 1
        return 0
    for rel in stale:
        (out / rel).unlink()
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    print(f"{len(schemas)} schemas", file=sys.stderr)
    return 0
