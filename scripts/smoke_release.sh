#!/usr/bin/env bash
# Starts a nimbus binary on a free port, checks that /_nimbus/health answers and that a signed
# GetCallerIdentity from the AWS CLI returns the default account, then stops it with SIGTERM.
# Used by .ci/run to keep the README's first command (the release build) honest.
set -euo pipefail
bin=${1:-build/release/src/nimbus}
log=$(mktemp)
"$bin" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$log" && break
  sleep 0.05
done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$log")
[[ -n "$port" ]] || { echo "smoke: nimbus did not start:"; cat "$log"; exit 1; }
python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "http://127.0.0.1:$port/_nimbus/health" | grep -q '"sts"' \
  || { echo "smoke: health check failed"; exit 1; }
account=$(AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \
  aws --endpoint-url "http://127.0.0.1:$port" sts get-caller-identity --query Account --output text)
[[ "$account" == "000000000000" ]] || { echo "smoke: GetCallerIdentity said '$account'"; exit 1; }
kill -TERM "$pid"
wait "$pid"
grep -q '^nimbus stopped$' "$log" || { echo "smoke: no clean stop:"; cat "$log"; exit 1; }
echo "smoke: $bin started, answered on port $port and stopped cleanly"
