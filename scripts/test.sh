#!/usr/bin/env bash
# Runs every test of the workspace: unit tests, integration tests (snapshots, cfn-lint,
# asl-validator, the AWS CDK CLI, the local AWS emulator) and doctests. Installs the pinned
# external tools first (a no-op when they are there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-tools.sh
export AWS_EC2_METADATA_DISABLED=true
exec cargo test --workspace "$@"
