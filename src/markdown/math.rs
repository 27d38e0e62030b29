//! The page passes of [`crate::math`]. [`labels`] (before heading ids are given)
//! makes each equation label an id of the page; [`render`] turns each `$…$` and
//! `$$…$$` into MathML, all of a page's formulas together so equation numbers count
//! through it. A formula that cannot be converted, an `\eqref` to no label and a `$`
//! that was meant to start a formula but did not are errors at their place in the page
//! (the offending command underlined); the formula is shown as its LaTeX meanwhile.
//! The glossary pass never sees a formula's text, so no term is linked inside one.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::PageState;
use super::events::Ev;
use crate::math::{Math, error_code};

/// The delimiter length of a math event: `$` or `$$`.
fn delimiter(display: bool) -> usize {
    if display { 2 } else { 1 }
}

/// The page pass: every formula becomes its MathML, or is reported and shown as its
/// LaTeX in code. Text where a formula was meant but not read (`$\frac{1}{2$`: its
/// braces do not balance) is reported too, rather than left for a reader to see.
pub fn render<'a>(events: Vec<Ev<'a>>, math: &Math, state: &mut PageState<'_>) -> Vec<Ev<'a>> {
    check_unread(&events, state);
    let formulas: Vec<(&str, bool)> = events.iter().filter_map(|(e, _)| formula(e)).collect();
    if formulas.is_empty() {
        return events;
    }
    let unknown = check_references(&events, state);
    let mut converted = math.page(&formulas).into_iter().enumerate();
    events
        .into_iter()
        .map(|(event, range)| {
            let Some((latex, display)) = formula(&event) else {
                return (event, range);
            };
            let (index, result) = converted.next().expect("one result per formula");
            let html = match result {
                // Reported: its link would lead nowhere.
                Ok(_) if unknown.contains(&index) => error_code(latex),
                Ok(html) => link_outside(latex, html),
                // A table's formula is reported in its data file when it is loaded.
                Err(_) if super::shortcodes::from_table(&range) => error_code(latex),
                Err(error) => {
                    let place = place_in_body(state.body, &range, latex, display, &error.range);
                    state.error_at(error.message(), error.hint, &place);
                    error_code(latex)
                }
            };
            (Event::InlineHtml(CowStr::from(html)), range)
        })
        .collect()
}

/// Reports text where a formula was meant but not read: a `$` right before a command,
/// outside code and table cells.
fn check_unread(events: &[Ev<'_>], state: &mut PageState<'_>) {
    let mut in_code = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code && !super::shortcodes::from_table(range) => {
                if let Some(at) = unread_formula(text) {
                    let place = unread_place(state.body, range, &text[at..]);
                    state.error_at(
                        "a `$` starts what looks like a formula, but it was not read as one",
                        "a formula's braces must balance (every `{` closed by a `}`) and its closing `$` must follow a character that is not a space; a dollar sign that is not mathematics is written `\\$`",
                        &place,
                    );
                }
            }
            _ => {}
        }
    }
}

/// An equation reference's link taken out of the MathML, where a focusable element is
/// nested in the `math` role (axe's nested-interactive): a formula that is only
/// `\eqref{…}` becomes the link itself, "(1)"; in a larger formula the number stays,
/// as text, without its link.
fn link_outside(latex: &str, html: String) -> String {
    const OPEN: &str = "<a href=\"";
    let Some(start) = html.find(OPEN) else {
        return html;
    };
    let only_a_reference = crate::math::arguments(latex, "eqref")
        .first()
        .is_some_and(|(at, _)| {
            latex[..at.start].trim() == "\\eqref{" && latex[at.end..].trim() == "}"
        });
    if only_a_reference && let Some(len) = html[start..].find("</a>") {
        let link = &html[start..start + len + "</a>".len()];
        return link.replacen("<a ", "<a class=\"eqref\" ", 1);
    }
    // Each `<a href="…">(n)</a>` made its text.
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(close) = after.find('>') else { break };
        rest = &after[close + 1..];
        if let Some(end) = rest.find("</a>") {
            out.push_str(&rest[..end]);
            rest = &rest[end + "</a>".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// A formula event's LaTeX, and whether it is set on its own.
fn formula<'e>(event: &'e Event<'_>) -> Option<(&'e str, bool)> {
    match event {
        Event::InlineMath(latex) => Some((latex, false)),
        Event::DisplayMath(latex) => Some((latex, true)),
        _ => None,
    }
}

/// The labels of the page's numbered equations (`\label{…}`) are ids a link may lead
/// to, as a heading's are; a label given twice is an error at the second. Runs before
/// heading ids are given, so a heading makes way for a label.
pub fn labels(events: &[Ev<'_>], state: &mut PageState<'_>) {
    let mut seen: Vec<&str> = Vec::new();
    for (event, range) in events {
        let Some((latex, display)) = formula(event) else {
            continue;
        };
        for (at, label) in crate::math::arguments(latex, "label") {
            if seen.contains(&label) {
                let place = place_in_body(state.body, range, latex, display, &at);
                state.error_at(
                    format!("equation label `{label}` is used twice on the page"),
                    "give each numbered equation its own label; `\\eqref` can only lead to one of them",
                    &place,
                );
                continue;
            }
            seen.push(label);
            state.out.anchors.push(label.to_string());
        }
    }
}

/// Every `\eqref{label}` must name an equation label of the page: an error at the
/// label for each that does not (the converter would print "(??)" and link to
/// nothing). Returns the indexes, among the page's formulas, of those with an error.
fn check_references(events: &[Ev<'_>], state: &mut PageState<'_>) -> Vec<usize> {
    let mut labels: Vec<&str> = Vec::new();
    let written = (events.iter())
        .filter_map(|(e, _)| formula(e))
        .flat_map(|(latex, _)| crate::math::arguments(latex, "label"));
    for (_, label) in written {
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    let mut unknown = Vec::new();
    let formulas = events
        .iter()
        .filter_map(|(e, range)| Some((formula(e)?, range)));
    for (index, ((latex, display), range)) in formulas.enumerate() {
        for (at, label) in crate::math::arguments(latex, "eqref") {
            if labels.contains(&label) {
                continue;
            }
            unknown.push(index);
            let hint = match crate::suggest::closest(label, labels.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if labels.is_empty() => "the page has no labelled equation: label one with `\\label{…}` inside a numbered environment such as `equation` or `align`".to_string(),
                None => format!("the page's equation labels are: {}", labels.join(", ")),
            };
            let place = place_in_body(state.body, range, latex, display, &at);
            state.error_at(format!("unknown equation label `{label}`"), hint, &place);
        }
    }
    unknown
}

/// Where in `text` a `$` is followed by a LaTeX command (`$\frac`): a formula the
/// parser did not read as one.
fn unread_formula(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'$', bytes).find(|&i| {
        bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// The place of `found` (text from an unread formula's `$` on) in the body, when the
/// text event at `range` is written there as it is; else the event's start.
fn unread_place(body: &str, range: &Range<usize>, found: &str) -> Range<usize> {
    // `$` and the command's backslash and letters.
    let letters = found
        .bytes()
        .skip(2)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let command = &found[..(2 + letters).min(found.len())];
    body.get(range.clone())
        .and_then(|written| written.find(command))
        .map_or(range.start..range.start + 1, |at| {
            range.start + at..range.start + at + command.len()
        })
}

/// Where in the body to point at the part `at` of a formula's LaTeX (what an error is
/// about): there when the LaTeX is written in the body as it is (it is not when a
/// quote's `>` or a list's indent runs through it), else the formula's start.
fn place_in_body(
    body: &str,
    range: &Range<usize>,
    latex: &str,
    display: bool,
    at: &Range<usize>,
) -> Range<usize> {
    let d = delimiter(display);
    let inner = range.start + d..range.end.saturating_sub(d);
    let written = body.get(inner.clone()) == Some(latex);
    if written && at.start <= latex.len() {
        let start = inner.start + at.start;
        let end = (inner.start + at.end.min(latex.len())).max(start + 1);
        let end = end.min(range.end);
        if body.is_char_boundary(start) && body.is_char_boundary(end) {
            return start..end;
        }
    }
    range.start..range.start + d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_into_the_formula_where_it_is_written_as_it_is() {
        let error = 0..4;
        let body = r"See $\foo x$ here";
        assert_eq!(
            place_in_body(body, &(4..12), r"\foo x", false, &error),
            5..9
        );
        // In a quote the LaTeX the parser hands over differs from the text written.
        let quoted = "> $\\foo\n> x$";
        assert_eq!(
            place_in_body(quoted, &(2..12), "\\foo\nx", false, &error),
            2..3
        );
    }

    #[test]
    fn an_equation_reference_links_from_outside_the_math() {
        let math = "<math><semantics><mtext><a href=\"#eq:a\">(1)</a></mtext><annotation encoding=\"application/x-tex\">\\eqref{eq:a}</annotation></semantics></math>";
        assert_eq!(
            link_outside(r" \eqref{ eq:a } ", math.to_string()),
            "<a class=\"eqref\" href=\"#eq:a\">(1)</a>"
        );
        let inside = math.replace("<mtext>", "<mi>x</mi><mo>=</mo><mtext>");
        let latex = r"x = \eqref{eq:a}";
        let kept = link_outside(latex, inside.clone());
        assert_eq!(kept, inside.replace("<a href=\"#eq:a\">(1)</a>", "(1)"));
        assert_eq!(
            link_outside("x^2", "<math>x</math>".into()),
            "<math>x</math>"
        );
    }

    #[test]
    fn a_dollar_before_a_command_in_text_is_a_formula_not_read() {
        assert_eq!(unread_formula(r"A $\frac{1}{2$ here"), Some(2));
        assert_eq!(unread_formula("costs $5, or $10"), None);
        assert_eq!(unread_formula(r"a \$\ b and $ \alpha"), None);
        let body = r"A $\frac{1}{2$ here";
        assert_eq!(
            unread_place(body, &(0..body.len()), r"$\frac{1}{2$ here"),
            2..8
        );
    }
}
