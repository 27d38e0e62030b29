//! The cost of writing a site's output and nothing else.
//!
//! `replay TREE OUT [RUNS]` reads every file under TREE into memory (not timed), then,
//! RUNS times (default 5), writes the same files into a fresh folder under OUT — each
//! file's folder made first, one rayon task per file, as a generator would — and
//! prints each run's wall time and the median to stderr. Given the output of a
//! `strata build`, it measures what only creating and filling those files costs on
//! this machine: a lower bound for any tool that writes those bytes, whatever it
//! computes before.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, io, process};

fn collect(dir: &Path, rel: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let rel = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            collect(&path, &rel, out)?;
        } else {
            out.push((rel, fs::read(&path)?));
        }
    }
    Ok(())
}

fn write_all(files: &[(PathBuf, Vec<u8>)], root: &Path) -> io::Result<()> {
    files.par_iter().try_for_each(|(rel, bytes)| {
        let dest = root.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&dest, bytes)
    })
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if !(2..=3).contains(&args.len()) {
        eprintln!("usage: replay TREE OUT [RUNS]");
        process::exit(2);
    }
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut files = Vec::new();
    if let Err(e) = collect(Path::new(&args[0]), Path::new(""), &mut files) {
        eprintln!("replay: reading {}: {e}", args[0]);
        process::exit(1);
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::new();
    for run in 0..runs {
        let root = Path::new(&args[1]).join(format!("run-{run}"));
        let start = Instant::now();
        if let Err(e) = write_all(&files, &root) {
            eprintln!("replay: writing {}: {e}", root.display());
            process::exit(1);
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "replay: run {}: {} files, {} bytes, {secs:.3} s",
            run + 1,
            files.len(),
            bytes
        );
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    eprintln!("replay: median {:.3} s over {runs} runs", times[runs / 2]);
}
