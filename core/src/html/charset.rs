//! Bytes of a saved page to text.
//!
//! Browsers and bindings hand over strings, but a page saved to disk is
//! bytes, and old sites still serve windows-1252 (often labelled
//! ISO-8859-1, which the HTML standard reads as windows-1252 too). UTF-8
//! input is taken as it is; otherwise the `charset` a `<meta>` (or an XML
//! declaration) states in the first 2 KB decides: the windows-1252 family is
//! decoded with its table, any other charset is refused with its name (no
//! decoder for it is compiled in), and an undeclared non-UTF-8 page is read
//! as windows-1252, the web's default for Western pages.

use std::borrow::Cow;

/// windows-1252 for bytes 0x80–0x9F (the rest of its upper half is Latin-1).
/// Undefined bytes map to the C1 control of the same value, as in browsers.
const HIGH: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// Labels the HTML standard reads as windows-1252.
const WINDOWS_1252: &[&str] = &[
    "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "ascii", "us-ascii",
    "iso-ir-100", "cp819", "ibm819", "csisolatin1", "iso88591", "ansi_x3.4-1968",
];

/// The page's text, or why it cannot be read.
pub fn decode_page(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    match declared_charset(bytes) {
        Some(label) if !WINDOWS_1252.contains(&label.as_str()) && label != "utf-8" && label != "utf8" => {
            Err(format!("the page is in {label}; only UTF-8 and windows-1252 (ISO-8859-1) pages can be read: convert it to UTF-8 first"))
        }
        // Declared UTF-8 but invalid: the usual mislabelled windows-1252.
        _ => Ok(Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect())),
    }
}

/// The character a windows-1252 byte stands for (also what HTML's numeric
/// references `&#128;`–`&#159;` mean).
pub(crate) fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(byte - 0x80)])).unwrap_or('\u{FFFD}'),
        b => char::from(b),
    }
}

/// The lowercase `charset` label stated near the top of the page.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(7).position(|w| w == b"charset").or_else(|| lower.windows(8).position(|w| w == b"encoding"))?;
    let rest = &lower[at..];
    let eq = rest.iter().position(|&b| b == b'=')?;
    let value: String = rest[eq + 1..]
        .iter()
        .skip_while(|&&b| b == b' ' || b == b'"' || b == b'\'')
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        .map(|&b| char::from(b))
        .collect();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        assert!(matches!(decode_page("café".as_bytes()), Ok(Cow::Borrowed("café"))));
    }

    #[test]
    fn windows_1252_declared_or_not() {
        let page = b"<meta charset=\"ISO-8859-1\"><p>Caf\xe9 \x93quoted\x94 \x96 10\x80</p>";
        assert_eq!(decode_page(page).unwrap(), "<meta charset=\"ISO-8859-1\"><p>Café \u{201c}quoted\u{201d} \u{2013} 10€</p>");
        assert_eq!(decode_page(b"<p>na\xefve</p>").unwrap(), "<p>naïve</p>");
        assert_eq!(
            decode_page(b"<meta http-equiv=Content-Type content='text/html; charset=windows-1252'>\xe9").unwrap().chars().last(),
            Some('é')
        );
    }

    #[test]
    fn other_charsets_are_refused_by_name() {
        let err = decode_page(b"<meta charset=shift_jis><p>\x82\xa0</p>").unwrap_err();
        assert!(err.contains("shift_jis"), "{err}");
    }
}
