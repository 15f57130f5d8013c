#!/usr/bin/env bash
# Peak memory of `runner stream` for a 200,000-event run against the simulator in its own process.
# Prints peak VmRSS, and its anonymous (heap, stacks) and file-backed (shared code) parts, sampled
# every 20 ms from /proc, plus /usr/bin/time's maximum resident set size.
#
#   swift build -c release --product runner && Benchmarks/rss.sh [events]
set -euo pipefail
events=${1:-200000}
root=$(cd "$(dirname "$0")/.." && pwd)
runner="$root/.build/release/runner"
work=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/Plugins.yaml" <<YAML
venues:
  - id: kucoin-futures-sim
    plugin: KuCoinFutures
    environment: sim
    rest_url: http://127.0.0.1:8383
YAML
"$runner" sim --port 8383 --events-per-tick 25000 > "$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 50); do grep -q http "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
/usr/bin/time -v -o "$work/time.log" "$runner" stream kucoin-futures-sim --config "$work/Plugins.yaml" \
    --symbols XBTUSDTM --channels trades,ticker,book --limit "$events" > /dev/null &
time_pid=$!
sleep 0.05
pid=$(pgrep -P $time_pid || true)
anon=0 file=0 total=0
while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
    read -r a f t < <(awk '/RssAnon/{a=$2} /RssFile/{f=$2} /VmRSS/{t=$2} END{print a+0, f+0, t+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0 0")
    [ "$a" -gt "$anon" ] && anon=$a
    [ "$f" -gt "$file" ] && file=$f
    [ "$t" -gt "$total" ] && total=$t
    sleep 0.02
done
wait $time_pid
echo "events: $events"
echo "peak VmRSS: $((total / 1024)) MB (anonymous $((anon / 1024)) MB, file-backed $((file / 1024)) MB)"
grep -E "Maximum resident|Elapsed" "$work/time.log" | sed 's/^\t//'
