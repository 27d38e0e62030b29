//! The size in CSS pixels of each image copied with the site, read from the file's
//! header (or an SVG's root tag) when the site is loaded, so that pages can give their
//! images `width` and `height`: the browser then keeps the image's room from the start
//! and the text below does not move when it arrives — a reader who followed a link to
//! a section, or changed tiers on one, stays on it.
//!
//! Raster formats are read by the `imagesize` crate; a JPEG whose EXIF orientation
//! turns it a quarter turn (as phones write them) has its sides swapped, as browsers
//! show it. An SVG's size is its `width` and `height` in pixels, or else its
//! `viewBox`. A file that cannot be read or measured simply has no size: its image
//! is written without one, as before.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use rayon::prelude::*;

use crate::model::Asset;

/// The most of an SVG file read to find its root tag.
const SVG_HEAD: u64 = 64 * 1024;

/// Measures every image among `assets`, in parallel.
pub fn measure(assets: &mut [Asset]) {
    assets
        .par_iter_mut()
        .filter(|a| image_kind(&a.output).is_some())
        .for_each(|asset| asset.size = size_of(&asset.source, &asset.output));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Svg,
    Jpeg,
    Raster,
}

/// What kind of image the output name `name` is, by its extension.
fn image_kind(name: &str) -> Option<Kind> {
    let (_, ext) = name.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "svg" => Some(Kind::Svg),
        "jpg" | "jpeg" => Some(Kind::Jpeg),
        "png" | "gif" | "webp" | "avif" | "bmp" | "ico" => Some(Kind::Raster),
        _ => None,
    }
}

fn size_of(path: &Path, name: &str) -> Option<(u32, u32)> {
    let kind = image_kind(name)?;
    if kind == Kind::Svg {
        let mut head = String::new();
        std::fs::File::open(path)
            .ok()?
            .take(SVG_HEAD)
            .read_to_string(&mut head)
            .ok()?;
        return svg_size(&head);
    }
    // One open file for the header and, for a JPEG, its EXIF block.
    let mut reader = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    let size = imagesize::reader_size(&mut reader).ok()?;
    let (width, height) = (
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    );
    if width == 0 || height == 0 {
        return None;
    }
    let turned = kind == Kind::Jpeg && jpeg_turned(reader).unwrap_or(false);
    Some(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

/// The size an SVG document `text` asks for: its root's `width` and `height` when
/// both are lengths in pixels (`300`, `300px`), one of them with the other from the
/// `viewBox`'s proportions, or else the `viewBox`'s own width and height.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = find_svg_tag(text)?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..=end];
    let tags = crate::markdown::html::Attributes::new(tag);
    let value = |name: &str| tags.spans(name).next().map(|span| &tag[span]);
    let pixels = |name: &str| value(name).and_then(length);
    let view = value("viewBox").and_then(view_box);
    let (width, height) = match (pixels("width"), pixels("height"), view) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(view)) => view,
        _ => return None,
    };
    let (width, height) = (width.round(), height.round());
    (width >= 1.0 && height >= 1.0 && width < 1e6 && height < 1e6)
        .then_some((width as u32, height as u32))
}

/// Where the root `<svg` tag starts, past an XML declaration, comments and a doctype.
fn find_svg_tag(text: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = text[at..].find('<') {
        let i = at + i;
        let rest = &text[i..];
        if rest.starts_with("<svg")
            && rest[4..].starts_with(|c: char| c.is_whitespace() || c == '>')
        {
            return Some(i);
        }
        at = if rest.starts_with("<!--") {
            i + rest.find("-->")? + 3
        } else {
            i + 1
        };
    }
    None
}

/// A length in CSS pixels: a number, alone or with `px`. Other units (`%`, `em`,
/// `cm`) depend on where the image is drawn, so they give none.
fn length(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = text.strip_suffix("px").unwrap_or(text).trim();
    let value: f64 = number.parse().ok()?;
    (value.is_finite() && value > 0.0).then_some(value)
}

/// The width and height of a `viewBox="min-x min-y width height"`.
fn view_box(text: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// Whether the JPEG `reader` reads has an EXIF orientation of a quarter turn (5 to 8), so
/// that a browser shows it with width and height swapped.
fn jpeg_turned(mut reader: impl Read + Seek) -> Option<bool> {
    reader.seek(SeekFrom::Start(0)).ok()?;
    let mut head = Vec::with_capacity(64 * 1024);
    reader.take(64 * 1024).read_to_end(&mut head).ok()?;
    Some(matches!(exif_orientation(&head)?, 5..=8))
}

/// The EXIF orientation tag of the JPEG whose first bytes are `jpeg`, if it has one.
fn exif_orientation(jpeg: &[u8]) -> Option<u16> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    // Walk the markers before the image data, looking for APP1 "Exif".
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        let len = u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]) as usize;
        let segment = jpeg.get(at + 4..at + 2 + len)?;
        if marker == 0xE1 && segment.starts_with(b"Exif\0\0") {
            return tiff_orientation(&segment[6..]);
        }
        if marker == 0xDA || len < 2 {
            return None;
        }
        at += 2 + len;
    }
    None
}

/// The orientation (tag 0x0112) in the first directory of a TIFF block.
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let directory = u32_at(4)? as usize;
    let entries = u16_at(directory)? as usize;
    (0..entries)
        .map(|n| directory + 2 + n * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_is_as_large_as_its_pixel_width_and_height_or_its_view_box() {
        let svg = |root: &str| svg_size(&format!("{root}<rect/></svg>"));
        assert_eq!(svg(r#"<svg width="300" height="150">"#), Some((300, 150)));
        assert_eq!(
            svg(r#"<svg width="300px" height="150.4px" viewBox="0 0 1 1">"#),
            Some((300, 150))
        );
        assert_eq!(svg(r#"<svg viewBox="0 0 640 480">"#), Some((640, 480)));
        assert_eq!(
            svg(r#"<svg viewBox="0,0,640,480" width="100%">"#),
            Some((640, 480))
        );
        assert_eq!(
            svg(r#"<svg width="320" viewBox="0 0 640 480">"#),
            Some((320, 240))
        );
        assert_eq!(
            svg(r#"<svg height="240" viewBox="0 0 640 480">"#),
            Some((320, 240))
        );
        assert_eq!(svg(r#"<svg width="10em" height="5em">"#), None);
        assert_eq!(svg(r#"<svg viewBox="0 0 0 10">"#), None);
        assert_eq!(svg("<svg>"), None);
        // The root tag, past the declaration, a comment that mentions <svg> and a doctype.
        let text = "<?xml version=\"1.0\"?>\n<!-- an <svg x> in a comment -->\n<!DOCTYPE svg>\n<svg\n  xmlns=\"http://www.w3.org/2000/svg\"\n  width='64' height='32'><svgx/></svg>";
        assert_eq!(svg_size(text), Some((64, 32)));
    }

    /// A JPEG start with one APP1 segment holding a TIFF block whose only entry is
    /// the orientation.
    fn jpeg_with_orientation(orientation: u16, little: bool) -> Vec<u8> {
        type Bytes<const N: usize, T> = fn(T) -> [u8; N];
        let (order, u16b, u32b): (&[u8], Bytes<2, u16>, Bytes<4, u32>) = if little {
            (b"II", u16::to_le_bytes, u32::to_le_bytes)
        } else {
            (b"MM", u16::to_be_bytes, u32::to_be_bytes)
        };
        let mut tiff = order.to_vec();
        tiff.extend(u16b(42));
        tiff.extend(u32b(8));
        tiff.extend(u16b(1));
        tiff.extend(u16b(0x0112));
        tiff.extend(u16b(3));
        tiff.extend(u32b(1));
        tiff.extend(u16b(orientation));
        tiff.extend([0, 0]);
        let mut segment = b"Exif\0\0".to_vec();
        segment.extend(tiff);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend(((segment.len() + 2) as u16).to_be_bytes());
        jpeg.extend(segment);
        jpeg.extend([0xFF, 0xDA, 0, 2]);
        jpeg
    }

    #[test]
    fn the_exif_orientation_is_read_in_either_byte_order() {
        assert_eq!(exif_orientation(&jpeg_with_orientation(6, true)), Some(6));
        assert_eq!(exif_orientation(&jpeg_with_orientation(8, false)), Some(8));
        assert_eq!(exif_orientation(&jpeg_with_orientation(1, false)), Some(1));
        assert_eq!(exif_orientation(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
        assert_eq!(exif_orientation(b"not a jpeg"), None);
    }

    #[test]
    fn only_images_are_measured() {
        assert_eq!(image_kind("a/figure.SVG"), Some(Kind::Svg));
        assert_eq!(image_kind("photo.jpeg"), Some(Kind::Jpeg));
        assert_eq!(image_kind("chart.webp"), Some(Kind::Raster));
        assert_eq!(image_kind("notes.pdf"), None);
        assert_eq!(image_kind("README"), None);
    }
}
