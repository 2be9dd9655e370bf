#!/usr/bin/env bash
# Installs what nimbus needs to build and to run its tests on a fresh Debian 12 machine:
# the compiler toolchain and libraries (Debian packages) and the JS SDK v3 and the AWS CDK for the
# end-to-end tests (npm). Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libre2-dev libsqlite3-dev libssl-dev libyaml-cpp-dev zlib1g-dev
  libgtest-dev libgmock-dev
)
# Not needed for building or testing, so not installed here: clang and libclang-rt-14-dev for
# the fuzz preset (tests/fuzz/README.md), wrk and nginx-light for the benchmarks (bench/README.md).

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Interpreters and clients are checked by command, not by package: the machine image brings its
# own Node.js, npm and Python (Debian's npm package would conflict with that Node.js).
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# boto3 and the AWS CLI come with the machine image; fall back to Debian's packages elsewhere.
python3 -c "import boto3" 2>/dev/null || missing+=(python3-boto3)
python3 -c "import cryptography" 2>/dev/null || missing+=(python3-cryptography)
command -v aws >/dev/null 2>&1 || missing+=(awscli)

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Every client tests/e2e/js/package.json lists, so that a client added later is installed too.
if ! (cd tests/e2e/js && node -e 'const fs = require("fs");
  for (const name in require("./package.json").dependencies) {
    if (!fs.existsSync("node_modules/" + name)) process.exit(1);
  }'); then
  echo "setup: installing the JS SDK v3 clients for the end-to-end tests"
  (cd tests/e2e/js && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
fi
# The CDK CLI and library for tests/e2e/test_cdk.py; the test runs them offline (no notices,
# version check or telemetry), so nothing after this step needs the network.
if [ ! -x tests/e2e/cdk/node_modules/.bin/cdk ] || [ ! -d tests/e2e/cdk/node_modules/aws-cdk-lib ]; then
  echo "setup: installing the AWS CDK for the end-to-end tests"
  (cd tests/e2e/cdk && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
fi
echo "setup: done"
