//! HTML input: from a saved page or a rich paste to clean text with its
//! blocks, so the rest of the pipeline runs exactly as for pasted text.
//!
//! ```text
//! HTML ──tree──▶ elements and text ──content──▶ blocks (article or furniture)
//!      ╰─metadata─▶ title, authors, published, site name, URL
//! ```
//!
//! The clean text is the blocks' texts in page order, separated by blank
//! lines, furniture included (set aside as boilerplate, never dropped).
//! Every span of the resulting [`crate::Article`] points into that text
//! ([`crate::Article::text`]); each block also carries its byte range in
//! the HTML ([`crate::Block::source`]) so a UI can map back.
//!
//! The tokenizer is our own ([`tokenizer`] says why: html5gum, the
//! maintained WHATWG tokenizer tried first, cost +96 KB gzip in the
//! WebAssembly package, more than the package's whole headroom). The tree
//! construction that matters here (implied end tags, void elements,
//! raw-text elements) is done in [`tree`], bounded so that hostile markup
//! stays linear.

pub mod charset;
pub mod content;
pub mod cues;
pub mod json;
pub mod metadata;
pub mod tokenizer;
pub mod tree;

use crate::clean::StructuredUnit;
pub use metadata::PageMetadata;

/// A page read for extraction.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The blocks' texts in page order, separated by blank lines.
    pub text: String,
    /// One unit per block, with byte ranges into `text`.
    pub units: Vec<StructuredUnit>,
    /// For each unit, its byte range in the HTML.
    pub sources: Vec<(usize, usize)>,
    pub metadata: PageMetadata,
}

/// Reads a page.
pub fn read(html: &str) -> Page {
    let tree = tree::parse(html);
    let metadata = metadata::read(&tree);
    let blocks = content::blocks(&tree, &metadata);
    let mut page = Page { metadata, ..Default::default() };
    page.text.reserve(blocks.iter().map(|b| b.text.len() + 2).sum());
    for block in blocks {
        if !page.text.is_empty() {
            page.text.push_str("\n\n");
        }
        let start = page.text.len();
        // A block is one line: the text stages must not see line breaks
        // inside it as a new paragraph.
        page.text.push_str(&block.text);
        page.units.push(StructuredUnit { start, end: page.text.len(), structure: block.structure });
        page.sources.push((block.source_start, block.source_end));
    }
    page
}

/// Whether `input` clearly is an HTML document rather than text that
/// mentions markup: it starts (after whitespace, a byte-order mark and
/// comments) with a doctype or `<html>`, or with a tag and has a `<head>` or
/// `<body>` near the top.
pub fn looks_like_document(input: &str) -> bool {
    let mut rest = input.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    // Skip leading comments and an XML declaration.
    for _ in 0..8 {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |k| &after[k + 3..]).trim_start();
        } else if rest.starts_with("<?xml") {
            rest = rest.find("?>").map_or("", |k| &rest[k + 2..]).trim_start();
        } else {
            break;
        }
    }
    // Every form below starts with a tag: plain text is decided here,
    // without copying its head.
    if !rest.starts_with('<') {
        return false;
    }
    let head: String = rest.chars().take(4096).collect::<String>().to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    head.starts_with('<') && (head.contains("<head") || head.contains("<body"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Structure;

    #[test]
    fn documents_are_recognized() {
        assert!(looks_like_document("<!DOCTYPE html><p>x"));
        assert!(looks_like_document("\u{feff}  <!-- saved --> <html lang=en>"));
        assert!(looks_like_document("<meta charset=utf-8><body><p>x"));
        assert!(!looks_like_document("Putin said <b>no</b> on Tuesday."));
        assert!(!looks_like_document("<img src=x onerror=alert(1)> and text"));
        assert!(!looks_like_document(""));
    }

    #[test]
    fn text_is_blocks_separated_by_blank_lines() {
        let page = read("<html><body><nav><a href=/>Home</a></nav><article><h1>Dam opens</h1><p>The dam opened on Monday, officials said, after years of delay.</p><p>It cost $2 billion, more than planned, and took nine years.</p></article><footer>© Courier</footer></body></html>");
        assert_eq!(page.text, "Home\n\nDam opens\n\nThe dam opened on Monday, officials said, after years of delay.\n\nIt cost $2 billion, more than planned, and took nine years.\n\n© Courier");
        let kinds: Vec<Structure> = page.units.iter().map(|u| u.structure).collect();
        assert_eq!(
            kinds,
            [
                Structure::Boilerplate("navigation"),
                Structure::Headline,
                Structure::Paragraph,
                Structure::Paragraph,
                Structure::Boilerplate("footer")
            ]
        );
        for (unit, (s, e)) in page.units.iter().zip(&page.sources) {
            assert!(s <= e);
            assert!(!page.text[unit.start..unit.end].is_empty());
        }
    }
}
