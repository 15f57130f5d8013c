#!/usr/bin/env bash
# The simulator's push rate on one WebSocket connection (issue 7): `runner sim` in its own process,
# one client that only reads and discards (Benchmarks/SimPush/main.swift, Glibc sockets), and
# `perf stat -e task-clock` on the simulator for the same seconds. Prints the frames/s the client
# received and the simulator's CPU per frame.
#
#   swift build -c release --product runner && Benchmarks/sim-push.sh [seconds] [events-per-tick] [runner]
set -euo pipefail
seconds=${1:-10}
events=${2:-50000}
root=$(cd "$(dirname "$0")/.." && pwd)
runner=${3:-"$root/.build/release/runner"}
port=${SIM_PUSH_PORT:-8484}
work=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$work"' EXIT
swiftc -O "$root/Benchmarks/SimPush/main.swift" -o "$work/reader"
"$runner" sim --port "$port" --sim-symbols XBTUSDTM --spot-symbols "" --events-per-tick "$events" > "$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q http "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
token=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/bullet-public" | sed 's/.*"token":"\([^"]*\)".*/\1/')
"$work/reader" "$port" "$token" "$seconds" /contractMarket/execution:XBTUSDTM /contractMarket/tickerV2:XBTUSDTM /contractMarket/level2:XBTUSDTM > "$work/reader.log" &
reader=$!
perf stat -e task-clock -p "$sim" -x, -o "$work/perf.log" -- sleep "$seconds"
wait $reader
cat "$work/reader.log"
frames=$(grep '^frames' "$work/reader.log" | cut -d' ' -f2)
clock=$(grep task-clock "$work/perf.log" | cut -d, -f1)
awk -v ms="$clock" -v frames="$frames" -v s="$seconds" \
    'BEGIN { printf "simulator: %.2f s CPU in %d s (%.2f cores), %.3f µs CPU per frame\n", ms / 1000, s, ms / 1000 / s, ms * 1000 / frames }'
