#!/usr/bin/env python3
"""Times `strata build` on sites made of a few very large files, to catch work that
grows faster than the input (see docs/reliability.md, "Large files").

    python3 bench/large_files.py [STRATA_BIN] [SCALE]

Each case is built at SCALE and 4 x SCALE (default 5000): linear work takes about 4
times as long at the larger size, quadratic work 16 times. Build errors are expected
in the "broken" case (every link and citation in it is wrong: the point is how fast
all of them are reported). Nothing is asserted; the table is for reading.
"""

import os
import subprocess
import sys
import tempfile
import time

CASES = {
    # One paragraph in which every apostrophe splits the text the parser yields.
    "long paragraph": lambda n: " ".join("don't stop the word's run" for _ in range(n)),
    # Thousands of headings with the same name (ids intro, intro-1, intro-2, ...).
    "repeated headings": lambda n: "\n\n".join(
        "## Intro\n\nSee [the first](#intro) and a term." for _ in range(n)
    ),
    # Thousands of broken anchors and unknown citations, each reported with a hint.
    "broken links": lambda n: "\n\n".join(
        "## Intro\n\nSee [@missing] and [there](#nowhere)." for _ in range(n)
    ),
}


def site(root, body, table_rows):
    os.makedirs(os.path.join(root, "content", "t"), exist_ok=True)
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    with open(os.path.join(root, "site.yaml"), "w") as f:
        f.write("title: Large\n")
    with open(os.path.join(root, "content", "t", "_topic.yaml"), "w") as f:
        f.write("title: T\nweight: 1\n")
    with open(os.path.join(root, "content", "t", "fundamentals.md"), "w") as f:
        f.write("---\ntitle: F\n---\n\n" + body + "\n")
    rows = "\n".join(
        f'  - {{ stage: "S{i}", score: "{i}.5", change: "+{i}" }}' for i in range(table_rows)
    )
    with open(os.path.join(root, "data", "big.yaml"), "w") as f:
        f.write(
            "title: Big\ncolumns:\n"
            '  - { key: "stage", label: "Stage", header: true }\n'
            '  - { key: "score", label: "Score" }\n'
            '  - { key: "change", label: "Change" }\n'
            "rows:\n" + rows + "\n"
        )


def timed_build(strata, root):
    start = time.monotonic()
    done = subprocess.run(
        [strata, "build", "--root", root, "--output", os.path.join(root, "out")],
        capture_output=True,
        text=True,
    )
    return time.monotonic() - start, done.returncode


def main():
    strata = sys.argv[1] if len(sys.argv) > 1 else "target/release/strata"
    scale = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    cases = dict(CASES)
    cases["big table"] = lambda n: "A page beside a data table."
    print("| case | size | build (s) | exit | x4 size: time ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, make in cases.items():
        times = []
        for n in (scale, 4 * scale):
            with tempfile.TemporaryDirectory() as root:
                rows = n if name == "big table" else 1
                site(root, make(n), rows)
                seconds, code = timed_build(strata, root)
            times.append(seconds)
            ratio = f"{times[1] / times[0]:.1f}" if len(times) == 2 else ""
            print(f"| {name} | {n} | {seconds:.2f} | {code} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
