//! The benchmark "floor": a plain pulldown-cmark render of a tree of Markdown files.
//!
//! `floor IN_DIR OUT_DIR [--serial] [--no-write]`
//!
//! Walks IN_DIR for `*.md` files (skipping `SUMMARY.md`, mdBook's table of contents),
//! strips a leading YAML (`---`) or TOML (`+++`) front-matter block if present, renders
//! each body with pulldown-cmark (the same extension set Strata enables) and writes it
//! as `OUT_DIR/<relative path>.html`, mirroring the directory layout.  Files are
//! processed in parallel with rayon (one task per file, default thread pool = one
//! thread per core).  No templates, no links, no front-matter parsing, no glossary:
//! the cost of reading, parsing, rendering and writing the Markdown, and nothing
//! else.  Prints one summary line (files, input bytes, output bytes, seconds) to stderr.

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, io, process};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            collect(&path, out)?;
        } else if ft.is_file()
            && path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "SUMMARY.md")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Returns the body after a leading `---`/`+++` front-matter block (or the whole text).
fn strip_front_matter(text: &str) -> &str {
    for fence in ["---", "+++"] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))
        else {
            continue;
        };
        let mut pos = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end_matches(['\n', '\r']) == fence {
                return &rest[pos + line.len()..];
            }
            pos += line.len();
        }
    }
    text
}

fn options() -> Options {
    // Same set as Strata's src/markdown/events.rs, so the parser does the same work.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

fn render_one(
    src: &Path,
    in_dir: &Path,
    out_dir: &Path,
    write: bool,
) -> io::Result<(usize, usize)> {
    let text = fs::read_to_string(src)?;
    let body = strip_front_matter(&text);
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(body, options()));
    if write {
        let rel = src
            .strip_prefix(in_dir)
            .expect("walked path is under IN_DIR");
        let dest = out_dir.join(rel).with_extension("html");
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&dest, &html_out)?;
    }
    Ok((text.len(), html_out.len()))
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let serial = args.iter().any(|a| a == "--serial");
    let write = !args.iter().any(|a| a == "--no-write");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if pos.len() != 2 {
        eprintln!("usage: floor IN_DIR OUT_DIR [--serial] [--no-write]");
        process::exit(2);
    }
    let (in_dir, out_dir) = (Path::new(pos[0]), Path::new(pos[1]));
    let start = Instant::now();
    let mut files = Vec::new();
    if let Err(e) = collect(in_dir, &mut files) {
        eprintln!("floor: reading {}: {e}", in_dir.display());
        process::exit(1);
    }
    if write {
        if let Err(e) = fs::create_dir_all(out_dir) {
            eprintln!("floor: creating {}: {e}", out_dir.display());
            process::exit(1);
        }
    }
    let run = |p: &PathBuf| {
        render_one(p, in_dir, out_dir, write).map_err(|e| format!("{}: {e}", p.display()))
    };
    let results: Result<Vec<(usize, usize)>, String> = if serial {
        files.iter().map(run).collect()
    } else {
        files.par_iter().map(run).collect()
    };
    match results {
        Ok(sizes) => {
            let (i, o) = sizes.iter().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
            eprintln!(
                "floor: {} files, {} bytes in, {} bytes out, {:.3} s ({})",
                files.len(),
                i,
                o,
                start.elapsed().as_secs_f64(),
                if serial { "serial" } else { "rayon" }
            );
        }
        Err(e) => {
            eprintln!("floor: {e}");
            process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strip_front_matter;

    #[test]
    fn strips_yaml_and_toml() {
        assert_eq!(strip_front_matter("---\na: 1\n---\n# x\n"), "# x\n");
        assert_eq!(strip_front_matter("+++\na = 1\n+++\nbody"), "body");
        assert_eq!(strip_front_matter("# no fm\n---\n"), "# no fm\n---\n");
        assert_eq!(
            strip_front_matter("---\nunterminated\n"),
            "---\nunterminated\n"
        );
    }
}
