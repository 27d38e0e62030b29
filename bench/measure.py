#!/usr/bin/env python3
"""Time several site builds, interleaved, and print a Markdown table.

Called by bench/run.sh; usable on its own:

  measure.py --runs 5 --warmup 1 --tmp DIR \
      --tool 'floor=/path/floor IN {out}' \
      --tool 'strata=/path/strata build --root SITE --output {out}' ...

Each --tool is NAME=COMMAND; `{out}` is replaced by a fresh output folder under --tmp.
Before every run the previous output is moved aside (a rename, outside the timed region)
and every old output is deleted only after the last run: on ext4 without a journal
(these machines) creating files soon after many were deleted is several times slower in
the kernel, as the allocator steps over recently freed inodes, and the tool run after a
deletion would pay for it.  `--delete-between` restores deleting before every run.  The first tool is the floor:
every other row gets its ratios against it.  Rounds are interleaved (every tool once per
round, in order) so that drift on the machine affects all tools alike.

Per run: wall time (time.perf_counter around fork/exec/wait), CPU time (user + sys,
from os.wait4's rusage, which covers the process and any children it waited for) and
peak RSS (GNU time's %M when /usr/bin/time exists, else wait4's ru_maxrss).  A run that exits non-zero stops
the benchmark and prints the tool's stderr: a failed build is a bug, not a number.
"""
import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time


GNU_TIME = "/usr/bin/time"


TRASH = []


def clear(out_dir, delete_now):
    if not os.path.exists(out_dir):
        return
    if delete_now:
        shutil.rmtree(out_dir)
        return
    aside = f"{out_dir.rstrip('/')}.old-{len(TRASH)}"
    os.rename(out_dir, aside)
    TRASH.append(aside)


def run_once(argv, out_dir, delete_now=False):
    clear(out_dir, delete_now)
    # Write back what earlier runs left dirty, so no run pays for another's output.
    os.sync()
    err_path = out_dir.rstrip("/") + ".stderr"
    rss_path = out_dir.rstrip("/") + ".maxrss"
    # ru_maxrss survives exec, so a child forked from this Python process would report
    # at least Python's own RSS (~15 MiB).  GNU time is a small C program: its child's
    # %M is the tool's own peak.  Without it, fall back to wait4's ru_maxrss.
    use_time = os.access(GNU_TIME, os.X_OK)
    full = [GNU_TIME, "-f", "%M", "-o", rss_path, "--"] + argv if use_time else argv
    with open(err_path, "wb") as err, open(os.devnull, "wb") as devnull:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=devnull, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        with open(err_path, "r", errors="replace") as f:
            text = f.read()
        sys.stderr.write(f"\nFAILED (exit {proc.returncode}): {shlex.join(argv)}\n{text}\n")
        sys.exit(1)
    maxrss = ru.ru_maxrss
    if use_time:
        with open(rss_path) as f:
            maxrss = int(f.read().split()[-1])
    return wall, ru.ru_utime + ru.ru_stime, maxrss


def tree_stats(path):
    files = size = 0
    for root, _, names in os.walk(path):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(root, n))
    return files, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--tool", action="append", required=True, metavar="NAME=COMMAND")
    ap.add_argument("--label", default="")
    ap.add_argument("--delete-between", action="store_true",
                    help="delete each output right before the next run (see above)")
    a = ap.parse_args()

    tools = []
    for spec in a.tool:
        name, _, cmd = spec.partition("=")
        out = os.path.join(a.tmp, "out-" + name)
        tools.append((name, [w.replace("{out}", out) for w in shlex.split(cmd)], out))

    samples = {name: [] for name, _, _ in tools}
    for rnd in range(a.warmup + a.runs):
        timed = rnd >= a.warmup
        for name, argv, out in tools:
            w, c, m = run_once(argv, out, a.delete_between)
            tag = f"run {rnd - a.warmup + 1}" if timed else "warm-up"
            print(f"  {tag:8} {name:10} wall {w:7.3f} s  cpu {c:7.3f} s  peak {m / 1024:7.1f} MiB",
                  file=sys.stderr)
            if timed:
                samples[name].append((w, c, m))

    floor = tools[0][0]
    med = {}
    for name, _, _ in tools:
        s = samples[name]
        med[name] = (statistics.median(x[0] for x in s),
                     statistics.median(x[1] for x in s),
                     max(x[2] for x in s))
    fw, fc, _ = med[floor]

    if a.label:
        print(f"\n{a.label}\n")
    print(f"Median of {a.runs} runs ({a.warmup} warm-up run(s) not counted); "
          f"peak RSS = max over runs; ratios vs `{floor}` measured in the same run.\n")
    print("| tool | wall (s) | min–max wall (s) | CPU user+sys (s) | peak RSS (MiB) "
          "| wall / floor | CPU / floor | output files | output MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, _, out in tools:
        w, c, m = med[name]
        walls = [x[0] for x in samples[name]]
        files, size = tree_stats(out)
        print(f"| {name} | {w:.3f} | {min(walls):.3f}–{max(walls):.3f} | {c:.3f} | {m / 1024:.1f} "
              f"| {w / fw:.2f}× | {c / fc:.2f}× | {files} | {size / 2**20:.1f} |")
    others = [n for n, _, _ in tools if n not in (floor, "strata")]
    if "strata" in med and others:
        sw = med["strata"][0]
        print()
        for n in others:
            print(f"- {n} wall / strata wall = {med[n][0] / sw:.2f} (> 1: strata is faster; "
                  f"issue 7 wants ≥ 3); {n} peak / strata peak = "
                  f"{med[n][2] / max(med['strata'][2], 1):.2f}")
    # The floor does the same small, fixed work every run: when its wall time spreads,
    # the host or its disk was unsteady (this guest has slow phases), and wall-time
    # ratios from this run are not worth quoting.
    floor_walls = [x[0] for x in samples[floor]]
    spread = max(floor_walls) / max(min(floor_walls), 1e-9)
    if spread > 1.3:
        print(f"\nWARNING: the floor's wall time spread {min(floor_walls):.3f}–"
              f"{max(floor_walls):.3f} s ({spread:.1f}×): the host or disk was unsteady "
              f"during this run; compare CPU times and minimum walls, or run again.")
    # machine-readable line for run.sh / RESULTS.md bookkeeping
    print("\n<!-- medians: " + " ".join(
        f"{n}={med[n][0]:.4f}/{med[n][1]:.4f}/{med[n][2]}" for n, _, _ in tools) + " -->")


def empty_trash():
    for path in TRASH:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        empty_trash()
