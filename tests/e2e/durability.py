"""The kill -9 probe, shared by tests/e2e/test_durability.py (a few cycles on the debug binary)
and bench/durability.py (25 cycles on the release binary).

Writer threads drive nimbus (started with --data-dir) through boto3: SSM PutParameter with
Overwrite, KMS CreateKey then TagResource, SSO Admin CreateInstance, CreatePermissionSet and
ProvisionPermissionSet, Organizations CreateAccount; the last three finish on the scheduler. Each
write is recorded before it is sent and again when it is acknowledged (a 2xx answer). At a seeded
random moment nimbus gets SIGKILL and is started again on the same directory. Then:

- lost: an acknowledged write that is not there with its acknowledged value;
- phantom: a stored value that was never sent, or stored twice (an SSM parameter may be at a
  later version than acknowledged only through a write that was sent and never answered);
- stuck: an operation still CREATE_IN_PROGRESS / IN_PROGRESS when the deadline passes, acknowledged
  or not (the scheduler should have resumed it);
- errors: an error answer while the server ran (the writers never send an invalid request).

Each cycle checks what the cycle before wrote; after the last kill, one more start checks what
every cycle wrote, then stops nimbus with SIGTERM.
"""
import contextlib
import os
import random
import sqlite3
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from harness import TEST_KEY, TEST_SECRET, Nimbus

VERSIONS_PER_NAME = 10  # below SSM's 100 kept versions, so every acknowledged one stays readable
# The account that owns the organization (an SSO account instance cannot be created there).
MANAGEMENT_ACCOUNT = "210987654321"


def error_code(e):
    return e.response["Error"]["Code"]


class Clients:
    """boto3 clients of one thread. A session per thread: sessions are not thread-safe, and one
    kept across cycles loads each service model once."""

    def __init__(self):
        self.session = boto3.session.Session()
        self.endpoint = None
        self.cache = {}

    def get(self, service, account=None):
        key = (service, account)
        if key not in self.cache:
            self.cache[key] = self.session.client(
                service, endpoint_url=self.endpoint, region_name="us-east-1",
                aws_access_key_id=account or TEST_KEY, aws_secret_access_key=TEST_SECRET,
                config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30))
        return self.cache[key]

    def use(self, endpoint):
        if endpoint != self.endpoint:
            self.endpoint = endpoint
            self.cache = {}


class Writer:
    """One thread's writes: `step` sends one unit of work and records it; `check` reads back
    what cycles >= `since` recorded, through `clients` of a live server, into `findings`."""

    kind = ""

    def __init__(self, index, run_id, rng):
        self.index = index
        self.run_id = run_id
        self.rng = rng
        self.sent = 0
        self.acked = 0
        self.clients = Clients()

    def call(self, client, operation, **kwargs):
        self.sent += 1
        answer = getattr(client, operation)(**kwargs)
        self.acked += 1
        return answer


class SsmWriter(Writer):
    kind = "ssm PutParameter"

    def __init__(self, index, run_id, rng):
        super().__init__(index, run_id, rng)
        self.seq = 0
        self.names = {}  # name -> {"cycle", "sent": set of values, "acked": {version: value}}

    def step(self, clients, cycle):
        name = f"/durability/{self.run_id}/w{self.index}/p{self.seq // VERSIONS_PER_NAME}"
        value = f"w{self.index}-{self.seq}"
        self.seq += 1
        record = self.names.setdefault(name, {"cycle": cycle, "sent": set(), "acked": {}})
        record["cycle"] = cycle
        record["sent"].add(value)
        version = self.call(clients.get("ssm"), "put_parameter", Name=name, Value=value,
                            Type="String", Overwrite=True)["Version"]
        record["acked"][version] = value

    def check(self, clients, since, findings):
        ssm = clients.get("ssm")
        for name, record in self.names.items():
            if record["cycle"] < since:
                continue
            stored = {}
            try:
                for page in ssm.get_paginator("get_parameter_history").paginate(Name=name):
                    for p in page["Parameters"]:
                        stored[p["Version"]] = p["Value"]
            except ClientError as e:
                if error_code(e) != "ParameterNotFound":
                    raise
            for version, value in sorted(record["acked"].items()):
                if stored.get(version) != value:
                    findings["lost"].append(
                        f"{name} version {version}: acknowledged {value!r}, "
                        f"stored {stored.get(version)!r}")
            values = list(stored.values())
            for version, value in sorted(stored.items()):
                if value not in record["sent"] or values.count(value) > 1:
                    findings["phantom"].append(f"{name} version {version}: {value!r}")


class KmsWriter(Writer):
    kind = "kms CreateKey+TagResource"

    def __init__(self, index, run_id, rng):
        super().__init__(index, run_id, rng)
        self.seq = 0
        self.keys = {}  # key id -> {"cycle", "tag": value sent or None, "tag_acked": bool}

    def step(self, clients, cycle):
        kms = clients.get("kms")
        self.seq += 1
        key = self.call(kms, "create_key", Description=f"durability {self.run_id} {self.seq}")
        key_id = key["KeyMetadata"]["KeyId"]
        record = self.keys[key_id] = {"cycle": cycle, "tag": f"v{self.seq}", "tag_acked": False}
        self.call(kms, "tag_resource", KeyId=key_id,
                  Tags=[{"TagKey": "probe", "TagValue": record["tag"]}])
        record["tag_acked"] = True

    def check(self, clients, since, findings):
        kms = clients.get("kms")
        for key_id, record in self.keys.items():
            if record["cycle"] < since:
                continue
            try:
                state = kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"]
            except ClientError as e:
                findings["lost"].append(f"kms key {key_id}: {error_code(e)}")
                continue
            if state != "Enabled":
                findings["lost"].append(f"kms key {key_id}: KeyState {state}")
            tags = kms.list_resource_tags(KeyId=key_id)["Tags"]
            expected = [{"TagKey": "probe", "TagValue": record["tag"]}]
            if record["tag_acked"] and tags != expected:
                findings["lost"].append(f"kms key {key_id}: acknowledged tag, stored {tags}")
            elif tags not in ([], expected):
                findings["phantom"].append(f"kms key {key_id}: tags {tags}")


class SsoWriter(Writer):
    kind = "sso-admin CreateInstance+ProvisionPermissionSet"

    def __init__(self, index, run_id, rng):
        super().__init__(index, run_id, rng)
        # account -> {"cycle", "instance": arn once acknowledged, "provision": request id}
        self.accounts = {}

    def step(self, clients, cycle):
        account = str(self.rng.randrange(10**11, 10**12))
        if account == MANAGEMENT_ACCOUNT or account in self.accounts:
            return
        record = self.accounts[account] = {"cycle": cycle, "instance": None, "provision": None}
        sso = clients.get("sso-admin", account)
        arn = self.call(sso, "create_instance", Name=f"durability-{account}")["InstanceArn"]
        record["instance"] = arn
        while sso.describe_instance(InstanceArn=arn)["Status"] == "CREATE_IN_PROGRESS":
            time.sleep(0.02)
        ps = self.call(sso, "create_permission_set", InstanceArn=arn, Name="Probe")
        status = self.call(sso, "provision_permission_set", InstanceArn=arn,
                           PermissionSetArn=ps["PermissionSet"]["PermissionSetArn"],
                           TargetType="AWS_ACCOUNT", TargetId=account)
        record["provision"] = status["PermissionSetProvisioningStatus"]["RequestId"]

    def check(self, clients, since, findings):
        for account, record in self.accounts.items():
            if record["cycle"] < since:
                continue
            sso = clients.get("sso-admin", account)
            instances = sso.list_instances()["Instances"]
            arns = [i["InstanceArn"] for i in instances]
            if record["instance"] and arns != [record["instance"]]:
                findings["lost"].append(f"sso instance {record['instance']}: listed {arns}")
            for instance in instances:
                if instance["Status"].endswith("IN_PROGRESS"):
                    findings["stuck"].append(f"sso instance {instance['InstanceArn']}: "
                                             f"{instance['Status']}")
                    continue
                running = sso.list_permission_set_provisioning_status(
                    InstanceArn=instance["InstanceArn"], Filter={"Status": "IN_PROGRESS"})
                for op in running["PermissionSetsProvisioningStatus"]:
                    findings["stuck"].append(f"sso provisioning {op['RequestId']}: IN_PROGRESS")
            if record["provision"] and record["instance"] in arns:
                done = sso.describe_permission_set_provisioning_status(
                    InstanceArn=record["instance"],
                    ProvisionPermissionSetRequestId=record["provision"],
                )["PermissionSetProvisioningStatus"]["Status"]
                if done not in ("SUCCEEDED", "IN_PROGRESS"):  # IN_PROGRESS is reported above
                    findings["lost"].append(f"sso provisioning {record['provision']}: {done}")


class OrganizationsWriter(Writer):
    kind = "organizations CreateAccount"

    def __init__(self, index, run_id, rng):
        super().__init__(index, run_id, rng)
        self.seq = 0
        self.requests = {}  # request id -> cycle

    def step(self, clients, cycle):
        self.seq += 1
        status = self.call(clients.get("organizations", MANAGEMENT_ACCOUNT), "create_account",
                           Email=f"w{self.index}-{self.seq}@{self.run_id}.example.com",
                           AccountName=f"durability-{self.seq}")["CreateAccountStatus"]
        self.requests[status["Id"]] = cycle

    def check(self, clients, since, findings):
        orgs = clients.get("organizations", MANAGEMENT_ACCOUNT)
        try:
            for page in orgs.get_paginator("list_create_account_status").paginate(
                    States=["IN_PROGRESS"]):
                for status in page["CreateAccountStatuses"]:
                    findings["stuck"].append(f"organizations {status['Id']}: IN_PROGRESS")
        except ClientError as e:
            findings["lost"].append(f"organization of {MANAGEMENT_ACCOUNT}: {error_code(e)}")
            return
        for request_id, cycle in self.requests.items():
            if cycle < since:
                continue
            try:
                state = orgs.describe_create_account_status(
                    CreateAccountRequestId=request_id)["CreateAccountStatus"]["State"]
            except ClientError as e:
                state = error_code(e)
            if state not in ("SUCCEEDED", "IN_PROGRESS"):  # stuck: reported above
                findings["lost"].append(f"organizations {request_id}: {state}")


def _empty_findings():
    return {"lost": [], "phantom": [], "stuck": [], "errors": []}


class Probe:
    """Runs `cycles` kill -9 cycles on `data_dir`; `seed` fixes the kill moments and names."""

    def __init__(self, data_dir, cycles, seed, kill_after=(0.5, 2.0), settle_seconds=15,
                 nimbus_args=("--async-delay-ms", "100"), log=None):
        self.data_dir = data_dir
        self.cycles = cycles
        self.rng = random.Random(seed)
        self.kill_after = kill_after
        self.settle_seconds = settle_seconds
        self.nimbus_args = ("--data-dir", data_dir, *nimbus_args)
        self.log = log or (lambda text: None)
        run_id = f"r{seed}x{self.rng.randrange(10**6)}"
        self.writers = [SsmWriter(0, run_id, random.Random(self.rng.random())),
                        SsmWriter(1, run_id, random.Random(self.rng.random())),
                        KmsWriter(2, run_id, random.Random(self.rng.random())),
                        SsoWriter(3, run_id, random.Random(self.rng.random())),
                        OrganizationsWriter(4, run_id, random.Random(self.rng.random()))]
        self.findings = _empty_findings()
        self.restart_seconds = []  # spawn -> "listening on", every start after a kill
        self.settle = []           # restart -> nothing stuck, every start after a kill
        self.acked_per_cycle = []  # {kind: writes acknowledged} per cycle
        self.unanswered = []       # writes sent and never answered, per kill
        self.pending_tasks = []    # scheduled tasks stored at the moment of each kill
        self.exit_code = None

    def run(self):
        for cycle in range(self.cycles + 1):
            started = time.perf_counter()
            server = Nimbus(*self.nimbus_args)
            if cycle > 0:
                self.restart_seconds.append(time.perf_counter() - started)
                self._settle(server, since=cycle - 1 if cycle < self.cycles else 0)
            if cycle == self.cycles:
                self.exit_code = server.stop()
                return self
            if cycle == 0:
                clients = Clients()
                clients.use(server.endpoint)
                clients.get("organizations", MANAGEMENT_ACCOUNT).create_organization(
                    FeatureSet="ALL")
            self._load(server, cycle)

    def _load(self, server, cycle):
        before = self._acked_by_kind()
        killed = threading.Event()
        threads = [threading.Thread(target=self._write, args=(w, server.endpoint, cycle, killed))
                   for w in self.writers]
        for t in threads:
            t.start()
        wait = self.rng.uniform(*self.kill_after)
        time.sleep(wait)
        killed.set()
        server.proc.kill()
        server.proc.wait()
        for t in threads:
            t.join()
        acked = {kind: n - before[kind] for kind, n in self._acked_by_kind().items()}
        self.acked_per_cycle.append(acked)
        self.unanswered.append(sum(w.sent - w.acked for w in self.writers) -
                               sum(self.unanswered))
        self.pending_tasks.append(self._stored_tasks())
        self.log(f"cycle {cycle + 1}: killed after {wait:.2f} s; acknowledged {acked}; "
                 f"unanswered {self.unanswered[-1]}; tasks pending {self.pending_tasks[-1]}")

    def _stored_tasks(self):
        """Rows of the scheduler's table in the killed server's database, read-only (SQLite
        recovers the WAL for the reader without writing the database)."""
        path = os.path.join(self.data_dir, "nimbus.db")
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("SELECT COUNT(*) FROM scheduled_tasks").fetchone()[0]

    def _acked_by_kind(self):
        totals = {w.kind: 0 for w in self.writers}
        for w in self.writers:
            totals[w.kind] += w.acked
        return totals

    def _write(self, writer, endpoint, cycle, killed):
        """Writes until the server is gone: the request in flight then stays unanswered."""
        writer.clients.use(endpoint)
        while True:
            try:
                writer.step(writer.clients, cycle)
            except Exception as e:  # noqa: BLE001 (any failure before the kill is a finding)
                if not killed.is_set():
                    self.findings["errors"].append(f"{writer.kind}: {type(e).__name__}: {e}")
                return

    def _settle(self, server, since):
        """Checks until nothing is stuck, or the deadline; keeps the last pass's findings."""
        clients = Clients()
        clients.use(server.endpoint)
        start = time.perf_counter()
        while True:
            found = _empty_findings()
            for writer in self.writers:
                writer.check(clients, since, found)
            elapsed = time.perf_counter() - start
            if not found["stuck"] or elapsed > self.settle_seconds:
                break
            time.sleep(0.1)
        self.settle.append(elapsed)
        for name in ("lost", "phantom", "stuck"):
            self.findings[name].extend(found[name])
        self.log(f"restart: lost {len(found['lost'])}, phantom {len(found['phantom'])}, "
                 f"stuck {len(found['stuck'])} after {elapsed:.2f} s of checks")

    def acknowledged(self):
        """Writes acknowledged per kind over all cycles."""
        return {kind: sum(c[kind] for c in self.acked_per_cycle) for kind in self._acked_by_kind()}
