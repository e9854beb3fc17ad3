//! # nutgraf-core
//!
//! The extraction core of nutgraf: give it a news article as pasted (plain
//! text, with the page furniture that comes along) and it returns an
//! [`Article`]: the headline once, subtitle, byline, dateline, headings,
//! paragraphs and list items, boilerplate set aside (kept, marked), and the
//! sentences of the content — every piece a span into the input exactly as
//! given.
//!
//! ```
//! let text = "Putin Agrees to Talks\n\nMOSCOW (Reuters) - Russia said on Monday it was ready. Talks start soon.\n\nLeave a Reply";
//! let article = nutgraf_core::extract(text, &nutgraf_core::Options::default()).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Putin Agrees to Talks"));
//! assert_eq!(article.dateline.as_ref().unwrap().source.as_deref(), Some("Reuters"));
//! assert_eq!(article.sentences.len(), 3); // the headline and two body sentences
//! assert_eq!(article.blocks.last().unwrap().cue.as_deref(), Some("comment_form"));
//! for s in &article.sentences {
//!     assert_eq!(&text[s.start..s.end], s.text);
//! }
//! ```
//!
//! ## Design
//!
//! The pipeline is a fixed sequence of stages, each a module with one job:
//! [`clean`] (blocks) → [`segment`] (sentences, over [`tokenize`]) →
//! [`assemble`]. Core works in UTF-8 byte offsets; hosts convert once with
//! [`Article::convert_offsets`] (JavaScript wants UTF-16 units, Python code
//! points). Cue words, abbreviations and agencies are data files in
//! `core/data/`, compiled in. Core does no I/O and never panics on any input:
//! that is what lets the WebAssembly build use `panic = "abort"`.
//!
//! ## Cost
//!
//! Linear in the input: every stage is a constant number of passes over the
//! text (pull-quote detection, the one search across blocks, is capped).
//! Lexicons are parsed once, on first use, into hash sets and one
//! Aho-Corasick automaton.

pub mod assemble;
pub mod clean;
pub mod data;
pub mod dates;
pub mod entities;
pub mod error;
pub mod gazetteer;
pub mod hash;
pub mod html;
pub mod lexicon;
pub mod model;
pub mod numbers;
pub mod offsets;
pub mod quotes;
pub mod records;
pub mod roles;
pub mod segment;
pub mod summary;
pub mod temporal;
#[cfg(test)]
mod testing;
pub mod text;
pub mod tokenize;

pub use error::{Error, ErrorKind};
pub use model::*;

/// What to extract and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Refuse inputs larger than this many bytes (`input_too_large`).
    /// `None`: no limit; cost is linear, so the limit is the caller's memory.
    pub max_input_bytes: Option<usize>,
    /// Publication date (`YYYY-MM-DD`) that relative dates ("Tuesday",
    /// "last month") resolve against. When absent, a date stated in the
    /// article's byline or dateline is used; when there is none, relative
    /// values stay null. An invalid date is an `invalid_argument` error.
    pub published: Option<String>,
    /// Which layers to compute (`entities`, `people`, `quotes`, `dates`,
    /// `numbers`, `summary`); `None`: all. Blocks and sentences are always
    /// there, and a layer brings those it needs (quotes and the summary need
    /// people, people need entities). An unknown name is an
    /// `invalid_argument` error.
    pub layers: Option<Vec<String>>,
    /// Names to recognize whatever the model says: every occurrence in the
    /// content is an entity with the entry's label, and wins over mentions
    /// the tagger found there (see [`entities::custom`]). A label outside
    /// PERSON, ORG, GPE, LOC, NORP, MISC or an empty name is an
    /// `invalid_argument` error.
    pub lexicon: Vec<LexiconEntry>,
    /// How to read the input: plain text, an HTML page, or decide
    /// ([`InputFormat::Auto`], the default: HTML when the input clearly is
    /// an HTML document, see [`html::looks_like_document`]).
    pub format: InputFormat,
}

/// How [`extract`] reads its input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// HTML when the input starts like an HTML document, else text.
    #[default]
    Auto,
    /// Text as pasted; markup in it is text.
    Text,
    /// An HTML page or fragment: the article is found in it and the spans
    /// point into [`Article::text`].
    Html,
}

impl InputFormat {
    /// Parses "auto", "text" or "html".
    pub fn parse(name: &str) -> Result<InputFormat, Error> {
        match name {
            "auto" => Ok(InputFormat::Auto),
            "text" => Ok(InputFormat::Text),
            "html" => Ok(InputFormat::Html),
            other => Err(Error::new(ErrorKind::InvalidArgument, format!("format must be \"auto\", \"text\" or \"html\", not {other:?}"))),
        }
    }
}

/// A custom name and what it is ([`Options::lexicon`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LexiconEntry {
    /// The name exactly as the text writes it ("Zorblat Industries").
    pub name: String,
    /// PERSON, ORG, GPE, LOC, NORP or MISC.
    pub label: String,
}

/// Extracts an [`Article`] from `text`, offsets in UTF-8 bytes.
pub fn extract(text: &str, options: &Options) -> Result<Article, Error> {
    assemble::assemble(text, options)
}

/// Extracts an [`Article`] from an HTML page or fragment, whatever
/// `options.format` says: the article is found in the page, its spans point
/// into [`Article::text`] and each block carries its range in the HTML.
pub fn extract_html(html: &str, options: &Options) -> Result<Article, Error> {
    let options = Options { format: InputFormat::Html, ..options.clone() };
    assemble::assemble(html, &options)
}

/// Extracts an [`Article`] with offsets in `unit` (for HTML input, spans in
/// the clean text are converted against it and block sources against the HTML).
pub fn extract_with_offsets(
    text: &str,
    options: &Options,
    unit: OffsetUnit,
) -> Result<Article, Error> {
    let mut article = extract(text, options)?;
    article.convert_offsets(text, unit);
    Ok(article)
}
