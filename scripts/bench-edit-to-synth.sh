#!/usr/bin/env bash
# Edit to finished synth, ours against AWS CDK's, in the same run (docs/performance.md, "The
# inner loop"). Each round changes one line (the table stack's description) and times until
# synth has written the cloud assembly:
#   rcdk: apps/tweetbot-app/src/lib.rs, then `cargo run -p tweetbot-app -- synth` (the app's main
#         binary, which links no AWS SDK, is rebuilt and synthesizes)
#   CDK:  bin/tweetbot.ts of a copy of apps/tweetbot-app/benches/cdk-ts, then `cdk synth`
#         (the app is `npx tsc && npx tsx bin/tweetbot.ts`, as the CLI's TypeScript template has it)
# Rounds alternate between the two so that both see the same load. lib.rs is restored on exit.
#
#   scripts/bench-edit-to-synth.sh [ROUNDS]      (default 7; needs scripts/setup-tools.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-7}
lib="$root/apps/tweetbot-app/src/lib.rs"
line='StackProps::default().description("TweetBot: the table of stored tweets")'
grep -qF "$line" "$lib" || { echo "bench-edit-to-synth: the line to edit is not in $lib" >&2; exit 1; }
[ -x "$root/tools/node_modules/.bin/cdk" ] && [ -d "$root/tools/node_modules/aws-cdk-lib" ] \
  || { echo "bench-edit-to-synth: run scripts/setup-tools.sh first" >&2; exit 1; }

work=$(mktemp -d)
backup="$work/lib.rs"
cp -p "$lib" "$backup"
restore() {
  # Put lib.rs back as it was, with a new time: cargo then rebuilds the app once more (an old
  # time would leave the last edit in the built app).
  cat "$backup" >"$lib"
  rm -rf "$work"
}
trap restore EXIT
trap 'exit 130' INT TERM

cp -r "$root/apps/tweetbot-app/benches/cdk-ts" "$work/cdk-ts"
ln -s "$root/tools/node_modules" "$work/cdk-ts/node_modules"
export PATH="$root/tools/node_modules/.bin:$PATH" CDK_DISABLE_CLI_TELEMETRY=true
ts="$work/cdk-ts/bin/tweetbot.ts"

now() { echo "${EPOCHREALTIME/,/.}"; }

rust_round() { # $1: the new description
  sed -i "s|description(\"TweetBot: the table of stored tweets[^\"]*\")|description(\"$1\")|" "$lib"
  local start end
  start=$(now)
  (cd "$root" && cargo run -p tweetbot-app -- synth --output "$work/rust.out") >"$work/rust.log" 2>&1 \
    || { cat "$work/rust.log" >&2; exit 1; }
  end=$(now)
  grep -q "$1" "$work/rust.out/TweetDataStore.template.json" || { echo "the edit is not in the template" >&2; exit 1; }
  # More than the app compiled (another change in the workspace), a wait for cargo's lock, or a
  # function asset rebuilt by synth: such a round measures something else, and says so.
  if grep -E 'Compiling|Blocking' "$work/rust.log" | grep -qv 'Compiling tweetbot-app '; then
    grep -E 'Compiling|Blocking' "$work/rust.log" | grep -v 'Compiling tweetbot-app ' | head -3 \
      | sed 's/^ */    (not only the app: /; s/$/)/' >&2
  fi
  local synth_ms
  synth_ms=$(sed -n 's/^Synthesized .* in \([0-9]*\) ms.*/\1/p' "$work/rust.log")
  if [ "${synth_ms:-0}" -gt 1000 ]; then
    echo "    (synth itself took $synth_ms ms: a function asset was rebuilt)" >&2
  fi
  echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }'
}

cdk_round() { # $1: the new description
  sed -i "s|description: 'TweetBot: the table of stored tweets[^']*'|description: '$1'|" "$ts"
  local start end
  start=$(now)
  (cd "$work/cdk-ts" && cdk synth --quiet --no-notices --no-version-reporting >/dev/null 2>"$work/cdk.err") \
    || { cat "$work/cdk.err" >&2; exit 1; }
  end=$(now)
  grep -q "$1" "$work/cdk-ts/cdk.out/TweetDataStore.template.json" || { echo "the edit is not in the template" >&2; exit 1; }
  echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }'
}

echo "warming up (a first build of the app, its functions and the CDK app's caches; not counted)"
rust_round "TweetBot: the table of stored tweets (warm-up)" >/dev/null
cdk_round "TweetBot: the table of stored tweets (warm-up)" >/dev/null

rust=() cdk=()
for i in $(seq 1 "$rounds"); do
  r=$(rust_round "TweetBot: the table of stored tweets (edit $i)")
  c=$(cdk_round "TweetBot: the table of stored tweets (edit $i)")
  printf 'round %2d   rcdk %6.3f s   AWS CDK %6.3f s\n' "$i" "$r" "$c"
  rust+=("$r") cdk+=("$c")
done

stats() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f", v[1], m }'; }
read -r rmin rmed <<<"$(stats "${rust[@]}")"
read -r cmin cmed <<<"$(stats "${cdk[@]}")"
printf 'edit-to-synth  rcdk     min %.3f s  median %.3f s\n' "$rmin" "$rmed"
printf 'edit-to-synth  AWS CDK  min %.3f s  median %.3f s\n' "$cmin" "$cmed"
awk -v r="$rmed" -v c="$cmed" 'BEGIN { printf "AWS CDK / rcdk (medians): %.1fx\n", c / r }'
