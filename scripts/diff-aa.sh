#!/usr/bin/env bash
# A/A and A/B of `traceload diff` against the noise between fresh runs (issue 33's check).
#
# N runs of one small scenario one after the other (each a fresh embedded Milvus and collection);
# runs 1-3 are the base. Then:
#   - diff BASE1 BASE2 BASE3 RUN_i --fail-on-regression 10%  for every other run: an unchanged
#     run should exit 5 at most about 1 time in 17 (the gate's family rate is 1 in 20);
#   - runs with search.params.ef raised (EFS, default "128 256 512") against the same base: the
#     one that costs about 25% of throughput (its change is printed) should exit 5;
#   - diff RUN_4 RUN_5 (two single runs) --fail-on-regression 10%: exit 0, "between-run noise is
#     unknown"; and with --between-run-noise ALLOWANCE (default 8%).
#
# Usage: scripts/diff-aa.sh [RUNS] [OUT]   (RUNS default 20; OUT default /tmp/traceload-diff-aa)
# Environment: TRACELOAD (default .build/release/traceload), EFS, ALLOWANCE.
# Each run starts the embedded Milvus: on a shared machine wrap the whole script in
# `flock /tmp/traceload-milvus.lock scripts/diff-aa.sh`.
set -u
cd "$(dirname "$0")/.."
RUNS=${1:-20}
OUT=${2:-/tmp/traceload-diff-aa}
TL=${TRACELOAD:-.build/release/traceload}
EFS=${EFS:-128 256 512}
ALLOWANCE=${ALLOWANCE:-8%}
mkdir -p "$OUT"
SCENARIO="$OUT/aa.yaml"
# Small and steady: a sealed 10,000-row HNSW collection, 4 closed-loop workers searching for 15 s
# after a 3 s warm-up; tracing off (nothing but the searches on the machine).
cat > "$SCENARIO" <<'YAML'
name: diff-aa
milvus: embedded
collection:
  name: traceload_diff_aa
  dim: 64
  metric: L2
  index: { type: HNSW, params: { M: 16, efConstruction: 100 } }
dataset: { seed: 42, distribution: uniform, preload: 10000 }
tracing: { enabled: false }
phases:
  - { name: warmup, warmup: true, duration: 3s, workers: 4, mix: search }
  - { name: search, duration: 15s, workers: 4, mix: search, search: { topk: 10, params: { ef: 64 } } }
YAML
run_one() {  # name, extra args...
    local name=$1; shift
    [ -f "$OUT/$name/run.json" ] && return 0
    local start=$SECONDS
    "$TL" run "$SCENARIO" --out "$OUT/$name" "$@" > "$OUT/$name.log" 2>&1
    echo "$name: exit $? in $((SECONDS - start)) s"
}
for i in $(seq -w 1 "$RUNS"); do run_one "run$i"; done
for ef in $EFS; do run_one "ef$ef" --set "phases.search.search.params.ef=$ef"; done

summary="$OUT/summary.txt"
: > "$summary"
mkdir -p "$OUT/base"
for i in 01 02 03; do ln -sfn "$OUT/run$i" "$OUT/base/run$i"; done
flagged=0; compared=0
for i in $(seq -w 4 "$RUNS"); do
    "$TL" diff "$OUT/base" "$OUT/run$i" --fail-on-regression 10% > "$OUT/diff-run$i.md" 2> "$OUT/diff-run$i.err"
    code=$?
    compared=$((compared + 1)); [ $code -eq 5 ] && flagged=$((flagged + 1))
    echo "A/A run$i against run01-03: exit $code $(tr '\n' ' ' < "$OUT/diff-run$i.err")" >> "$summary"
done
echo "A/A: $flagged of $compared unchanged runs exited 5" >> "$summary"
for ef in $EFS; do
    "$TL" diff "$OUT/base" "$OUT/ef$ef" --fail-on-regression 10% > "$OUT/diff-ef$ef.md" 2> "$OUT/diff-ef$ef.err"
    code=$?
    change=$(grep '^| search | search | throughput_per_s |' "$OUT/diff-ef$ef.md" | cut -d'|' -f7 | tr -d ' ')
    echo "ef $ef against run01-03: throughput $change, exit $code $(tr '\n' ' ' < "$OUT/diff-ef$ef.err")" >> "$summary"
done
"$TL" diff "$OUT/run04" "$OUT/run05" --fail-on-regression 10% > "$OUT/diff-single.md" 2> "$OUT/diff-single.err"
echo "single run04 against run05: exit $? first line: $(head -1 "$OUT/diff-single.md")" >> "$summary"
"$TL" diff "$OUT/run04" "$OUT/run05" --fail-on-regression 10% --between-run-noise "$ALLOWANCE" \
    > "$OUT/diff-allowance.md" 2> "$OUT/diff-allowance.err"
echo "single with --between-run-noise $ALLOWANCE: exit $? $(tr '\n' ' ' < "$OUT/diff-allowance.err")" >> "$summary"
for ef in $EFS; do
    "$TL" diff "$OUT/run04" "$OUT/ef$ef" --fail-on-regression 10% --between-run-noise "$ALLOWANCE" \
        > "$OUT/diff-allowance-ef$ef.md" 2> "$OUT/diff-allowance-ef$ef.err"
    echo "ef $ef against run04 with --between-run-noise $ALLOWANCE: exit $? $(tr '\n' ' ' < "$OUT/diff-allowance-ef$ef.err")" >> "$summary"
done
# Each run's headline figures, for the record.
for d in "$OUT"/run* "$OUT"/ef*; do
    [ -f "$d/latency.csv" ] && echo "$(basename "$d"): $(grep '^search,search' "$d/latency.csv" | head -1)" >> "$summary"
done
cat "$summary"
