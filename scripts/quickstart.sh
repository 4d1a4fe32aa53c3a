#!/usr/bin/env bash
# One command on a fresh machine: the tutorial's TweetBot, deployed to the local AWS and run.
#
#   1. installs the pinned tools (scripts/setup-tools.sh: moto, cargo-lambda with ziglang, ...)
#      and builds the app (its two binaries: a few minutes the first time);
#   2. starts the local AWS (moto on loopback, with the X API stand-in) unless it runs already;
#   3. bootstraps it (the toolkit's stack: the bucket deploy publishes assets to);
#   4. stores the stand-in's bearer token in the emulator's SSM (/tweetbot/bearer-token);
#   5. deploys the TweetBot's two stacks pointed at the stand-in (--twitter-api-url), building
#      its Rust functions with cargo-lambda first (minutes the first time, then only on a change);
#   6. runs the tutorial's execution (run --search-text ... --phone-number ...);
#   7. shows its result: the tweet found, the SMS texted, the tweet stored.
#
# Run it again at will: the stacks are then unchanged and nothing is uploaded again, and the
# execution ends in "Already Texted" (the tweet is stored already, so nobody is texted twice).
#
#   LOCAL_AWS_PORT=N          the emulator's port (default 4566; 0 picks a free one)
#   QUICKSTART_SEARCH_TEXT    the execution's search text (default "AWS Step Functions")
#   QUICKSTART_PHONE_NUMBER   the phone number texted (default +15554446666)
# Other arguments go to `deploy` (e.g. --method direct).
#
# Afterwards, point your shell at the emulator and use the app's CLI:
#   eval "$(scripts/local-aws.sh env)"
#   cargo run -p tweetbot-app -- run --search-text "Distributed Map" --phone-number +15554446666
#   cargo run -p tweetbot-app -- --twitter-api-url "$X_API_URL" deploy   # after a change (docs/tutorial.md)
#   cargo run -p tweetbot-app -- destroy --force     # clean up (the tweet table is kept)
#   scripts/local-aws.sh stop                        # the emulator forgets everything
set -euo pipefail
cd "$(dirname "$0")/.."
search_text=${QUICKSTART_SEARCH_TEXT:-AWS Step Functions}
phone_number=${QUICKSTART_PHONE_NUMBER:-+15554446666}
started=$SECONDS

step() {
  echo
  echo "== $*"
}

step "Tools (pinned)"
scripts/setup-tools.sh

step "Build: the app (cargo build -p tweetbot-app: its two binaries; minutes the first time)"
cargo build -p tweetbot-app

step "The local AWS"
scripts/local-aws.sh start ${LOCAL_AWS_PORT:+--port "$LOCAL_AWS_PORT"}
eval "$(scripts/local-aws.sh env)"
if [ -z "${X_API_URL:-}" ]; then
  echo "quickstart: the local AWS running has no X API stand-in (started by an older launcher?);" >&2
  echo "quickstart: restart it: scripts/local-aws.sh stop && scripts/quickstart.sh" >&2
  exit 1
fi

# The app's CLI, as the README's commands run it (built above, so cargo has nothing to do).
# Its settings are flags of every verb: each gets the stand-in's URL, which the deployed Find
# Tweet calls (another URL would be a change to deploy).
tweetbot() {
  cargo run -q -p tweetbot-app -- --twitter-api-url "$X_API_URL" "$@"
}

step "Bootstrap: the toolkit's stack and its bucket, where deploy puts the functions' code"
tweetbot bootstrap

step "The X API bearer token, in the emulator's SSM (as a SecureString; never in a template)"
scripts/local-aws.sh put-token

step "Deploy: builds the Rust functions (cargo-lambda), uploads them, deploys both stacks"
tweetbot deploy --yes --outputs-file cdk.out/outputs.json "$@"
echo
tweetbot ls --long

step "Run: the tutorial's execution (search \"$search_text\", text $phone_number)"
execution=quickstart-$(date +%Y%m%d-%H%M%S)-$$
tweetbot run --search-text "$search_text" --phone-number "$phone_number" --name "$execution"

step "The result"
echo "The tweet Find Tweet found (its result, from the execution's history):"
.tools/venv/bin/python - "$execution" <<'PY'
import json, sys, boto3
machine = json.load(open("cdk.out/outputs.json"))["TweetBot"]["StateMachineArn"]
arn = machine.replace(":stateMachine:", ":execution:") + ":" + sys.argv[1]
events = boto3.client("stepfunctions").get_execution_history(executionArn=arn, maxResults=1000)["events"]
exited = [e["stateExitedEventDetails"] for e in events if "stateExitedEventDetails" in e]
found = [json.loads(d["output"]).get("tweet") for d in exited if d["name"] == "Find Tweet"]
print(json.dumps(found[-1], indent=2, ensure_ascii=False) if found else "(Find Tweet did not finish)")
path = [d["name"] for d in exited]
if "Parallel" in path:
    print("A new tweet (Check Stored did not find it): texted and stored, in parallel.")
elif "Already Texted" in path:
    print("Stored already (Check Stored found it): the execution ended in Already Texted, no SMS sent.")
elif "No New Tweet" in path:
    print("No tweet matched, so the execution ended in No New Tweet.")
PY
echo
echo "Every SMS texted to $phone_number so far (SNS, as the emulator keeps them):"
scripts/local-aws.sh sms "$phone_number"
echo
echo "The tweets stored in tweetTable:"
scripts/local-aws.sh item tweetTable
echo
echo "Done in $((SECONDS - started)) s. The TweetBot runs on the local AWS at $AWS_ENDPOINT_URL."
echo "Run scripts/quickstart.sh again: the stacks are unchanged, and the tweet, stored already, is not texted again."
echo "Use the CLI from your shell with: eval \"\$(scripts/local-aws.sh env)\""
echo "Clean up with: cargo run -p tweetbot-app -- destroy --force && scripts/local-aws.sh stop"
