#!/usr/bin/env bash
# Installs the pinned external tools the project needs into project-local folders:
#   .tools/venv           Python virtualenv with moto[server], cfn-lint, checkov, and cargo-lambda with
#                         ziglang (which build the Rust Lambda functions for provided.al2023:
#                         constructs/tweetbot/functions/build.sh) (tools/requirements.txt)
#   tools/node_modules    asl-validator, the AWS CDK CLI, and aws-cdk-lib, constructs, typescript and
#                         tsx for the AWS CDK benchmark fixture (apps/tweetbot-app/benches/cdk-ts)
#                         (tools/package.json, tools/package-lock.json)
# Idempotent: a second run only checks that everything is there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.tools/venv"
stamp="$venv/.requirements"

# What the tools are installed with: Python's venv and Node.js's npm. As root on Debian (a fresh
# CI machine) they are installed; otherwise a missing one is named, with the package to install.
need() { # need CHECK PACKAGES...
  local check=$1
  shift
  if bash -c "$check" >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup-tools: installing $* (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" </dev/null
  else
    echo "setup-tools: missing prerequisite: install $* (e.g. sudo apt-get install $*), then run this again" >&2
    exit 1
  fi
}
need "python3 -m venv --help" python3-venv
need "command -v npm" nodejs npm

if [ ! -x "$venv/bin/python" ]; then
  echo "setup-tools: creating virtualenv $venv"
  python3 -m venv "$venv"
fi
if ! cmp -s "$root/tools/requirements.txt" "$stamp" 2>/dev/null \
  || [ ! -x "$venv/bin/cargo-lambda" ] || ! "$venv/bin/python" -c 'import ziglang' 2>/dev/null; then
  echo "setup-tools: installing Python tools (moto, cfn-lint, checkov, cargo-lambda, ziglang)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tools/requirements.txt"
  cp "$root/tools/requirements.txt" "$stamp"
fi

npm_stamp="$root/tools/node_modules/.rcdk-package-lock"
if [ ! -x "$root/tools/node_modules/.bin/asl-validator" ] || [ ! -x "$root/tools/node_modules/.bin/cdk" ] \
  || ! cmp -s "$root/tools/package-lock.json" "$npm_stamp" 2>/dev/null; then
  echo "setup-tools: installing npm tools (asl-validator, aws-cdk, aws-cdk-lib, typescript, tsx)"
  if [ -f "$root/tools/package-lock.json" ]; then
    (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$root/tools" && npm install --no-audit --no-fund --loglevel=error)
  fi
  cp "$root/tools/package-lock.json" "$npm_stamp"
fi
echo "setup-tools: ready"
