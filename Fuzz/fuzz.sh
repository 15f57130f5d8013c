#!/usr/bin/env bash
# Builds every libFuzzer target with -sanitize=fuzzer (and the address sanitizer) and runs each
# for a bounded time, printing libFuzzer's final execution count. Not part of CI.
#
#   Fuzz/fuzz.sh            # 90 s per target
#   Fuzz/fuzz.sh 300        # 300 s per target
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-90}"
targets=(FuzzKuCoinFuturesDecoder FuzzKuCoinSpotDecoder FuzzBinanceDecoder FuzzJSONReader)

swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$(swift build -c release --show-bin-path)"

for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    # Seed with the venues' own frames: libFuzzer mutates from real shapes.
    cp ../Tests/Conformance/Fixtures/*/ws/*.json "$corpus/" 2>/dev/null || true
    log="$(mktemp)"
    "$bin/$target" "$corpus" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 >"$log" 2>&1 || {
        grep -m1 -A12 -E 'runtime failure|ERROR: AddressSanitizer|ERROR: libFuzzer' "$log" || tail -40 "$log"
        echo "$target: FAILED (crash or precondition; the input is Fuzz/crash-*, replay it with $bin/$target crash-…)"; exit 1; }
    runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
    echo "$target: ${runs:-?} executions in ${seconds}s, no crash"
done
