#!/usr/bin/env bash
# Benchmark Strata against the Markdown floor (and Hugo / Zola when on PATH).
#
#   bench/run.sh CORPUS_DIR [RUNS]
#
# CORPUS_DIR is the output of `gen_corpus.py N CORPUS_DIR --strata-links`
# (see bench/README.md).  RUNS defaults to 5 (plus WARMUP=1 untimed round).
#
# Environment:
#   WARMUP=n        untimed rounds first (default 1)
#   BENCH_TMP=dir   where output folders go (default: a fresh mktemp -d under $TMPDIR
#                   or /tmp; keep it on disk, not tmpfs, to compare with the issue's numbers)
#   SKIP_BUILD=1    do not run cargo build (use the existing release binaries)
#   STRATA=path     time this strata binary instead of target/release/strata
#   NO_HUGO=1 / NO_ZOLA=1   skip a competitor even if it is on PATH
#   HUGO=path / ZOLA=path   use that binary instead of the one on PATH
set -euo pipefail

usage() { echo "usage: $0 CORPUS_DIR [RUNS]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
CORPUS=$(cd "$1" && pwd)
RUNS=${2:-5}
WARMUP=${WARMUP:-1}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

for d in "$CORPUS/strata/site.yaml" "$CORPUS/mdbook/src"; do
  [[ -e $d ]] || { echo "$CORPUS does not look like a gen_corpus.py corpus (missing $d)" >&2; exit 2; }
done

if [[ -z ${SKIP_BUILD:-} ]]; then
  echo "building strata (release) and the floor..." >&2
  cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
  cargo build --release --quiet --manifest-path "$BENCH_DIR/floor/Cargo.toml"
fi
STRATA=${STRATA:-"$REPO/target/release/strata"}
FLOOR="$BENCH_DIR/floor/target/release/floor"
[[ -x $STRATA && -x $FLOOR ]] || { echo "missing $STRATA or $FLOOR (unset SKIP_BUILD)" >&2; exit 1; }

TMP=${BENCH_TMP:-$(mktemp -d "${TMPDIR:-/tmp}/strata-bench.XXXXXX")}
mkdir -p "$TMP"
cleanup() { [[ -n ${BENCH_TMP:-} ]] || rm -rf "$TMP"; }
trap cleanup EXIT

tools=(
  --tool "floor=$FLOOR $CORPUS/mdbook/src {out}"
  --tool "strata=$STRATA build --root $CORPUS/strata --output {out}"
)
HUGO=${HUGO:-$(command -v hugo || true)}
ZOLA=${ZOLA:-$(command -v zola || true)}
if [[ -n $HUGO && -z ${NO_HUGO:-} && -d $CORPUS/hugo ]]; then
  # --noBuildLock: do not write .hugo_build.lock into the corpus.
  tools+=(--tool "hugo=$HUGO --source $CORPUS/hugo --destination {out} --quiet --noBuildLock")
fi
if [[ -n $ZOLA && -z ${NO_ZOLA:-} && -d $CORPUS/zola ]]; then
  tools+=(--tool "zola=$ZOLA --root $CORPUS/zola build --output-dir {out} --force")
fi

pages=$(find "$CORPUS/mdbook/src" -name '*.md' ! -name SUMMARY.md | wc -l)
{
  echo "corpus: $CORPUS ($pages Markdown files)"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
  echo "strata: $STRATA; repo at $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet -- src 2>/dev/null || echo ' (+ uncommitted src changes)')"
  [[ -n $HUGO && -z ${NO_HUGO:-} ]] && echo "hugo: $("$HUGO" version 2>/dev/null | head -1)"
  [[ -n $ZOLA && -z ${NO_ZOLA:-} ]] && echo "zola: $("$ZOLA" --version 2>/dev/null | head -1)"
  [[ -z $HUGO ]] && echo "hugo: not on PATH (skipped)"
  [[ -z $ZOLA ]] && echo "zola: not on PATH (skipped)"
  echo "output: $TMP"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine skew wall times)"
  if awk -v n="$(nproc)" '{exit !($1 > n / 2)}' /proc/loadavg; then
    echo "WARNING: the machine is busy (1-min load > nproc/2): wall times will be inflated; compare CPU times and min wall"
  fi
} >&2

python3 "$BENCH_DIR/measure.py" --runs "$RUNS" --warmup "$WARMUP" --tmp "$TMP" \
  --label "### $(basename "$CORPUS"): $pages pages" "${tools[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
