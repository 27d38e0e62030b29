#!/usr/bin/env bash
# Load test of `strata serve`: wrk against 127.0.0.1 for DURATION seconds while a loop
# edits a page every EDIT_MS milliseconds (so rebuilds and snapshot swaps run under
# load). Prints requests/s, latency, errors and the number of rebuilds; exits 1 when
# any request failed (socket error or a status other than 2xx/3xx).
#
#   scripts/load-test.sh                 # the bundled site, 30 s, 2 threads, 32 connections
#   DURATION=60 CONNECTIONS=64 scripts/load-test.sh
#   STRATA=target/release/strata SITE=tests/fixtures/core/full scripts/load-test.sh
#
# Needs wrk (Debian: apt-get install wrk). Builds the release binary unless STRATA is set.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-30}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
EDIT_MS="${EDIT_MS:-200}"
SITE="${SITE:-$here}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
if [[ -z "${STRATA:-}" ]]; then
  (cd "$here" && cargo build --release --quiet)
  STRATA="$here/target/release/strata"
fi

work="$(mktemp -d)"
serve_pid=""
edit_pid=""
cleanup() {
  [[ -n "$edit_pid" ]] && kill "$edit_pid" 2>/dev/null || true
  [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A copy of the site's sources (not its output).
mkdir -p "$work/site"
for part in site.yaml content data templates static themes; do
  [[ -e "$SITE/$part" ]] && cp -r "$SITE/$part" "$work/site/"
done

# The URLs to request: every page and asset of a build of the same sources.
"$STRATA" build --root "$work/site" --output "$work/public" >/dev/null
base_path="$(sed -n 's/^base_url: *//p' "$work/site/site.yaml" | tr -d '"' | sed -E 's#^[a-z]+://[^/]+##')"
base_path="${base_path:-/}"
[[ "$base_path" == */ ]] || base_path="$base_path/"
(cd "$work/public" && find . -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.json' -o -name '*.xml' \) \
  | sed 's#^\./##' | sort | head -200) > "$work/paths.txt"
{
  echo 'paths = {'
  while read -r p; do printf '  "%s%s",\n' "$base_path" "${p%index.html}"; done < "$work/paths.txt"
  echo '}'
  cat <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
errors = 0
response = function(status, headers, body)
  if status >= 400 then
    errors = errors + 1
    if errors <= 5 then io.stderr:write("status " .. status .. "\n") end
  end
end
LUA
} > "$work/paths.lua"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
NO_COLOR=1 "$STRATA" serve --root "$work/site" --port "$port" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 200); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port$base_path" 2>/dev/null && break
  sleep 0.05
done
curl -fsS -o /dev/null "http://127.0.0.1:$port$base_path" || { echo "serve did not start"; cat "$work/serve.err"; exit 1; }

# The page to edit: the first tier page found.
page="$(find "$work/site/content" -mindepth 2 -name '*.md' | sort | head -1)"
original="$(cat "$page")"
(
  n=0
  while true; do
    n=$((n + 1))
    if (( n % 2 )); then
      # atomic save
      printf '%s\n\nLoad-test edit %d.\n' "$original" "$n" > "$page.tmp.$$"
      mv "$page.tmp.$$" "$page"
    else
      printf '%s\n\nLoad-test edit %d.\n' "$original" "$n" > "$page"
    fi
    sleep "$(awk "BEGIN { print $EDIT_MS / 1000 }")"
  done
) &
edit_pid=$!

echo "wrk: ${DURATION}s, ${THREADS} threads, ${CONNECTIONS} connections, $(wc -l < "$work/paths.txt") URLs, a page edited every ${EDIT_MS} ms"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/paths.lua" "http://127.0.0.1:$port" | tee "$work/wrk.out"

kill "$edit_pid" 2>/dev/null || true
wait "$edit_pid" 2>/dev/null || true
edit_pid=""
sleep 0.5
rebuilds="$(grep -c '^Rebuilt' "$work/serve.out" || true)"
failed="$(grep -c 'the build failed' "$work/serve.err" || true)"
edits_done="$(grep -o 'Load-test edit [0-9]*' "$page" | grep -o '[0-9]*' || echo 0)"
echo "edits: $edits_done, rebuilds: $rebuilds, failed builds: $failed"

non2xx="$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$work/wrk.out")"
socket="$(sed -n 's/.*Socket errors: *//p' "$work/wrk.out")"
echo "errors: non-2xx/3xx: ${non2xx:-0}; socket: ${socket:-none}"
if [[ -n "$non2xx" && "$non2xx" != 0 ]] || [[ -n "$socket" ]]; then
  echo "FAIL: requests failed under load" >&2
  exit 1
fi
echo "OK: no failed requests"
