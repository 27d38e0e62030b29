//! Mathematics: `$…$` (in a line of text) and `$$…$$` (a formula on its own) become
//! MathML while the site is built, so a reader's browser typesets the formula itself —
//! no script, no web font, no request to anyone's server, and a screen reader reads it
//! as mathematics. The LaTeX is converted by the `math-core` crate (MathML Core, the
//! part of MathML every current browser implements); its source stays in the page as
//! an `<annotation>`, for copying and for tools that read TeX.
//!
//! This module owns the conversion and nothing else: [`crate::config`] checks the
//! site's macros with it, the Markdown stage's pass ([`crate::markdown::math`]) turns a
//! page's formulas into MathML and reports the ones that fail at their place, and
//! definitions and captions call [`Math::inline`].

use std::ops::Range;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// The site's LaTeX-to-MathML converter, with its macros.
#[derive(Debug)]
pub struct Math {
    /// Keeps each formula's LaTeX as an `<annotation>`: for a page.
    annotated: LatexToMathML,
    /// Without it: for text that may end up in a tooltip, whose hidden annotation a
    /// screen reader would read out after the formula as part of the description.
    plain: LatexToMathML,
}

/// Why a formula could not be converted, and where in its LaTeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    /// Byte range in the formula's LaTeX.
    pub range: Range<usize>,
    /// What is wrong, as a clause: `unknown command "\foo"`.
    pub reason: String,
    pub hint: String,
    /// For an escape a YAML string made of a command, the command as written
    /// (`\frac`), to find it in the file.
    pub written: Option<String>,
}

impl FormulaError {
    /// The error's message for an author.
    pub fn message(&self) -> String {
        format!("this formula cannot be typeset: {}", self.reason)
    }
}

/// A macro of `site.yaml` that cannot be used: its index in the list and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroError {
    pub index: usize,
    pub message: String,
}

impl Default for Math {
    fn default() -> Self {
        Self::new(&[]).expect("no macros, nothing to reject")
    }
}

impl Math {
    /// A converter knowing `macros`: `(name, definition)` pairs, the name without its
    /// backslash, `#1`… in the definition standing for arguments.
    pub fn new(macros: &[(String, String)]) -> Result<Self, MacroError> {
        let converter = |annotation| {
            let config = MathCoreConfig {
                macros: macros.to_vec(),
                annotation,
                ..Default::default()
            };
            LatexToMathML::new(config).map_err(|(error, index, _)| MacroError {
                index,
                message: sentence(&error.error_message()),
            })
        };
        Ok(Self {
            annotated: converter(true)?,
            plain: converter(false)?,
        })
    }

    /// Every problem of `macros`: one that does not parse, or whose definition (its
    /// arguments filled in) cannot be typeset.
    pub fn check_macros(macros: &[(String, String)]) -> Vec<MacroError> {
        let mut problems = Vec::new();
        // The converter stops at the first macro it cannot read: that one is left out
        // and the rest tried again, so every problem is found in one run.
        let mut kept: Vec<usize> = (0..macros.len()).collect();
        let math = loop {
            let list: Vec<(String, String)> = kept.iter().map(|&i| macros[i].clone()).collect();
            match Self::new(&list) {
                Ok(math) => break math,
                Err(error) => problems.push(MacroError {
                    index: kept.remove(error.index),
                    message: error.message,
                }),
            }
        };
        for index in kept {
            if let Some(error) = yaml_escape_mishap(&macros[index].1) {
                problems.push(MacroError {
                    index,
                    message: error.reason,
                });
                continue;
            }
            let mut sample = macros[index].1.clone();
            for n in 1..=9 {
                sample = sample.replace(&format!("#{n}"), "x");
            }
            if let Err(error) = math.to_mathml(&sample, false) {
                problems.push(MacroError {
                    index,
                    message: error.reason,
                });
            }
        }
        problems.sort_by_key(|p| p.index);
        problems
    }

    /// Why a formula read from YAML (a definition, a table cell) cannot be typeset: a
    /// command a double-quoted string made an escape of, or what the converter finds.
    pub fn yaml_formula_error(&self, latex: &str) -> Option<FormulaError> {
        yaml_escape_mishap(latex)
            .or_else(|| reference_outside_a_page(latex))
            .or_else(|| self.to_mathml(latex, false).err())
    }

    /// The converter for a site's configuration (its macros were checked when
    /// `site.yaml` was read), or one without macros.
    pub fn for_site(macros: Option<&[(String, String)]>) -> Self {
        macros.and_then(|m| Self::new(m).ok()).unwrap_or_default()
    }

    /// The MathML of `latex`, typeset in a line of text or (with `display`) as a
    /// formula of its own.
    pub fn to_mathml(&self, latex: &str, display: bool) -> Result<String, FormulaError> {
        convert(&self.annotated, latex, display)
    }

    /// The HTML of every formula of a page, `(latex, display)` in reading order,
    /// converted together: numbered equations (`equation`, `align`, …) count on
    /// through the page, and `\eqref{label}` finds its equation before or after it. A
    /// display formula sits in a block of its own that scrolls sideways when it is
    /// wider than the page.
    pub fn page(&self, formulas: &[(&str, bool)]) -> Vec<Result<String, FormulaError>> {
        let snippets: Vec<(&str, MathDisplay)> = (formulas.iter())
            .map(|&(latex, display)| (latex, mode(display)))
            .collect();
        let results = self.annotated.convert_all(&snippets);
        (results.into_iter().zip(formulas))
            .map(|(result, &(_, display))| {
                result
                    .map(|r| page_html(r.mathml, display))
                    .map_err(|e| formula_error(&e))
            })
            .collect()
    }

    /// A formula in a line of text outside a page (a definition, a caption): its HTML,
    /// or, when it cannot be converted, the LaTeX as code — [`crate::checks`] reports
    /// the error where the text is written. Nothing in it takes focus and it has no
    /// annotation, since the text may end up in a tooltip.
    pub fn inline(&self, latex: &str, display: bool) -> String {
        if reference_outside_a_page(latex).is_some() {
            return error_code(latex);
        }
        match convert(&self.plain, latex, display) {
            Ok(mathml) if display => format!("<span class=\"math-display\">{mathml}</span>"),
            Ok(mathml) => mathml,
            Err(_) => error_code(latex),
        }
    }
}

/// `latex` converted by `converter`, or why it cannot be.
fn convert(converter: &LatexToMathML, latex: &str, display: bool) -> Result<String, FormulaError> {
    converter
        .convert_with_local_state(latex, mode(display))
        .map(|result| result.mathml)
        .map_err(|error| formula_error(&error))
}

fn mode(display: bool) -> MathDisplay {
    if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    }
}

fn formula_error(error: &math_core::LatexError) -> FormulaError {
    FormulaError {
        range: error.0.clone(),
        reason: sentence(&error.error_message()),
        hint: hint_for(error.label()).to_string(),
        written: None,
    }
}

/// A page's formula: a display one in its block (scrolling sideways, in the tab order).
fn page_html(mathml: String, display: bool) -> String {
    if display {
        format!("<span class=\"math-display\" tabindex=\"0\">{mathml}</span>")
    } else {
        mathml
    }
}

/// Each `\command{argument}` in `latex`: the argument's byte range and text. What the
/// equation labels (`\label`) and references to them (`\eqref`) are read with.
pub fn arguments<'l>(latex: &'l str, command: &str) -> Vec<(Range<usize>, &'l str)> {
    let open = format!("\\{command}{{");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = latex[from..].find(&open) {
        let start = from + at + open.len();
        let Some(len) = latex[start..].find('}') else {
            break;
        };
        let raw = &latex[start..start + len];
        let name = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        found.push((start + lead..start + lead + name.len(), name));
        from = start + len;
    }
    found
}

/// A formula that could not be converted, shown as the LaTeX it is.
pub fn error_code(latex: &str) -> String {
    let mut html = String::from("<code class=\"math-error\">");
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut html, latex);
    html.push_str("</code>");
    html
}

/// An `\eqref` in text that is not part of a page (a definition, a caption): there is
/// no equation for it to count or lead to, and its link would sit in a tooltip.
fn reference_outside_a_page(latex: &str) -> Option<FormulaError> {
    let (range, _) = arguments(latex, "eqref").into_iter().next()?;
    Some(FormulaError {
        range,
        reason: "`\\eqref` has no page equation to refer to".into(),
        hint: "a definition or table cell belongs to no page: write the equation's number as text, or link to the page's `#label` with a Markdown link".into(),
        written: None,
    })
}

/// The first sign in `latex`, read from YAML, that a double-quoted string turned a
/// command into an escape: `"\frac"` holds a form feed and `rac`, `"\beta"` a
/// backspace and `eta`. A control character has no business in a formula, so it is
/// reported with the escape that made it.
pub fn yaml_escape_mishap(latex: &str) -> Option<FormulaError> {
    let (at, letter, name) = latex.char_indices().find_map(|(i, c)| {
        let (letter, name) = match c {
            '\u{07}' => ('a', "a bell character"),
            '\u{08}' => ('b', "a backspace"),
            '\t' => ('t', "a tab"),
            '\u{0b}' => ('v', "a vertical tab"),
            '\u{0c}' => ('f', "a form feed"),
            '\r' => ('r', "a carriage return"),
            '\u{1b}' => ('e', "an escape character"),
            _ => return None,
        };
        Some((i, letter, name))
    })?;
    let word: String = latex[at + 1..]
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let written = format!("\\{letter}{word}");
    Some(FormulaError {
        range: at..at + 1,
        reason: format!(
            "`{written}` was read as {name} (in a double-quoted YAML string, `\\{letter}` is an escape)"
        ),
        hint: "write the text in single quotes ('…') or as a block scalar (`|`), where a backslash is a backslash, or double each backslash".into(),
        written: Some(written),
    })
}

/// The message without its final full stop, in lower case where it starts a clause.
fn sentence(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What to do about an error, by its kind (`math-core`'s short label for it).
fn hint_for(label: &str) -> &'static str {
    match label {
        "unknown command" => {
            "check its spelling, or define it under `math: macros:` in site.yaml; a dollar sign that is not mathematics is written `\\$`"
        }
        "unknown environment" => {
            "use one of the environments of amsmath (`aligned`, `cases`, `matrix`, `pmatrix`, `array`, …)"
        }
        "a group was never closed" => {
            "close every `{` with a `}` (and every `\\left` with a `\\right`)"
        }
        "no matching opening for this" => {
            "remove it, or open the group it closes; a literal brace is written `\\{` or `\\}`"
        }
        _ => {
            "correct the LaTeX between the dollar signs; a dollar sign that is not mathematics is written `\\$`"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display_formulas_become_mathml_with_their_source() {
        let math = Math::default();
        let inline = math.page(&[("x^2", false)]).remove(0).unwrap();
        assert!(inline.starts_with("<math>"), "{inline}");
        assert!(
            inline.contains("<msup><mi>x</mi><mn>2</mn></msup>"),
            "{inline}"
        );
        assert!(
            inline.contains("<annotation encoding=\"application/x-tex\">x^2</annotation>"),
            "{inline}"
        );
        let display = math.page(&[(r"\frac{a}{b}", true)]).remove(0).unwrap();
        assert!(
            display.starts_with(
                "<span class=\"math-display\" tabindex=\"0\"><math display=\"block\">"
            ),
            "{display}"
        );
        assert!(
            display.contains("<mfrac><mi>a</mi><mi>b</mi></mfrac>"),
            "{display}"
        );
    }

    #[test]
    fn an_unknown_command_is_named_with_its_place_and_a_hint() {
        let error = Math::default()
            .to_mathml(r"a + \foo{x}", false)
            .unwrap_err();
        assert_eq!(error.range, 4..8);
        assert_eq!(
            error.message(),
            "this formula cannot be typeset: unknown command \"\\foo\""
        );
        assert!(error.hint.contains("math: macros:"), "{}", error.hint);
    }

    #[test]
    fn macros_from_the_site_are_known() {
        let math = Math::new(&[("R".into(), r"\mathbb{R}".into())]).unwrap();
        assert!(math.to_mathml(r"x \in \R", false).unwrap().contains("ℝ"));
        let macros = [
            ("ok".to_string(), r"\frac{#1}{#2}".to_string()),
            ("bad".to_string(), r"\frac{".to_string()),
            // A macro cannot use another.
            ("uses".to_string(), r"\ok{1}{2}".to_string()),
        ];
        let problems = Math::check_macros(&macros);
        let indexes: Vec<usize> = problems.iter().map(|p| p.index).collect();
        assert_eq!(indexes, [1, 2], "{problems:?}");
        assert_eq!(
            problems[0].message,
            "expected closing token \"}\", but reached end of input"
        );
        assert_eq!(problems[1].message, "unknown command \"\\ok\"");
    }

    #[test]
    fn a_command_a_yaml_escape_ate_is_named() {
        // What `"$\frac{1}{2}$"` in double quotes gives: a form feed, then `rac`.
        let error = yaml_escape_mishap("x = \u{0c}rac{1}{2}").unwrap();
        assert_eq!(error.range, 4..5);
        assert_eq!(
            error.reason,
            "`\\frac` was read as a form feed (in a double-quoted YAML string, `\\f` is an escape)"
        );
        assert_eq!(error.written.as_deref(), Some("\\frac"));
        assert!(yaml_escape_mishap(r"x = \frac{1}{2}").is_none());
    }

    #[test]
    fn numbered_equations_count_through_the_page_and_references_find_them() {
        let math = Math::default();
        let html = math.page(&[
            (r"see \eqref{b}", false),
            (r"\begin{equation}\label{a} x \end{equation}", true),
            (r"\begin{equation}\label{b} y \end{equation}", true),
        ]);
        let html: Vec<String> = html.into_iter().map(Result::unwrap).collect();
        assert!(html[0].contains("<a href=\"#b\">(2)</a>"), "{}", html[0]);
        assert!(
            html[1].contains("id=\"a\"><mtext>(1)</mtext>"),
            "{}",
            html[1]
        );
        assert!(
            html[2].contains("id=\"b\"><mtext>(2)</mtext>"),
            "{}",
            html[2]
        );
        assert_eq!(
            arguments(r"\label{ eq:a } x \label{b}", "label"),
            [(8..12, "eq:a"), (24..25, "b")]
        );
    }

    #[test]
    fn a_reference_outside_a_page_is_an_error_and_no_link() {
        let math = Math::default();
        assert_eq!(
            math.inline(r"\eqref{eq:a}", false),
            "<code class=\"math-error\">\\eqref{eq:a}</code>"
        );
        let error = math.yaml_formula_error(r"x \eqref{eq:a}").unwrap();
        assert_eq!(error.range, 9..13);
        assert_eq!(error.reason, "`\\eqref` has no page equation to refer to");
    }

    #[test]
    fn a_formula_outside_a_page_has_no_annotation_to_be_read_twice() {
        let math = Math::default();
        assert_eq!(
            math.inline("x^2", false),
            "<math><msup><mi>x</mi><mn>2</mn></msup></math>"
        );
        let display = math.inline("x", true);
        assert_eq!(
            display,
            "<span class=\"math-display\"><math display=\"block\"><mi>x</mi></math></span>"
        );
    }

    #[test]
    fn a_formula_that_fails_outside_a_page_shows_its_latex_as_code() {
        assert_eq!(
            Math::default().inline(r"\foo < 1", false),
            "<code class=\"math-error\">\\foo &lt; 1</code>"
        );
    }
}
