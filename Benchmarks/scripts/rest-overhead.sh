#!/usr/bin/env bash
# Runs the two REST loopback benchmarks alternately, ROUNDS times each (default 5),
# and prints every round's p50 and the median of the rounds with RestClient's
# overhead over raw AsyncHTTPClient. Alternating spreads any load from other
# processes over both sides; on a quiet machine one round is enough.
#
# Usage, from Benchmarks/: scripts/rest-overhead.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

swift build -c release --product CoreBenchmarks >/dev/null
for round in $(seq 1 "$rounds"); do
    for side in raw RestClient; do
        case "$side" in
            raw) filter='.*raw AsyncHTTPClient.*' ;;
            RestClient) filter='.*RestClient\.send.*' ;;
        esac
        echo "round $round: $side (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
        swift package benchmark run --target CoreBenchmarks --filter "$filter" --no-progress \
            >"$out/$side.$round.txt" 2>&1
    done
done

python3 - "$out" "$rounds" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def p50(path, metric):
    for line in open(path):
        if line.startswith("│ " + metric):
            cells = [c.strip() for c in line.strip().strip("│").split("│")]
            return float(cells[3])  # columns: metric, p0, p25, p50, ...
    raise SystemExit(f"no {metric!r} row in {path}")
rows = {}
for side in ("raw", "RestClient"):
    rows[side] = [(p50(f"{out}/{side}.{r}.txt", "Time (wall clock)"),
                   p50(f"{out}/{side}.{r}.txt", "Time (total CPU)"),
                   p50(f"{out}/{side}.{r}.txt", "Malloc (total)")) for r in range(1, rounds + 1)]
print("round  raw wall µs  RestClient wall µs  raw CPU µs  RestClient CPU µs")
for r in range(rounds):
    a, b = rows["raw"][r], rows["RestClient"][r]
    print(f"{r + 1:5d}  {a[0]:11.0f}  {b[0]:18.0f}  {a[1]:10.0f}  {b[1]:17.0f}")
med = {s: [statistics.median(x[i] for x in rows[s]) for i in range(3)] for s in rows}
raw, rc = med["raw"], med["RestClient"]
print(f"median p50 wall clock per request: raw {raw[0]:.0f} µs ({1e6 / raw[0]:.0f} req/s), "
      f"RestClient {rc[0]:.0f} µs ({1e6 / rc[0]:.0f} req/s): overhead {100 * (rc[0] / raw[0] - 1):+.1f} %")
print(f"median p50 CPU per request: raw {raw[1]:.0f} µs, RestClient {rc[1]:.0f} µs: overhead {100 * (rc[1] / raw[1] - 1):+.1f} %")
print(f"mallocs per request: raw {raw[2]:.0f}, RestClient {rc[2]:.0f} ({rc[2] - raw[2]:+.0f})")
PY
