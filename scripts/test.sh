#!/usr/bin/env bash
# Runs every test of the workspace: unit tests, integration tests (snapshots, cfn-lint,
# asl-validator, the AWS CDK CLI, the local AWS emulator) and doctests. Installs the pinned
# external tools first (a no-op when they are there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-tools.sh
export AWS_EC2_METADATA_DISABLED=true
# --no-fail-fast: every failing test binary is reported, not only the first.
exec cargo test --workspace --no-fail-fast "$@"
