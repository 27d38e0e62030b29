#!/usr/bin/env bash
# Runs every fuzz target (or those named) one after another for SECS seconds each
# (default 600) on the stable toolchain, seeded from fuzz/seeds/, and prints the
# executions and any crash per target. Crashes land in fuzz/artifacts/<target>/.
#
#   fuzz/run.sh                       # all targets, 10 minutes each
#   SECS=180 fuzz/run.sh table glossary
set -uo pipefail
cd "$(dirname "$0")"
SECS="${SECS:-600}"
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(frontmatter inline_html markdown_page site_page table glossary references serve_resolve)
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t: ${SECS}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$SECS" -dict=dicts/markdown.dict -print_final_stats=1 -rss_limit_mb=2048 \
    >"logs/$t.log" 2>&1
  status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "logs/$t.log" | tail -1)"
  cov="$(grep -aE '^#[0-9]+' "logs/$t.log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' )"
  echo "   exit $status, ${execs:-?} executions (${rate:-?}/s), ${cov:-}"
  ls "artifacts/$t" 2>/dev/null | sed 's/^/   artifact: /'
  if [[ $status -ne 0 ]]; then grep -a -m3 -E "panicked|ERROR: libFuzzer|SUMMARY" "logs/$t.log" | sed 's/^/   /'; fi
done
