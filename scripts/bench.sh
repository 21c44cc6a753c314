#!/usr/bin/env bash
# All benchmarks (not part of npm test): builds first, then runs each bench/*.bench.mjs in turn.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
for bench in bench/*.bench.mjs; do
  echo "== $bench"
  node "$bench" "$@"
done
