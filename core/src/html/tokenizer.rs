//! An HTML tokenizer for extraction: tags, attributes, text, with byte spans.
//!
//! Why not a crate: html5gum (WHATWG-conformant, maintained, spans on every
//! token) was tried first and measured in the WebAssembly package at
//! +325 KB raw / +96 KB gzip, most of it its generic state machine inlined
//! at opt-level 3 and its 2,231-entry entity table — over the package's
//! 600 KB gzip budget on its own. html5ever/scraper are bigger still,
//! lol_html is a CSS-selector rewriter of similar size, and `tl` is
//! unmaintained and decodes no entities. What extraction needs from the
//! tokenizer is small and well specified, so it is done here in about 300
//! lines for a few KB of code:
//!
//! - start tags with attributes (double-, single- or un-quoted values,
//!   `>` inside quotes, duplicates: first wins), end tags, self-closing `/>`;
//! - comments (`<!-- … -->`, also unterminated), doctypes, `<?…>`, CDATA
//!   and other `<!…>` markup skipped as the spec's "bogus comments";
//! - raw text: the content of `script`, `style`, `xmp`, `iframe`,
//!   `noembed`, `noframes` and `noscript` runs to its end tag, never read as
//!   markup; `title` and `textarea` likewise but with references decoded
//!   (RCDATA), exactly as HTML's tokenizer switches states for them;
//! - character references: decimal and hex (`&#8217;`, `&#x2014;`, with
//!   the spec's Windows-1252 fix-ups for 0x80–0x9F (the table of
//!   [`super::charset`]) and U+FFFD for invalid
//!   code points) and the HTML 4 named set (`data/html_entities.tsv`, with
//!   `&apos;`), also without `;` for the Latin-1 names as browsers accept;
//! - a `<` that does not start a tag is text (`a < b`).
//!
//! Not done (irrelevant to reading text): the states for foreign content
//! and the exact error recovery of malformed attribute names. Every loop
//! advances, so any input, however broken, is read in linear time.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::{memchr, memmem};

use crate::hash::FastMap;
use crate::lexicon::data_lines;

const ENTITIES: &str = include_str!("../../data/html_entities.tsv");

static ENTITY_TABLE: LazyLock<FastMap<&'static str, char>> = LazyLock::new(|| {
    data_lines(ENTITIES)
        .filter_map(|l| {
            let (name, hex) = l.split_once('\t')?;
            Some((name, char::from_u32(u32::from_str_radix(hex.trim(), 16).ok()?)?))
        })
        .collect()
});

/// One token with its byte range in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    StartTag { name: String, attributes: Vec<(String, String)>, self_closing: bool, start: usize, end: usize },
    EndTag { name: String, start: usize, end: usize },
    /// Text with character references decoded.
    Text { text: Cow<'a, str>, start: usize, end: usize },
}

impl Token<'_> {
    /// The value of attribute `key` of a start tag.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        match self {
            Token::StartTag { attributes, .. } => attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// Iterates over the tokens of an HTML string.
pub struct Tokenizer<'a> {
    html: &'a str,
    pos: usize,
    /// Inside a raw-text element: its name and whether references decode.
    raw: Option<(&'static str, bool)>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(html: &'a str) -> Self {
        Tokenizer { html, pos: 0, raw: None }
    }
}

/// Elements whose content is text up to their end tag, and whether
/// references are decoded in it.
pub fn raw_text_element(name: &str) -> Option<(&'static str, bool)> {
    Some(match name {
        "script" => ("script", false),
        "style" => ("style", false),
        "xmp" => ("xmp", false),
        "iframe" => ("iframe", false),
        "noembed" => ("noembed", false),
        "noframes" => ("noframes", false),
        "noscript" => ("noscript", false),
        "title" => ("title", true),
        "textarea" => ("textarea", true),
        _ => return None,
    })
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.html.as_bytes();
        if let Some((name, decode)) = self.raw.take() {
            let start = self.pos;
            let end = find_end_tag(bytes, start, name).unwrap_or(bytes.len());
            self.pos = end;
            if end > start {
                let raw = &self.html[start..end];
                let text = if decode { decode_references(raw, false) } else { Cow::Borrowed(raw) };
                return Some(Token::Text { text, start, end });
            }
        }
        while self.pos < bytes.len() {
            let start = self.pos;
            let lt = memchr(b'<', &bytes[start..]).map_or(bytes.len(), |k| start + k);
            if lt > start {
                self.pos = lt;
                return Some(Token::Text { text: decode_references(&self.html[start..lt], false), start, end: lt });
            }
            // At a '<'.
            let rest = &bytes[lt..];
            let next = rest.get(1).copied();
            match next {
                Some(b'!') => {
                    self.pos = if rest.starts_with(b"<!--") {
                        // `<!-->` and `<!--->` close at once, as in HTML.
                        let body = lt + 4;
                        if bytes.get(body) == Some(&b'>') {
                            body + 1
                        } else if bytes.get(body..body + 2) == Some(b"->") {
                            body + 2
                        } else {
                            memmem::find(&bytes[body..], b"-->").map_or(bytes.len(), |k| body + k + 3)
                        }
                    } else {
                        skip_past_gt(bytes, lt + 2)
                    };
                }
                Some(b'?') => self.pos = skip_past_gt(bytes, lt + 2),
                Some(b'/') => match bytes.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let name_end = name_end(bytes, lt + 2);
                        let name = self.html[lt + 2..name_end].to_ascii_lowercase();
                        let end = skip_past_gt(bytes, name_end);
                        self.pos = end;
                        return Some(Token::EndTag { name, start: lt, end });
                    }
                    Some(b'>') => self.pos = lt + 3,
                    Some(_) => self.pos = skip_past_gt(bytes, lt + 2),
                    None => {
                        self.pos = bytes.len();
                        return Some(Token::Text { text: Cow::Borrowed("</"), start: lt, end: bytes.len() });
                    }
                },
                Some(c) if c.is_ascii_alphabetic() => {
                    let token = self.start_tag(lt);
                    // HTML ignores `/>` on these: `<script/>` still opens.
                    if let Token::StartTag { name, .. } = &token {
                        self.raw = raw_text_element(name);
                    }
                    return Some(token);
                }
                _ => {
                    // A '<' that starts no tag is text, up to the next '<'.
                    let after = memchr(b'<', &bytes[lt + 1..]).map_or(bytes.len(), |k| lt + 1 + k);
                    self.pos = after;
                    return Some(Token::Text { text: decode_references(&self.html[lt..after], false), start: lt, end: after });
                }
            }
        }
        None
    }
}

impl<'a> Tokenizer<'a> {
    /// Reads a start tag at `lt` (`<` followed by a letter).
    fn start_tag(&mut self, lt: usize) -> Token<'a> {
        let bytes = self.html.as_bytes();
        let name_end = name_end(bytes, lt + 1);
        let name = self.html[lt + 1..name_end].to_ascii_lowercase();
        let mut attributes: Vec<(String, String)> = Vec::new();
        let mut pos = name_end;
        let mut self_closing = false;
        loop {
            while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
                self_closing = bytes[pos] == b'/';
                pos += 1;
            }
            if pos >= bytes.len() {
                break;
            }
            if bytes[pos] == b'>' {
                pos += 1;
                break;
            }
            self_closing = false;
            // Attribute name: up to whitespace, '/', '>' or '=' (a leading
            // '=' belongs to the name, as in HTML).
            let key_start = pos;
            pos += 1;
            while pos < bytes.len() && !matches!(bytes[pos], b'>' | b'/' | b'=') && !bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            let key = self.html[key_start..pos].to_ascii_lowercase();
            while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            let mut value = String::new();
            if bytes.get(pos) == Some(&b'=') {
                pos += 1;
                while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
                    pos += 1;
                }
                match bytes.get(pos) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let v_start = pos + 1;
                        let v_end = memchr(quote, &bytes[v_start..]).map_or(bytes.len(), |k| v_start + k);
                        value = decode_references(&self.html[v_start..v_end], true).into_owned();
                        pos = (v_end + 1).min(bytes.len());
                    }
                    Some(_) => {
                        let v_start = pos;
                        while pos < bytes.len() && bytes[pos] != b'>' && !bytes[pos].is_ascii_whitespace() {
                            pos += 1;
                        }
                        value = decode_references(&self.html[v_start..pos], true).into_owned();
                    }
                    None => {}
                }
            }
            if !attributes.iter().any(|(k, _)| *k == key) {
                attributes.push((key, value));
            }
        }
        self.pos = pos;
        Token::StartTag { name, attributes, self_closing, start: lt, end: pos }
    }
}

/// End of a tag name starting at `from`.
fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut pos = from;
    while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() && !matches!(bytes[pos], b'/' | b'>') {
        pos += 1;
    }
    pos
}

/// Just past the next '>' at or after `from` (or the end).
fn skip_past_gt(bytes: &[u8], from: usize) -> usize {
    let from = from.min(bytes.len());
    memchr(b'>', &bytes[from..]).map_or(bytes.len(), |k| from + k + 1)
}

/// Where the end tag `</name` (any case, then whitespace, '/' or '>')
/// starts, from `from` on.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut pos = from;
    while let Some(k) = memmem::find(&bytes[pos..], b"</") {
        let at = pos + k;
        let after = at + 2 + name.len();
        let matches = bytes.get(at + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes.get(after).is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'));
        if matches {
            return Some(at);
        }
        pos = at + 2;
    }
    None
}

/// Decodes character references in `text`. In attribute values a named
/// reference without `;` followed by `=` or an alphanumeric stays as
/// written (`?a=1&copy=2`), as in HTML.
pub fn decode_references(text: &str, in_attribute: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = memchr(b'&', bytes) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut pos = first;
    while pos < bytes.len() {
        // At '&'.
        match reference_at(text, pos, in_attribute) {
            Some((c, len)) => {
                out.push(c);
                pos += len;
            }
            None => {
                out.push('&');
                pos += 1;
            }
        }
        let next = memchr(b'&', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        out.push_str(&text[pos..next]);
        pos = next;
    }
    Cow::Owned(out)
}

/// The character a reference at `at` (an '&') stands for, and its length.
fn reference_at(text: &str, at: usize, in_attribute: bool) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let mut pos = at + 1;
    if bytes.get(pos) == Some(&b'#') {
        pos += 1;
        let hex = matches!(bytes.get(pos), Some(b'x' | b'X'));
        if hex {
            pos += 1;
        }
        let digits_start = pos;
        let mut value: u32 = 0;
        while let Some(&c) = bytes.get(pos) {
            let d = if hex { (c as char).to_digit(16) } else { (c as char).to_digit(10) };
            let Some(d) = d else { break };
            value = value.saturating_mul(if hex { 16 } else { 10 }).saturating_add(d);
            pos += 1;
        }
        if pos == digits_start {
            return None;
        }
        if bytes.get(pos) == Some(&b';') {
            pos += 1;
        }
        // `&#128;`–`&#159;` mean their Windows-1252 characters, as in HTML.
        let c = match value {
            0x80..=0x9F => super::charset::windows_1252(value as u8),
            0 => '\u{FFFD}',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((c, pos - at));
    }
    let name_start = pos;
    while pos < bytes.len() && pos - name_start < 32 && bytes[pos].is_ascii_alphanumeric() {
        pos += 1;
    }
    let name = &text[name_start..pos];
    if name.is_empty() {
        return None;
    }
    let table = &*ENTITY_TABLE;
    if bytes.get(pos) == Some(&b';') {
        if let Some(&c) = table.get(name) {
            return Some((c, pos + 1 - at));
        }
    }
    // Without ';': the longest Latin-1 name that prefixes the run
    // ("&copy2026" is "©2026"), except in attributes before '=' or more
    // letters.
    for len in (2..=name.len().min(6)).rev() {
        let candidate = &name[..len];
        if let Some(&c) = table.get(candidate).filter(|c| (**c as u32) < 0x100) {
            let follows = bytes.get(name_start + len);
            if in_attribute && follows.is_some_and(|f| *f == b'=' || f.is_ascii_alphanumeric()) {
                return None;
            }
            return Some((c, name_start + len - at));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(html: &str) -> Vec<String> {
        Tokenizer::new(html)
            .map(|t| match t {
                Token::StartTag { name, attributes, self_closing, .. } => {
                    let attrs: Vec<String> = attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    format!("<{name}{}{}>", if attrs.is_empty() { String::new() } else { format!(" {}", attrs.join(" ")) }, if self_closing { "/" } else { "" })
                }
                Token::EndTag { name, .. } => format!("</{name}>"),
                Token::Text { text, .. } => text.into_owned(),
            })
            .collect()
    }

    #[test]
    fn tags_attributes_and_text() {
        assert_eq!(
            tokens(r#"<P Class="a b" id='x>y' data-n=3 hidden>Hi <b>there</b><br/></p>"#),
            ["<p class=a b id=x>y data-n=3 hidden=>", "Hi ", "<b>", "there", "</b>", "<br/>", "</p>"]
        );
    }

    #[test]
    fn comments_doctypes_and_bogus_markup_are_skipped() {
        assert_eq!(tokens("<!DOCTYPE html><!-- a <p> -->x<!---->y<?php no ?>z<![CDATA[w]]>v</ >u"), ["x", "y", "z", "v", "u"]);
        assert_eq!(tokens("a<!-- never closed <p>b"), ["a"]);
    }

    #[test]
    fn raw_text_runs_to_its_end_tag() {
        assert_eq!(
            tokens("<script>if (a<b) x='</p>';</SCRIPT ><p>t</p><title>A &amp; B</title><style>p{}</style>"),
            ["<script>", "if (a<b) x='</p>';", "</script>", "<p>", "t", "</p>", "<title>", "A & B", "</title>", "<style>", "p{}", "</style>"]
        );
        assert_eq!(tokens("<script>never closed <p>"), ["<script>", "never closed <p>"]);
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        assert_eq!(tokens("a < b and c <3 d"), ["a ", "< b and c ", "<3 d"]);
        assert_eq!(tokens("x</"), ["x", "</"]);
    }

    #[test]
    fn references() {
        assert_eq!(decode_references("Tom &amp; Jerry&rsquo;s &#8220;q&#x201D; &#150; &copy2026 &nosuch; &", false), "Tom & Jerry\u{2019}s \u{201c}q\u{201d} \u{2013} ©2026 &nosuch; &");
        assert_eq!(decode_references("?a=1&copy=2&amp;b", true), "?a=1&copy=2&b");
        assert_eq!(decode_references("&#0;&#xD800;&#99999999999;", false), "\u{fffd}\u{fffd}\u{fffd}");
    }

    #[test]
    fn spans_cover_the_source() {
        let html = "<p a=1>x &amp; y</p>";
        let spans: Vec<(usize, usize)> = Tokenizer::new(html)
            .map(|t| match t {
                Token::StartTag { start, end, .. } | Token::EndTag { start, end, .. } | Token::Text { start, end, .. } => (start, end),
            })
            .collect();
        assert_eq!(spans, [(0, 7), (7, 16), (16, 20)]);
    }

    #[test]
    fn unterminated_everything_ends() {
        for html in ["<p class=\"never", "<p class=", "<", "<a", "</a", "<!", "<!--", "&#", "&#x", "<p/", "<p =x>"] {
            let _ = tokens(html);
        }
    }
}
