#!/usr/bin/env bash
# Measures the hotswap loop of docs/performance.md ("Hotswap") on a local AWS of its own:
#   1. an edit of a Rust handler (Generate Message: a log line added to its main.rs) to its new
#      code live, with `deploy --hotswap`: the function's rebuild (cargo-lambda, release),
#      synthesis, the zip's upload and UpdateFunctionCode, waited for;
#   2. the same edit through `deploy --watch`: from the file written to the round's end;
#   3. a state machine change (--wait 3s, then 5s, ...) with `deploy --hotswap`.
# Each is run RUNS times (default 3); the script prints every time and the median.
#
# It edits constructs/tweetbot/functions/generate-message/src/main.rs in place and restores it
# (also on failure or Ctrl-C). Needs the tools of scripts/setup-tools.sh. Usage:
#   scripts/measure-hotswap.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-3}
python=.tools/venv/bin/python
work=$(mktemp -d)
handler=constructs/tweetbot/functions/generate-message/src/main.rs
cp "$handler" "$work/main.rs.orig"
launcher=""
watcher=""
cleanup() {
  cp "$work/main.rs.orig" "$handler"
  [ -n "$watcher" ] && kill "$watcher" 2>/dev/null || true
  [ -n "$launcher" ] && kill "$launcher" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MOTO_PORT=$port "$python" scripts/local_aws.py -H 127.0.0.1 -p "$port" >"$work/local-aws.log" 2>&1 &
launcher=$!
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
until "$python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do sleep 0.2; done

# MEASURE_NO_BUILD=1 measures the binary as it is (when the checkout does not build right now).
[ -n "${MEASURE_NO_BUILD:-}" ] || cargo build -q -p tweetbot-app
# A copy: the shared target directory's binary may be rebuilt by others meanwhile.
# Under another name: the watch then takes it for an app it cannot rebuild and watches only the
# functions' crates, so that edits others make to the app in a shared checkout start no round.
cp "$root/target/debug/tweetbot-app" "$work/app-under-measure"
app="$work/app-under-measure"
out="$work/cdk.out"
"$app" -o "$out" bootstrap --progress events >/dev/null 2>&1
# Through CloudFormation, with the functions built as hotswaps build them (RustBuild::Quick).
"$app" -o "$out" deploy --hotswap-fallback --yes --progress events >/dev/null 2>&1

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
edit() { cp "$work/main.rs.orig" "$handler"; echo "// measured edit $1" >>"$handler"
  sed -i "s|generate_message::handle(&event.payload)|{ lambda_runtime::tracing::info!(\"edit $1\"); generate_message::handle(\&event.payload) }|" "$handler"; }

echo "== 1. Rust handler edit to new code live: deploy --hotswap (rebuild included)"
: >"$work/t1"
for i in $(seq 1 "$runs"); do
  edit "hotswap-$i-$$"
  start=$(now)
  "$app" -o "$out" deploy --hotswap --progress events >"$work/run.log" 2>&1 || { cat "$work/run.log"; exit 1; }
  t=$(echo "$(now) - $start" | bc)
  grep -q "UpdateFunctionCode" "$work/run.log" || { echo "no UpdateFunctionCode:"; cat "$work/run.log"; exit 1; }
  echo "  run $i: ${t} s"
  echo "$t" >>"$work/t1"
done
echo "  median: $(median <"$work/t1") s"

echo "== 2. the same edit through deploy --watch (file written to round done)"
: >"$work/t2"
"$app" -o "$out" deploy --watch --json --watch-rounds $((runs + 1)) >"$work/watch.jsonl" 2>"$work/watch.log" &
watcher=$!
until grep -q '"round_finished"' "$work/watch.jsonl" 2>/dev/null; do sleep 0.2; done
finished() { grep -c '"round_finished"' "$work/watch.jsonl" || true; }
for i in $(seq 1 "$runs"); do
  before=$(finished)
  start=$(now)
  edit "watch-$i-$$"
  until [ "$(finished)" -gt "$before" ]; do sleep 0.05; done
  t=$(echo "$(now) - $start" | bc)
  line=$(grep '"round_finished"' "$work/watch.jsonl" | tail -1)
  echo "$line" | grep -q '"ok":true' || { echo "$line"; cat "$work/watch.log"; exit 1; }
  parts=$(echo "$line" | "$python" -c 'import json, sys; e = json.load(sys.stdin); print("build and synth %.2f s, deploy %.2f s" % (e["synth_seconds"], e["deploy_seconds"]))')
  echo "  run $i: ${t} s ($parts)"
  echo "$t" >>"$work/t2"
done
wait "$watcher" || true
watcher=""
echo "  median: $(median <"$work/t2") s"
cp "$work/main.rs.orig" "$handler"

echo "== 3. state machine change: deploy --hotswap"
: >"$work/t3"
for i in $(seq 1 "$runs"); do
  start=$(now)
  "$app" -o "$out" --wait "$((i + 2))s" deploy --hotswap --progress events >"$work/run.log" 2>&1 || { cat "$work/run.log"; exit 1; }
  t=$(echo "$(now) - $start" | bc)
  grep -q "UpdateStateMachine" "$work/run.log" || { echo "no UpdateStateMachine:"; cat "$work/run.log"; exit 1; }
  echo "  run $i: ${t} s"
  echo "$t" >>"$work/t3"
done
echo "  median: $(median <"$work/t3") s"
