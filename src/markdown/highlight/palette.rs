//! Readable highlighting colours: WCAG 2 contrast arithmetic, and syntect themes
//! whose every colour is moved, if it must be, until it reaches a minimum contrast
//! against the background code is shown on.
//!
//! The colour themes syntect ships were made for editors, not for WCAG: several of
//! their token colours (comments above all) are too faint to read on a page. Rather
//! than hand-pick replacements, each colour below the minimum is mixed with black (on a
//! light background) or white (on a dark one) just far enough to reach it, which keeps
//! its hue and leaves every colour that was already readable as it was. Nothing here
//! knows about CSS: [`super::stylesheet`] writes the result.

use syntect::highlighting::{Color, Theme};

/// The smallest contrast ratio a token colour may have: WCAG 2's 4.5:1 for normal
/// text (SC 1.4.3), with a margin so that other tools' rounding cannot put a colour
/// just under it.
pub const MIN_CONTRAST: f64 = 4.6;

const BLACK: Color = Color {
    r: 0,
    g: 0,
    b: 0,
    a: 0xff,
};
const WHITE: Color = Color {
    r: 0xff,
    g: 0xff,
    b: 0xff,
    a: 0xff,
};

/// WCAG 2's relative luminance of an sRGB colour (alpha is ignored: the stylesheet
/// writes colours opaque).
pub fn luminance(c: Color) -> f64 {
    fn channel(v: u8) -> f64 {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `a` mixed with `b`: `t = 0` is `a`, `t = 1` is `b`; rounded to whole channels.
fn mix(a: Color, b: Color, t: f64) -> Color {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Color {
        r: m(a.r, b.r),
        g: m(a.g, b.g),
        b: m(a.b, b.b),
        a: 0xff,
    }
}

/// `fg` as it is when it reaches `min` against `bg`; otherwise the colour closest to it,
/// on the way to black or white (whichever contrasts more with `bg`), that does. When
/// not even black or white reaches `min`, that one is the answer: nothing reads better.
pub fn readable(fg: Color, bg: Color, min: f64) -> Color {
    let fg = Color { a: 0xff, ..fg };
    if contrast(fg, bg) >= min {
        return fg;
    }
    let pole = if contrast(WHITE, bg) >= contrast(BLACK, bg) {
        WHITE
    } else {
        BLACK
    };
    if contrast(pole, bg) < min {
        return pole;
    }
    // The contrast grows as the mix moves towards the pole, so the least mix that
    // reaches `min` is found by halving; each candidate is judged as it will be written
    // (rounded), so the answer is never a rounding short.
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if contrast(mix(fg, pole, mid), bg) >= min {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    mix(fg, pole, hi)
}

/// `theme` with its default foreground and every scope's foreground readable on `bg`
/// (or, for a scope with a background of its own, on that background), and its own
/// background replaced by `bg`.
pub fn readable_theme(theme: &Theme, bg: Color, min: f64) -> Theme {
    let mut out = theme.clone();
    let text = theme
        .settings
        .foreground
        .unwrap_or(if luminance(bg) > 0.18 { BLACK } else { WHITE });
    out.settings.foreground = Some(readable(text, bg, min));
    out.settings.background = Some(Color { a: 0xff, ..bg });
    for item in &mut out.scopes {
        let under = item.style.background.map_or(bg, |c| Color { a: 0xff, ..c });
        if let Some(fg) = item.style.foreground {
            item.style.foreground = Some(readable(fg, under, min));
        } else if item.style.background.is_some() {
            // Text on this background keeps the default colour, which was checked
            // against the code background only.
            item.style.foreground = Some(readable(text, under, min));
        }
    }
    out
}

/// `#rrggbb`.
pub fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(v: u32) -> Color {
        Color {
            r: (v >> 16) as u8,
            g: (v >> 8) as u8,
            b: v as u8,
            a: 0xff,
        }
    }

    #[test]
    fn contrast_matches_wcags_reference_values() {
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // The audit's figures: #323232 on #22262c is 1.19:1, #969896 on #f3f0e8 2.55:1.
        assert!((contrast(rgb(0x323232), rgb(0x22262c)) - 1.19).abs() < 0.01);
        assert!((contrast(rgb(0x969896), rgb(0xf3f0e8)) - 2.55).abs() < 0.01);
    }

    #[test]
    fn faint_colours_are_darkened_on_light_and_lightened_on_dark_backgrounds() {
        let (light, dark) = (rgb(0xf3f0e8), rgb(0x22262c));
        for faint in [0x969896, 0x0086b3, 0x62a35c, 0xed6a43] {
            let c = readable(rgb(faint), light, MIN_CONTRAST);
            assert!(contrast(c, light) >= MIN_CONTRAST, "{} on light", hex(c));
            assert!(luminance(c) < luminance(rgb(faint)), "darker");
        }
        for faint in [0x323232, 0xa71d5d, 0x65737e] {
            let c = readable(rgb(faint), dark, MIN_CONTRAST);
            assert!(contrast(c, dark) >= MIN_CONTRAST, "{} on dark", hex(c));
            assert!(luminance(c) > luminance(rgb(faint)), "lighter");
        }
    }

    #[test]
    fn readable_colours_are_kept_and_the_change_is_the_least_that_reaches_the_minimum() {
        let light = rgb(0xf3f0e8);
        assert_eq!(readable(rgb(0x1d1f23), light, MIN_CONTRAST), rgb(0x1d1f23));
        let c = readable(rgb(0x969896), light, MIN_CONTRAST);
        // One step less towards black falls short.
        let less = Color {
            r: c.r + 1,
            g: c.g + 1,
            b: c.b + 1,
            a: 0xff,
        };
        assert!(contrast(less, light) < MIN_CONTRAST + 0.05, "{}", hex(c));
        // The hue survives: the green of #62a35c stays the largest channel.
        let green = readable(rgb(0x62a35c), light, MIN_CONTRAST);
        assert!(green.g > green.r && green.g > green.b, "{}", hex(green));
    }

    #[test]
    fn every_colour_of_both_shipped_themes_becomes_readable() {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        for (name, bg) in [
            ("InspiredGitHub", rgb(0xf3f0e8)),
            ("base16-ocean.dark", rgb(0x22262c)),
        ] {
            let theme = readable_theme(&themes.themes[name], bg, MIN_CONTRAST);
            let text = theme.settings.foreground.unwrap();
            assert!(contrast(text, bg) >= MIN_CONTRAST, "{name} text");
            for item in &theme.scopes {
                let under = item.style.background.unwrap_or(bg);
                let fg = item.style.foreground.unwrap_or(text);
                assert!(
                    contrast(fg, under) >= MIN_CONTRAST,
                    "{name}: {:?} {} on {}",
                    item.scope,
                    hex(fg),
                    hex(under)
                );
            }
        }
    }
}
