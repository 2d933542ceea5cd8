#!/bin/sh
# Long fuzzing run: the property tests of tests/fuzz.rs (file decoding,
# front matter and Markdown, theme maps, whole corpora, anchoring), built
# with optimisations and run again and again with fresh random seeds until
# MINUTES have passed (default 30). Each run gives every property
# PROPTEST_CASES cases (default 5000). Stops at the first failure, which
# proptest records in tests/fuzz.proptest-regressions so `cargo test`
# replays it from then on.
#
#   tools/fuzz-long.sh [MINUTES]
set -eu
cd "$(dirname "$0")/.."
minutes=${1:-30}
cases=${PROPTEST_CASES:-5000}
bin=$(cargo test --release --test fuzz --no-run 2>&1 |
    sed -n 's/.*Executable tests\/fuzz.rs (\(.*\))/\1/p' | tail -n 1)
[ -x "$bin" ] || { echo "fuzz-long: could not build the fuzz tests" >&2; exit 2; }
props=$("$bin" --list 2>/dev/null | grep -c ': test$')
start=$(date +%s)
end=$((start + minutes * 60))
runs=0
while [ "$(date +%s)" -lt "$end" ]; do
    if ! PROPTEST_CASES=$cases "$bin" --test-threads=1 -q >/tmp/fuzz-long.$$ 2>&1; then
        cat /tmp/fuzz-long.$$
        echo "fuzz-long: FAILED in run $((runs + 1)) after $(( ($(date +%s) - start) / 60 )) min" >&2
        rm -f /tmp/fuzz-long.$$
        exit 1
    fi
    runs=$((runs + 1))
done
rm -f /tmp/fuzz-long.$$
elapsed=$(( $(date +%s) - start ))
echo "fuzz-long: $runs runs x $props properties x $cases cases = $((runs * props * cases)) cases in $((elapsed / 60)) min $((elapsed % 60)) s, all passed"
