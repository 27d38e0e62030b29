#!/usr/bin/env python3
"""Save-to-served latency of `strata serve`: write a marker into a page, poll the
server until the page serves it, repeat. Usage:
  bench/latency.py SITE_ROOT PORT CONTENT_FILE URL_PATH [RUNS]
with `strata serve --root SITE_ROOT --port PORT` already running."""
import sys, time, urllib.request, os, statistics
root, port, page, url = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
path = os.path.join(root, page)
orig = open(path).read()
times = []
for i in range(int(sys.argv[5]) if len(sys.argv) > 5 else 10):
    marker = f"Latency marker {i} {time.time()}"
    text = orig.replace("\n\n", f"\n\n{marker}\n\n", 1)
    t0 = time.perf_counter()
    with open(path, "w") as f: f.write(text)
    while True:
        try:
            body = urllib.request.urlopen(f"http://127.0.0.1:{port}{url}").read().decode()
            if marker in body: break
        except Exception: pass
        time.sleep(0.002)
    times.append((time.perf_counter() - t0) * 1000)
    time.sleep(0.3)
open(path, "w").write(orig)
print("median %.1f ms, min %.1f, max %.1f over %d" % (statistics.median(times), min(times), max(times), len(times)))
