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


TERRAFORM_BLOCK = """terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "%s"
    }
  }
}
""" % PROVIDER_VERSION


def aws_provider(endpoint, services, account="AKIAIOSFODNN7EXAMPLE", alias=None, settings=()):
    """A provider "aws" block that sends `services` (("iam", "sts")) to nimbus at `endpoint` with
    the credentials of `account` (nimbus takes a 12-digit access key as the account id) and none
    of the checks that need AWS. `alias` names the block; `settings` are more of its lines
    ('s3_use_path_style = true')."""
    width = max(len(service) for service in services)
    lines = [f'alias = "{alias}"'] if alias else []
    lines += ['region                      = "us-east-1"',
              f'access_key                  = "{account}"',
              'secret_key                  = "test-secret"',
              'skip_credentials_validation = true',
              'skip_requesting_account_id  = true',
              'skip_metadata_api_check     = true',
              'skip_region_validation      = true',
              *settings,
              'endpoints {',
              *(f'  {service.ljust(width)} = "{endpoint}"' for service in services),
              '}']
    return 'provider "aws" {\n' + "".join(f"  {line}\n" for line in lines) + "}\n"


def write_config(workdir, providers, body):
    """workdir's CLI config (write_terraformrc) and its main.tf: TERRAFORM_BLOCK, which pins
    hashicorp/aws to PROVIDER_VERSION, then `providers` (aws_provider blocks) and `body`."""
    write_terraformrc(workdir)
    (workdir / "main.tf").write_text(TERRAFORM_BLOCK + "\n" + "\n".join(providers) + "\n" + body)
