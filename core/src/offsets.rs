//! Offset conversion for hosts.
//!
//! Core computes every span in UTF-8 bytes. JavaScript indexes strings in
//! UTF-16 code units and Python in code points, so each binding converts the
//! whole [`Article`] once, here, before handing it over: the conversion lives
//! in core so that every host gets exactly the same numbers.
//!
//! Cost: one pass over the text to tabulate the converted offset at every
//! 64th byte ([`OffsetTable`], an eighth of the text's size), then a count
//! over at most 64 bytes per offset: O(n + k) for n bytes and k offsets.
//! (Sorting the offsets and converting them in one pass over the text was
//! O(n + k log k), and its binary searches over millions of offsets made
//! a long text's conversion grow faster than the text.)

use crate::model::{Article, OffsetUnit};

impl Article {
    /// Calls `f` on every offset (`start`/`end`) in the article.
    pub fn for_each_offset(&mut self, mut f: impl FnMut(&mut usize)) {
        let mut pair = |start: &mut usize, end: &mut usize| {
            f(start);
            f(end);
        };
        for b in &mut self.blocks {
            pair(&mut b.start, &mut b.end);
        }
        for s in &mut self.sentences {
            pair(&mut s.start, &mut s.end);
        }
        if let Some(b) = &mut self.byline {
            pair(&mut b.start, &mut b.end);
        }
        if let Some(d) = &mut self.dateline {
            pair(&mut d.start, &mut d.end);
        }
        for e in &mut self.entities {
            pair(&mut e.start, &mut e.end);
        }
        for person in &mut self.people {
            for r in &mut person.roles {
                pair(&mut r.start, &mut r.end);
            }
        }
        let records = self
            .people
            .iter_mut()
            .map(|p| &mut p.record)
            .chain(self.organizations.iter_mut().map(|o| &mut o.record))
            .chain(self.places.iter_mut().map(|p| &mut p.record))
            .chain(self.groups.iter_mut().map(|g| &mut g.record));
        for record in records {
            for m in &mut record.mentions {
                pair(&mut m.start, &mut m.end);
            }
            // `first_mention` is a single offset: pair it with a throwaway
            // copy.
            let mut copy = record.first_mention;
            pair(&mut record.first_mention, &mut copy);
        }
        for q in &mut self.quotes {
            pair(&mut q.start, &mut q.end);
            for span in q.speaker_mention.iter_mut().chain(q.cue.iter_mut()) {
                pair(&mut span.start, &mut span.end);
            }
        }
        for d in &mut self.dates {
            pair(&mut d.start, &mut d.end);
        }
        for n in &mut self.numbers {
            pair(&mut n.start, &mut n.end);
        }
        for s in &mut self.summary.sentences {
            pair(&mut s.start, &mut s.end);
        }
    }

    /// Converts every offset from UTF-8 bytes of `input` (the text the
    /// article was extracted from) to `unit`. Does nothing when the article
    /// is already in `unit`; an article in another non-UTF-8 unit is left
    /// unchanged too (convert from UTF-8 only).
    ///
    /// For HTML input the spans point into [`Article::text`] and are
    /// converted against it, and the blocks' [`crate::Block::source`] ranges
    /// against `input`.
    pub fn convert_offsets(&mut self, input: &str, unit: OffsetUnit) {
        if self.offset_unit == unit || self.offset_unit != OffsetUnit::Utf8 {
            return;
        }
        let clean = self.text.take();
        if clean.is_some() {
            convert_each(self, input, unit, |a, f| {
                for range in a.blocks.iter_mut().filter_map(|b| b.source.as_mut()) {
                    f(&mut range.start);
                    f(&mut range.end);
                }
            });
        }
        convert_each(self, clean.as_deref().unwrap_or(input), unit, |a, f| a.for_each_offset(f));
        self.offset_unit = unit;
        self.text = clean;
    }
}

/// Converts the offsets `visit` reaches in `article` from UTF-8 bytes of
/// `text` to `unit`, each in place.
fn convert_each(
    article: &mut Article,
    text: &str,
    unit: OffsetUnit,
    visit: impl Fn(&mut Article, &mut dyn FnMut(&mut usize)),
) {
    let table = OffsetTable::new(text, unit);
    visit(article, &mut |o| *o = table.convert(*o));
}

/// Bytes per entry of an [`OffsetTable`]: converting an offset counts at
/// most this many bytes.
const BLOCK: usize = 64;

/// A text's offsets in `unit` at every [`BLOCK`]-th byte, so that any byte
/// offset converts with a count over the bytes since the last one. Same
/// results as [`convert_sorted`], which the tests check it against.
struct OffsetTable<'a> {
    bytes: &'a [u8],
    unit: OffsetUnit,
    /// `at_block[i]`: the length in `unit` of the characters that start
    /// before byte `i * BLOCK`.
    at_block: Vec<usize>,
}

impl<'a> OffsetTable<'a> {
    fn new(text: &'a str, unit: OffsetUnit) -> OffsetTable<'a> {
        let bytes = text.as_bytes();
        let mut at_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut total = 0;
        at_block.push(0);
        for block in bytes.chunks_exact(BLOCK) {
            total += units(block, unit);
            at_block.push(total);
        }
        OffsetTable { bytes, unit, at_block }
    }

    /// The offset in `unit` of byte offset `byte`: the length of the
    /// characters that start before it (so an offset inside a character
    /// maps to that character's end, and one past the text to its length).
    fn convert(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let block = byte / BLOCK;
        self.at_block.get(block).copied().unwrap_or(0) + self.bytes.get(block * BLOCK..byte).map_or(0, |b| units(b, self.unit))
    }
}

/// The length in `unit` of the characters whose first byte is in `bytes`.
fn units(bytes: &[u8], unit: OffsetUnit) -> usize {
    // A character's first byte is any byte but a continuation byte
    // (0x80-0xBF, -128..=-65 as i8); one of 0xF0 or more starts a
    // four-byte character, two UTF-16 units. Plain loops over bytes, so
    // the compiler vectorizes them.
    let starts = || bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    match unit {
        // In bytes too a character counts whole at its first byte (so an
        // offset inside one rounds up, as in the other units).
        OffsetUnit::Utf8 => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0xBF => 0,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
                _ => 1,
            })
            .sum(),
        OffsetUnit::Codepoint => starts(),
        OffsetUnit::Utf16 => starts() + bytes.iter().filter(|&&b| b >= 0xF0).count(),
    }
}

/// Converts sorted, distinct byte offsets of `text` to `unit` in one pass.
/// An offset inside a character maps to that character's end; one past the
/// end maps to the length.
pub fn convert_sorted(text: &str, byte_offsets: &[usize], unit: OffsetUnit) -> Vec<usize> {
    let mut out = Vec::with_capacity(byte_offsets.len());
    let mut targets = byte_offsets.iter().peekable();
    let mut converted = 0usize;
    for (byte, c) in text.char_indices() {
        while let Some(&&t) = targets.peek() {
            if t > byte {
                break;
            }
            out.push(converted);
            targets.next();
        }
        converted += match unit {
            OffsetUnit::Utf8 => c.len_utf8(),
            OffsetUnit::Utf16 => c.len_utf16(),
            OffsetUnit::Codepoint => 1,
        };
    }
    out.extend(targets.map(|_| converted));
    out
}

/// Converts one byte offset of `text` to `unit` (linear; for a few offsets).
pub fn convert_offset(text: &str, byte_offset: usize, unit: OffsetUnit) -> usize {
    convert_sorted(text, &[byte_offset], unit)[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_units() {
        let text = "a😀b東c";
        // bytes: a=0, 😀=1..5, b=5, 東=6..9, c=9, end=10
        let bytes = [0, 1, 5, 6, 9, 10];
        assert_eq!(convert_sorted(text, &bytes, OffsetUnit::Codepoint), [0, 1, 2, 3, 4, 5]);
        assert_eq!(convert_sorted(text, &bytes, OffsetUnit::Utf16), [0, 1, 3, 4, 5, 6]);
        assert_eq!(convert_sorted(text, &bytes, OffsetUnit::Utf8), bytes);
    }

    #[test]
    fn table_converts_like_one_pass_over_the_text() {
        // Every byte offset (inside characters and past the end included)
        // of texts mixing one- to four-byte characters, across block
        // boundaries, in every unit.
        let texts = [
            String::new(),
            "a😀b東c".to_string(),
            "é".repeat(100),
            "x".repeat(BLOCK - 1) + "😀" + &"東".repeat(BLOCK) + "ab",
            (0..300).map(|i| ['a', 'é', '東', '😀'][i % 4]).collect(),
            (0..500).map(|i| ['😀', 'z', 'ß'][(i * 7) % 3]).collect(),
        ];
        for text in &texts {
            let offsets: Vec<usize> = (0..=text.len() + 2).collect();
            for unit in [OffsetUnit::Utf8, OffsetUnit::Codepoint, OffsetUnit::Utf16] {
                let table = OffsetTable::new(text, unit);
                let by_table: Vec<usize> = offsets.iter().map(|&o| table.convert(o)).collect();
                assert_eq!(by_table, convert_sorted(text, &offsets, unit), "{unit:?} {text:?}");
            }
        }
    }

    #[test]
    fn empty_text_and_end_offset() {
        assert_eq!(convert_sorted("", &[0], OffsetUnit::Utf16), [0]);
        assert_eq!(convert_offset("é", 2, OffsetUnit::Codepoint), 1);
    }
}
