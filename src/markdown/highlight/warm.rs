//! Compiling syntect's grammars before the pages need them, on threads of their own.
//!
//! syntect compiles each pattern of a grammar the first time a block needs it (about
//! 30 ms of CPU for the first Python, Rust or JavaScript block), and a pattern being
//! compiled is locked. At the start of a build both render threads soon meet the same
//! language, so one compiles while the other waits for it, pattern after pattern: the
//! compilation runs on one core with the other idle (about 0.1 s of a 10,000-page
//! build). Here a scout reads the raw Markdown of every document for fenced code, and
//! the first block of each language it finds is highlighted at once on a thread of its
//! own, the languages side by side, while the pages render; the pages then find the
//! patterns they need compiled or being compiled.
//!
//! Nothing here changes any output: a warm-up's HTML is thrown away, and a block the
//! scout misreads (its reading of fences is rougher than the Markdown parser's) only
//! costs the time of highlighting it.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};
use std::thread::Scope;

use memchr::memmem;

use super::{Grammar, classed_html, fence_language, is_plain};

/// Grammars warmed up in this process (the syntax set, and so what it has compiled,
/// lives as long as the process: `serve` warms each grammar once).
static WARMED: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);

/// Starts, inside `scope`, a scout that reads `bodies` (raw Markdown) in order and
/// highlights the first block of each language not warmed yet on a thread of its own.
/// The scout lets go of each body once read (a one-shot build frees the text when
/// both the scout and the page are done with it).
pub fn warm_up<'scope>(scope: &'scope Scope<'scope, '_>, bodies: Vec<Arc<str>>) {
    scope.spawn(move || {
        for body in bodies {
            for (lang, code) in fenced_blocks(&body) {
                if let Some(grammar) = claim(lang) {
                    let code = code.to_string();
                    std::thread::Builder::new()
                        .name(format!("warm {}", grammar.syntax.name))
                        .spawn_scoped(scope, move || {
                            // A warm-up never fails a build: the page that holds the
                            // block reports whatever goes wrong with it.
                            let _ = std::panic::catch_unwind(|| classed_html(grammar, &code));
                        })
                        .ok();
                }
            }
        }
    });
}

/// The grammar `lang` names when no one has warmed it yet; it is then marked as warmed.
fn claim(lang: &str) -> Option<Grammar> {
    if is_plain(lang) {
        return None;
    }
    let grammar = super::find_syntax(lang)?;
    let mut warmed = WARMED.lock().ok()?;
    warmed
        .insert(grammar.syntax.name.clone())
        .then_some(grammar)
}

/// The fenced code blocks of `body` that name a language: `(language, code)`, in order
/// per fence kind (backticks first, then tildes). A fence is three or more backticks
/// or tildes after nothing but white space on its line; the language is read off its
/// info string as the highlighter reads it ([`fence_language`]); the code runs to the
/// next fence of the same kind at a line's start, or to the end.
pub fn fenced_blocks(body: &str) -> Vec<(&str, &str)> {
    let mut blocks = Vec::new();
    for fence in ["```", "~~~"] {
        let mut from = 0;
        while let Some(found) = memmem::find(&body.as_bytes()[from..], fence.as_bytes()) {
            let at = from + found;
            if !starts_line(body, at) {
                from = at + fence.len();
                continue;
            }
            let mark = fence.as_bytes()[0];
            let info_start = at + body[at..].bytes().take_while(|&b| b == mark).count();
            let line_end = body[info_start..]
                .find('\n')
                .map_or(body.len(), |i| info_start + i);
            // The Markdown parser trims the info string; the language is read off it
            // as the highlighter reads it.
            let lang = fence_language(body[info_start..line_end].trim());
            let code_start = (line_end + 1).min(body.len());
            let code_end = closing_fence(body, code_start, fence).unwrap_or(body.len());
            if !lang.is_empty() && !lang.contains(mark as char) {
                blocks.push((lang, &body[code_start..code_end]));
            }
            from = code_end.max(code_start) + fence.len();
            if from >= body.len() {
                break;
            }
        }
    }
    blocks
}

/// Whether only spaces and tabs come before byte `at` on its line.
fn starts_line(body: &str, at: usize) -> bool {
    body[..at]
        .bytes()
        .rev()
        .take_while(|&b| b != b'\n')
        .all(|b| b == b' ' || b == b'\t')
}

/// The start of the line holding the next `fence` that starts a line, from `from` on.
fn closing_fence(body: &str, from: usize, fence: &str) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memmem::find(&body.as_bytes()[at..], fence.as_bytes()) {
        let pos = at + found;
        if starts_line(body, pos) {
            return Some(body[..pos].rfind('\n').map_or(0, |i| i + 1));
        }
        at = pos + fence.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_fenced_block_with_its_language_and_code() {
        let body = "Intro with ```inline``` ticks.\n\n```python title=\"x\"\ndef f():\n    return 1\n```\n\ntext\n\n  ~~~rust,ignore\nfn main() {}\n  ~~~\n\n```\nno language\n```\n";
        assert_eq!(
            fenced_blocks(body),
            [
                ("python", "def f():\n    return 1\n"),
                ("rust", "fn main() {}\n"),
            ]
        );
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end() {
        assert_eq!(
            fenced_blocks("````js\nlet a = 1;\n"),
            [("js", "let a = 1;\n")]
        );
        assert_eq!(fenced_blocks("```"), []);
        assert_eq!(fenced_blocks("text ```js\nx\n"), []);
    }

    #[test]
    fn a_language_is_claimed_once_whatever_its_name() {
        // `py` and `python` name one grammar; an unknown name claims nothing.
        let first = claim("py").map(|s| s.syntax.name.as_str());
        let second = claim("python").map(|s| s.syntax.name.as_str());
        assert!(first.is_none() || first == Some("Python"));
        assert_eq!(second, None);
        assert!(claim("no-such-language").is_none());
        // Plain text is never highlighted, so there is nothing to warm.
        assert!(claim("text").is_none());
    }
}
