"""Starts the real nimbus binary on a free port and hands tests real AWS clients for it.

Every test class gets its own server (fresh in-memory state). Set NIMBUS_BIN to the binary;
ctest does. Tests never assume port 4566, and each test uses its own resource names.
"""
import json
import os
import pathlib
import resource
import signal
import subprocess
import threading
import time
import unittest
import uuid

import boto3
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEST_KEY = "AKIAIOSFODNN7EXAMPLE"
TEST_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def nimbus_binary():
    env = os.environ.get("NIMBUS_BIN")
    if env:
        return env
    for preset in ("release", "debug"):
        candidate = ROOT / "build" / preset / "src" / "nimbus"
        if candidate.exists():
            return str(candidate)
    raise RuntimeError("nimbus binary not found: build it or set NIMBUS_BIN")


class Nimbus:
    """One running server. Its stdout lines (the access log) are kept in `lines`."""

    def __init__(self, *args, env=None, nofile=None):
        """`nofile`: (soft, hard) RLIMIT_NOFILE to start the process with."""
        full_env = dict(os.environ)
        full_env.update(env or {})
        limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, nofile)) if nofile else None
        self.proc = subprocess.Popen(
            [nimbus_binary(), "--port", "0", *args], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="backslashreplace", env=full_env,
            preexec_fn=limit)
        self.lines = []
        self.port = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
            if line.startswith("listening on "):
                self.port = int(line.strip().rsplit(":", 1)[1])
                break
        if self.port is None:
            self.proc.kill()
            raise RuntimeError("nimbus did not start: " + "\n".join(self.lines))
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def _drain(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, predicate, count=1, timeout=5):
        """The logged lines matching `predicate`, once at least `count` of them are there (or the
        timeout passed). A line is written after its answer is sent, so a test that has its
        answer must still wait for the line."""
        deadline = time.time() + timeout
        while True:
            found = [line for line in list(self.lines) if predicate(line)]
            if len(found) >= count or time.time() >= deadline:
                return found
            time.sleep(0.01)

    def stop(self):
        """SIGTERM, then the exit code (0 for a clean shutdown)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        return self.proc.returncode


class EmulatorTestCase(unittest.TestCase):
    """Base class: one nimbus per class; `nimbus_args` adds command-line options, `nimbus_nofile`
    starts it with that (soft, hard) descriptor limit."""

    nimbus_args = ()
    nimbus_env = {}
    nimbus_nofile = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nimbus = Nimbus(*cls.nimbus_args, env=cls.nimbus_env, nofile=cls.nimbus_nofile)
        cls.endpoint = cls.nimbus.endpoint

    @classmethod
    def tearDownClass(cls):
        code = cls.nimbus.stop()
        super().tearDownClass()
        if code != 0:
            raise AssertionError(f"nimbus exited with {code}:\n" + "\n".join(cls.nimbus.lines[-50:]))

    def client(self, service, region="us-east-1", access_key=TEST_KEY, secret_key=TEST_SECRET,
               session_token=None, **config):
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            aws_session_token=session_token,
            config=Config(retries={"max_attempts": 1}, **config))

    def aws(self, *args, region="us-east-1", access_key=TEST_KEY, secret_key=TEST_SECRET,
            check=True, session_token=None):
        """Runs the AWS CLI against this server; returns parsed JSON output (or None)."""
        env = dict(os.environ, AWS_ACCESS_KEY_ID=access_key, AWS_SECRET_ACCESS_KEY=secret_key,
                   AWS_DEFAULT_REGION=region, AWS_PAGER="", AWS_MAX_ATTEMPTS="1")
        env.pop("AWS_PROFILE", None)
        if session_token:
            env["AWS_SESSION_TOKEN"] = session_token
        result = subprocess.run(
            ["aws", "--endpoint-url", self.endpoint, "--output", "json", *args],
            capture_output=True, text=True, env=env, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stderr}")
        if not check:
            return result
        return json.loads(result.stdout) if result.stdout.strip() else None

    @staticmethod
    def unique(prefix="e2e"):
        return f"{prefix}-{uuid.uuid4().hex[:10]}"
