#!/usr/bin/env bash
# Runs one fuzz target after copying the committed seeds into its (ignored) corpus.
# Usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
#   fuzz/run.sh front_matter 600
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: run.sh TARGET [SECONDS] [libFuzzer flags...]}"
secs="${2:-300}"
shift $(( $# >= 2 ? 2 : 1 ))
mkdir -p "$here/corpus/$target"
cp -n "$here/seeds/$target/"* "$here/corpus/$target/" 2>/dev/null || true
cd "$here"
dict=()
[ -f "$target.dict" ] && dict=(-dict="$here/$target.dict")
RUSTC_BOOTSTRAP=1 exec cargo fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$secs" -print_final_stats=1 "${dict[@]}" "$@"
