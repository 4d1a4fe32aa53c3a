#!/usr/bin/env bash
# One command on a fresh machine: installs the pinned tools, starts the local AWS emulator
# (moto, on loopback) unless it already runs, and deploys the TweetBot's two stacks to it with
# the default deploy method (change sets). Then shows the stacks and their outputs.
#
# Afterwards, point your shell at the emulator and use the app's CLI:
#   eval "$(scripts/local-aws.sh env)"
#   cargo run -p tweetbot-app -- destroy --force     # clean up (the tweet table is kept)
#   scripts/local-aws.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-tools.sh
scripts/local-aws.sh start ${LOCAL_AWS_PORT:+--port "$LOCAL_AWS_PORT"}
eval "$(scripts/local-aws.sh env)"
cargo run -q -p tweetbot-app -- deploy --yes --outputs-file cdk.out/outputs.json "$@"
echo
cargo run -q -p tweetbot-app -- ls --long
echo
echo "The TweetBot runs on the local AWS at $AWS_ENDPOINT_URL."
echo "Use it from your shell with: eval \"\$(scripts/local-aws.sh env)\""
echo "Clean up with: cargo run -p tweetbot-app -- destroy --force && scripts/local-aws.sh stop"
