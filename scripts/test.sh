#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, type-checks, lints and runs every test.
# Ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run --silent typecheck
npm run --silent lint
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
node scripts/test-summary.mjs test-artifacts/vitest.json
exit "$status"
