#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time over the seed corpora.
#   cmake --preset fuzz -B build/fuzz && cmake --build build/fuzz --target nimbus_fuzzers
#   tests/fuzz/run.sh [SECONDS_PER_TARGET=60] [BUILD_DIR=build/fuzz] [TARGET...]
# The corpus grows in BUILD_DIR/corpus/<target>; crashes land in BUILD_DIR/artifacts/<target>/
# (reproduce one with `BUILD_DIR/tests/fuzz/<target> <file>`). Exits non-zero if any target
# found a crash, leak or timeout.
set -euo pipefail
seconds="${1:-60}"
build="${2:-build/fuzz}"
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_query_decoder fuzz_json_decoder fuzz_xml fuzz_sigv4)
here="$(cd "$(dirname "$0")" && pwd)"

python3 "$here/make_corpus.py" "$build/seeds" > /dev/null
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  case "$target" in
    fuzz_query_decoder) dict=query ;; fuzz_json_decoder) dict=json ;;
    fuzz_xml) dict=xml ;; *) dict=sigv4 ;;
  esac
  echo "== $target: ${seconds}s"
  if ! "$build/tests/fuzz/$target" "$corpus" "$build/seeds/$target" \
      -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -dict="$here/dicts/$dict.dict" -artifact_prefix="$artifacts/" > "$build/$target.log" 2>&1; then
    status=1
    echo "   FAILED: see $build/$target.log and $artifacts/"
    grep -E "ERROR|SUMMARY|runtime error|terminate" "$build/$target.log" | head -5 | sed 's/^/   /'
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE" "$build/$target.log" \
    | sed 's/^/   /' || true
done
exit "$status"
