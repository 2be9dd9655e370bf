"""What the Terraform end-to-end tests share: the offline hashicorp/aws mirror, a CLI config file
that installs the provider from it, and a terraform run that leaves the caller's AWS settings
out (the provider block alone says where nimbus is)."""
import os
import pathlib
import shutil
import subprocess

MIRROR = pathlib.Path(os.environ.get("NIMBUS_TF_MIRROR", "/opt/tf-plugins"))
PROVIDER_VERSION = "5.100.0"


def provider_available():
    return (shutil.which("terraform") is not None and
            (MIRROR / "registry.terraform.io" / "hashicorp" / "aws" / PROVIDER_VERSION).is_dir())


def write_terraformrc(workdir):
    """The CLI config run_terraform points at: hashicorp/aws from MIRROR only."""
    (workdir / "terraformrc").write_text(
        'provider_installation {\n'
        f'  filesystem_mirror {{\n    path = "{MIRROR}"\n'
        '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n')


def run_terraform(test, workdir, *args, ok=(0,), timeout=300):
    """`terraform args` in workdir; an exit code outside `ok` fails with the output and the last
    lines of the nimbus log of `test` (an EmulatorTestCase). `timeout`: seconds."""
    env = dict(os.environ, TF_CLI_CONFIG_FILE=str(workdir / "terraformrc"),
               TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1", TF_INPUT="0")
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(name, None)
    result = subprocess.run(["terraform", *args], cwd=workdir, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if ok is not None and result.returncode not in ok:
        raise AssertionError(f"terraform {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}\n--- nimbus log ---\n"
                             + "\n".join(test.nimbus.lines[-40:]))
    return result
