#!/usr/bin/env bash
# Builds the TweetBot's Lambda functions as provided.al2023 x86_64 zips with cargo-lambda:
#   target/lambda/find-tweet/bootstrap.zip
#   target/lambda/generate-message/bootstrap.zip
# Each zip holds one executable named `bootstrap`, linked by zig against an old glibc so that it
# runs on Amazon Linux 2023. Extra arguments go to `cargo lambda build` (e.g. `-p find-tweet`).
#
# Uses its own cargo target dir (target/lambda-build): a cross build in release mode shares
# nothing with the workspace's debug builds, and a separate dir never waits on their lock.
# Needs the pinned cargo-lambda and ziglang that scripts/setup-tools.sh installs in .tools/venv.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
venv="$root/.tools/venv"
if [ ! -x "$venv/bin/cargo-lambda" ] || ! "$venv/bin/python" -c 'import ziglang' 2>/dev/null; then
  "$root/scripts/setup-tools.sh"
fi
# cargo finds `cargo-lambda` on PATH; cargo-lambda finds zig as `python3 -m ziglang`.
export PATH="$venv/bin:$PATH"
cd "$root"
packages=(-p find-tweet -p generate-message)
for arg in "$@"; do
  case "$arg" in -p|--package|-p*|--package=*) packages=() ;; esac
done
# (CARGO_TARGET_DIR, not --target-dir: cargo-lambda 1.9.2 passes the latter on to
# `cargo metadata`, which refuses it.)
export CARGO_TARGET_DIR="$root/target/lambda-build"
# zigbuild's wrappers (whose paths cargo fingerprints) and zig's cache beside the build, as the
# toolkit keeps them: the same build under another HOME is then not a new one.
export CARGO_ZIGBUILD_CACHE_DIR="${CARGO_ZIGBUILD_CACHE_DIR:-$root/target/lambda-build/zigbuild}"
export ZIG_GLOBAL_CACHE_DIR="${ZIG_GLOBAL_CACHE_DIR:-$root/target/lambda-build/zig-cache}"
exec cargo lambda build --release --x86-64 --output-format zip --lambda-dir target/lambda \
  "${packages[@]}" "$@"
