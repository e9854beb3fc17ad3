//! Fuzz target: `extract` on arbitrary UTF-8 must never panic, and every
//! Article it returns must keep its invariants:
//!
//! - every span is within the input, on char boundaries, and
//!   `text[start..end]` is its reported text;
//! - entity mentions are sorted, do not overlap and are at most
//!   `MAX_MENTION_BYTES` long;
//! - every link (mention → record, quote → speaker, person → quote) points
//!   to an existing record;
//! - offsets converted to code points and UTF-16 stay consistent.
//!
//! Built with the `packed-data` feature, as the WebAssembly package is, and
//! with a custom lexicon taken from the input's first words. An input that
//! starts with `<` is read as HTML (`InputFormat::Html`): then the spans are
//! checked against the article's clean text, and every block's source range
//! against the HTML.
//!
//! Set up once: `rustup toolchain install nightly && cargo install cargo-fuzz`.
//! Run: `cargo +nightly fuzz run extract /tmp/corpus fuzz/seeds` (from the
//! repository root; new inputs go to the first directory, not into the seeds).
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use nutgraf_core::{extract, Article, InputFormat, LexiconEntry, OffsetUnit, Options};

fn check(text: &str, a: &Article) {
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for b in &a.blocks {
        spans.push((b.start, b.end, &b.text));
    }
    for s in &a.sentences {
        spans.push((s.start, s.end, &s.text));
    }
    for e in &a.entities {
        spans.push((e.start, e.end, &e.text));
        assert!(e.text.len() <= nutgraf_core::MAX_MENTION_BYTES, "entity mention over MAX_MENTION_BYTES");
    }
    for q in &a.quotes {
        spans.push((q.start, q.end, &q.text));
        for s in q.speaker_mention.iter().chain(q.cue.iter()) {
            spans.push((s.start, s.end, &s.text));
        }
    }
    for d in &a.dates {
        spans.push((d.start, d.end, &d.text));
    }
    for n in &a.numbers {
        spans.push((n.start, n.end, &n.text));
    }
    for s in &a.summary.sentences {
        spans.push((s.start, s.end, &s.text));
    }
    for p in &a.people {
        for r in &p.roles {
            spans.push((r.start, r.end, &r.text));
        }
    }
    for (start, end, reported) in spans {
        assert!(start <= end && end <= text.len(), "span {start}..{end} out of bounds");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "span {start}..{end} inside a character");
        assert_eq!(&text[start..end], reported, "span {start}..{end}");
    }
    for w in a.entities.windows(2) {
        assert!(w[0].end <= w[1].start, "entity mentions overlap or are unsorted");
    }
    let ids: HashSet<&str> = a
        .people
        .iter()
        .map(|p| p.record.id.as_str())
        .chain(a.organizations.iter().map(|o| o.record.id.as_str()))
        .chain(a.places.iter().map(|p| p.record.id.as_str()))
        .chain(a.groups.iter().map(|g| g.record.id.as_str()))
        .collect();
    for e in &a.entities {
        if let Some(id) = &e.entity {
            assert!(ids.contains(id.as_str()), "mention links to missing record {id}");
        }
    }
    let quote_ids: HashSet<&str> = a.quotes.iter().map(|q| q.id.as_str()).collect();
    for q in &a.quotes {
        if let Some(id) = &q.speaker_id {
            assert!(ids.contains(id.as_str()), "quote links to missing speaker {id}");
        }
    }
    for p in &a.people {
        for q in &p.quotes {
            assert!(quote_ids.contains(q.as_str()), "person lists missing quote {q}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A custom lexicon made of the text's first words, so the lexicon
    // matcher runs on arbitrary names and text too.
    let lexicon = text
        .split_whitespace()
        .take(3)
        .filter(|w| w.len() <= nutgraf_core::entities::custom::MAX_NAME_BYTES)
        .zip(nutgraf_core::entities::custom::LABELS.iter().cycle())
        .map(|(name, label)| LexiconEntry { name: name.to_string(), label: label.to_string() })
        .collect();
    let format = if text.starts_with('<') { InputFormat::Html } else { InputFormat::Auto };
    let options = Options { published: Some("2025-08-19".into()), lexicon, format, ..Options::default() };
    let article = extract(text, &options).expect("extract never fails without a size limit");
    let input = text;
    // Spans point into the clean text for HTML input, else into the input.
    let text = article.text.clone().unwrap_or_else(|| input.to_string());
    let text = text.as_str();
    check(text, &article);
    for b in &article.blocks {
        if let Some(s) = b.source {
            assert!(s.start <= s.end && s.end <= input.len(), "source {s:?} out of the HTML");
            assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end), "source {s:?} inside a character");
        }
    }
    // Converted offsets: every code-point and UTF-16 block span still slices.
    let mut cp = article.clone();
    cp.convert_offsets(input, OffsetUnit::Codepoint);
    let chars: Vec<char> = text.chars().collect();
    for b in &cp.blocks {
        assert_eq!(chars[b.start..b.end].iter().collect::<String>(), b.text);
    }
    let mut u16s = article;
    u16s.convert_offsets(input, OffsetUnit::Utf16);
    let units: Vec<u16> = text.encode_utf16().collect();
    for b in &u16s.blocks {
        assert_eq!(String::from_utf16_lossy(&units[b.start..b.end]), b.text);
    }
});
