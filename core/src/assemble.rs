//! Assembly: runs the stages in order and builds the [`Article`].
//!
//! Takes the input and [`Options`], gives the Article with UTF-8 byte
//! offsets. HTML input is first read into clean text and blocks by
//! [`crate::html`]; from there the stages are the same. The order is fixed: clean → segment → entities → records (people
//! and roles) → quotes → dates, numbers and the summary → assemble. Each stage reads only the
//! content blocks; boilerplate, bylines and datelines are kept in `blocks` but
//! never reach extraction.

use crate::clean::{clean, clean_structured, Cleaned};
use crate::html::{self, PageMetadata};
use crate::entities::{custom, recognize_with_titles};
use crate::error::{Error, ErrorKind};
use crate::model::{Article, OffsetUnit, Sentence, SourceRange, Warning, SCHEMA_VERSION};
use crate::numbers;
use crate::quotes;
use crate::records;
use crate::segment::segment;
use crate::summary;
use crate::temporal::{self, Day};
use crate::{InputFormat, Options};

/// Extracts the article from `input`, read as `options.format` says
/// (offsets in UTF-8 bytes).
pub fn assemble(input: &str, options: &Options) -> Result<Article, Error> {
    check_size(input, options)?;
    let is_html = match options.format {
        InputFormat::Text => false,
        InputFormat::Html => true,
        InputFormat::Auto => html::looks_like_document(input),
    };
    if !is_html {
        return run(input, clean(input), None, options);
    }
    let page = html::read(input);
    let cleaned = clean_structured(&page.text, &page.units);
    let mut article = run(&page.text, cleaned, Some(&page.metadata), options)?;
    // html::read gives only non-empty units, so clean_structured keeps them
    // all, one block each, in order.
    for (block, (start, end)) in article.blocks.iter_mut().zip(page.sources.iter()) {
        block.source = Some(SourceRange { start: *start, end: *end });
    }
    // The input warnings were computed over the clean text: a page with
    // markup but nothing visible is not an empty input.
    if page.text.trim().is_empty() && !input.trim().is_empty() {
        article.warnings.retain(|w| w.code != "empty_input");
        article.warnings.push(Warning { code: "no_text".into(), message: "the HTML page has no visible text".into() });
    }
    article.text = Some(page.text);
    Ok(article)
}

fn check_size(text: &str, options: &Options) -> Result<(), Error> {
    if let Some(limit) = options.max_input_bytes {
        if text.len() > limit {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!(
                    "input is {} bytes, over the limit of {} bytes",
                    text.len(),
                    limit
                ),
            ));
        }
    }
    Ok(())
}

/// Runs the stages after cleaning on `text` (the input, or a page's clean text).
fn run(text: &str, cleaned: Cleaned, page: Option<&PageMetadata>, options: &Options) -> Result<Article, Error> {
    let published = match options.published.as_deref() {
        Some(date) => Some(Day::parse(date).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("published must be a date as YYYY-MM-DD, not {date:?}"),
            )
        })?),
        None => None,
    };
    let segmentation = segment(&cleaned.blocks);
    let sentences: Vec<Sentence> = segmentation
        .sentences
        .iter()
        .map(|s| {
            let (start, end) = s.span(&segmentation.tokens);
            Sentence {
                start,
                end,
                text: text[start..end].to_string(),
                block: s.block,
            }
        })
        .collect();
    let layers = Layers::from_options(options)?;
    custom::validate(&options.lexicon)?;
    let (mut entities, titles) = if layers.entities {
        let (mut found, titles) = recognize_with_titles(
            text,
            &segmentation,
            &cleaned.blocks,
            cleaned.byline.as_ref(),
            cleaned.dateline.as_ref(),
        );
        custom::apply(text, &segmentation, &options.lexicon, &mut found);
        (found, titles)
    } else {
        Default::default()
    };
    let mut records = if layers.people {
        records::build(
            text,
            &segmentation,
            &cleaned.blocks,
            cleaned.byline.as_ref(),
            &titles,
            &mut entities,
        )
    } else {
        records::Records::default()
    };
    let quotes = if layers.quotes {
        quotes::extract_quotes(
            text,
            &segmentation,
            &cleaned.blocks,
            &entities,
            &mut records,
        )
    } else {
        Vec::new()
    };
    // A page's stated date outranks one read from its text.
    let stated = page.and_then(|p| p.published.clone()).or_else(|| cleaned.published.clone());
    let reference = published.or_else(|| stated.as_deref().and_then(Day::parse));
    let dates = if layers.dates {
        temporal::find_dates(text, &segmentation, reference)
    } else {
        Vec::new()
    };
    let numbers = if layers.numbers {
        numbers::find_numbers(text, &segmentation)
    } else {
        Vec::new()
    };
    let summary = if layers.summary {
        summary::summarize(&sentences, &cleaned.blocks, &entities, &records)
    } else {
        Default::default()
    };
    Ok(Article {
        schema_version: SCHEMA_VERSION.to_string(),
        offset_unit: OffsetUnit::Utf8,
        text: None,
        site_name: page.and_then(|p| p.site_name.clone()),
        url: page.and_then(|p| p.url.clone()),
        // The headline as the page shows it, else as its metadata states it.
        title: cleaned.title.or_else(|| page.and_then(|p| p.title.clone())),
        subtitle: cleaned.subtitle,
        authors: page
            .map(|p| p.authors.clone())
            .filter(|a| !a.is_empty())
            .or_else(|| cleaned.byline.as_ref().map(|b| b.authors.clone()))
            .unwrap_or_default(),
        byline: cleaned.byline,
        dateline: cleaned.dateline,
        published: stated,
        blocks: cleaned.blocks,
        sentences,
        entities,
        people: records.people,
        organizations: records.organizations,
        places: records.places,
        groups: records.groups,
        quotes,
        dates,
        numbers,
        summary,
        reference_date: reference.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        warnings: input_warnings(text),
    })
}

/// Which optional stages run. Cleaning and sentences always run; a layer
/// another one needs runs (and is reported) too: quotes and the summary need
/// people, people need entities.
#[derive(Debug, Clone, Copy)]
struct Layers {
    entities: bool,
    people: bool,
    quotes: bool,
    dates: bool,
    numbers: bool,
    summary: bool,
}

/// The layer names `Options::layers` accepts.
pub const LAYERS: [&str; 6] = [
    "entities", "people", "quotes", "dates", "numbers", "summary",
];

impl Layers {
    fn from_options(options: &Options) -> Result<Layers, Error> {
        let Some(names) = &options.layers else {
            return Ok(Layers {
                entities: true,
                people: true,
                quotes: true,
                dates: true,
                numbers: true,
                summary: true,
            });
        };
        if let Some(bad) = names.iter().find(|n| !LAYERS.contains(&n.as_str())) {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("unknown layer {bad:?}; layers are {}", LAYERS.join(", ")),
            ));
        }
        let has = |l: &str| names.iter().any(|n| n == l);
        let (quotes, summary) = (has("quotes"), has("summary"));
        let people = has("people") || quotes || summary;
        Ok(Layers {
            entities: has("entities") || people,
            people,
            quotes,
            dates: has("dates"),
            numbers: has("numbers"),
            summary,
        })
    }
}

/// Control characters other than tab, newline and carriage return: C0 and
/// DEL in ASCII, C1 (U+0080–U+009F, encoded `C2 80`–`C2 9F`). Works on bytes:
/// this runs over every input, and decoding chars would cost more than the
/// rest of cleaning's line scan.
fn count_unexpected_controls(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Branch-free over every byte (vectorized); C1 controls are two bytes
    // behind a 0xC2, which is rare in most text, so memchr finds them.
    let ascii: usize = bytes
        .iter()
        .map(|&b| usize::from((b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7F)))
        .sum();
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|next| (0x80..=0x9F).contains(next)))
        .count();
    ascii + c1
}

/// Warnings about the input itself.
fn input_warnings(text: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if text.trim().is_empty() {
        warnings.push(Warning {
            code: "empty_input".into(),
            message: "the input has no text".into(),
        });
        return warnings;
    }
    let controls = count_unexpected_controls(text);
    if controls > 0 {
        warnings.push(Warning {
            code: "control_characters".into(),
            message: format!(
                "the input contains {controls} control character(s); they were kept as they are"
            ),
        });
    }
    let replacements = memchr::memmem::find_iter(text.as_bytes(), "\u{FFFD}".as_bytes()).count();
    if replacements > 0 {
        warnings.push(Warning {
            code: "replacement_characters".into(),
            message: format!(
                "the input contains {replacements} U+FFFD replacement character(s): it was probably decoded with the wrong encoding"
            ),
        });
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_unexpected_control;

    #[test]
    fn control_count_matches_the_char_definition() {
        let text = "a\u{0}b\tc\n\u{7f}\u{85}é\u{9f}\u{a0}😀\r\u{1b}";
        let by_chars = text.chars().filter(|&c| is_unexpected_control(c)).count();
        assert_eq!(count_unexpected_controls(text), by_chars);
        assert_eq!(by_chars, 5);
    }
}
