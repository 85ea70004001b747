#!/bin/sh
# Every benchmark with the old path beside the new, in one run: builds <commit> (default: main) in a
# temporary directory and points the baseline trials at it (BENCH_BASELINE_MAIN for the parser and
# editing rows, SIMPLE_BENCH_BASELINE for the index rows). Extra arguments go to bench/run.ts
# (`--only parser`, `--quick`).
#   bench/side-by-side.sh [commit] [-- bench args]
# The baseline uses this tree's node_modules and native addon (build/Release): it compares TypeScript.
set -e
commit=main
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  commit=$1
  shift
fi
[ "${1:-}" = "--" ] && shift
root=$(git rev-parse --show-toplevel)
short=$(git -C "$root" rev-parse --short "$commit")
dir=$(mktemp -d "${TMPDIR:-/tmp}/simple-lsp-baseline.XXXXXX")
git -C "$root" archive "$commit" | tar -x -C "$dir"
ln -s "$root/node_modules" "$dir/node_modules"
mkdir -p "$dir/build"
cp -r "$root/build/Release" "$dir/build/"
echo "building the baseline $commit ($short) in $dir" >&2
(cd "$dir" && "$root/node_modules/.bin/tsc" -p tsconfig.json)
main="$dir/out/server/src/main.js"
cd "$root"
BENCH_BASELINE_MAIN="$main" SIMPLE_BENCH_BASELINE="$main" SIMPLE_BENCH_BASELINE_NAME="$commit ($short)" \
  npm run bench -- "$@"
