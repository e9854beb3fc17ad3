//! A summary: the three most informative sentences and the keyphrases.
//!
//! Takes the sentences, blocks and entity records, gives the three sentences
//! that score highest, in article order, and 5–10 keyphrases. Only sentences
//! of paragraphs and list items count (never boilerplate, headlines,
//! headings or captions). A sentence's score adds three signals, each in
//! 0–1:
//!
//! - **lead**: 1 for the first body sentence, then 1 / (1 + position / 3) —
//!   news puts what matters first, and the lead sentence always wins;
//! - **salience**: the summed salience of the entity records it mentions,
//!   divided by the highest such sum in the article (salience itself is
//!   defined in [`crate::records`]: headline, lead paragraph, frequency);
//! - **centrality**: how many of its content words appear in the headline
//!   or elsewhere in the article, divided by the highest such count.
//!
//! Score = 2 × lead + salience + centrality; ties go to the earlier
//! sentence, so the result is deterministic. Keyphrases are the names of the
//! most salient records, then the most frequent content words, without
//! repeats.

use std::sync::LazyLock;

use crate::hash::{FastMap, FastSet};
use crate::model::{Block, BlockKind, EntityMention, Sentence, Span, Summary};
use crate::records::Records;

/// Words too common to tell sentences apart.
const STOPWORDS: [&str; 64] = [
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "was",
    "are", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this", "these", "those", "he", "she",
    "they", "we", "i", "his", "her", "their", "our", "not", "no", "will", "would", "could", "should", "said", "says",
    "also", "after", "before", "about", "into", "than", "more", "most", "which", "who", "what", "when", "while",
    "there", "can", "if",
];

/// The content words of `text` as `(hash of the lowercased word, word)`:
/// hashing avoids a string per word on the hot path.
fn content_words(text: &str) -> impl Iterator<Item = (u64, &str)> {
    Words { text, at: 0 }
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| w.len() > 2 && !w.chars().all(char::is_numeric))
        .map(|w| (word_hash(w), w))
        .filter(|(h, _)| !STOPWORD_HASHES.contains(h))
}

/// Whether `c` belongs to a content word: a letter, a digit or an
/// apostrophe (straight or ’). Not [`crate::text::is_word_char`], the
/// tokenizer's rule, which leaves apostrophes out and takes combining marks
/// in: the summary has always split this way.
fn in_content_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// [`in_content_word`] of each ASCII byte, as a table: `char::is_alphanumeric`
/// costs more per byte, and the table is most of what [`Words`] gains over
/// `split` (`ascii_table_is_in_content_word` checks it).
const ASCII_IN_CONTENT_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    table
};

/// The runs of [`in_content_word`] chars of a text, in order: what
/// `text.split(|c| !in_content_word(c))` gives without its empty pieces.
/// It reads bytes, decoding a char only where one is not ASCII: the summary
/// runs it over every sentence, and the generic char pattern of `split`
/// took about a quarter of the summary's time.
struct Words<'a> {
    text: &'a str,
    /// Where the next run is looked for (a char boundary).
    at: usize,
}

impl Words<'_> {
    /// Whether the char at byte `i` (a boundary before the end) is a word
    /// char, and its length in bytes.
    fn word_char_at(&self, i: usize) -> (bool, usize) {
        match self.text.as_bytes().get(i) {
            Some(&b) if b.is_ascii() => (ASCII_IN_CONTENT_WORD[usize::from(b)], 1),
            _ => self.text.get(i..).and_then(|rest| rest.chars().next()).map_or((false, 1), |c| (in_content_word(c), c.len_utf8())),
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.text.len();
        // Past the separators…
        let start = loop {
            if self.at >= len {
                return None;
            }
            let (word, width) = self.word_char_at(self.at);
            if word {
                break self.at;
            }
            self.at += width;
        };
        // …to the end of the run.
        while self.at < len {
            let (word, width) = self.word_char_at(self.at);
            if !word {
                break;
            }
            self.at += width;
        }
        self.text.get(start..self.at)
    }
}

static STOPWORD_HASHES: LazyLock<FastSet<u64>> = LazyLock::new(|| STOPWORDS.iter().map(|w| word_hash(w)).collect());

/// FNV-1a of the lowercased word.
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    if word.is_ascii() {
        for b in word.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Builds the summary.
pub fn summarize(sentences: &[Sentence], blocks: &[Block], mentions: &[EntityMention], records: &Records) -> Summary {
    let body: Vec<&Sentence> = sentences
        .iter()
        .filter(|s| blocks.get(s.block).is_some_and(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)))
        .collect();
    let salience: FastMap<&str, f64> = records
        .people
        .iter()
        .map(|p| &p.record)
        .chain(records.organizations.iter().map(|o| &o.record))
        .chain(records.places.iter().map(|p| &p.record))
        .chain(records.groups.iter().map(|g| &g.record))
        .map(|r| (r.id.as_str(), r.salience))
        .collect();
    // Word frequencies over the headline and body.
    let headline: FastSet<u64> = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Headline | BlockKind::Subtitle) && b.duplicate_of.is_none())
        .flat_map(|b| content_words(&b.text).map(|(h, _)| h))
        .collect();
    let words: Vec<Vec<(u64, &str)>> = body.iter().map(|s| content_words(&s.text).collect()).collect();
    // Per word: in how many sentences it appears, and its first form.
    let mut frequency: FastMap<u64, (usize, &str)> = FastMap::default();
    let mut seen = FastSet::default();
    for ws in &words {
        seen.clear();
        for &(h, w) in ws {
            if seen.insert(h) {
                frequency.entry(h).or_insert((0, w)).0 += 1;
            }
        }
    }
    let raw: Vec<(f64, f64)> = body
        .iter()
        .zip(&words)
        .map(|(s, ws)| {
            // Mentions are sorted: the sentence's are one run.
            let first = mentions.partition_point(|m| m.start < s.start);
            let entity_salience: f64 = mentions[first..]
                .iter()
                .take_while(|m| m.start < s.end)
                .filter(|m| m.end <= s.end)
                .filter_map(|m| m.entity.as_deref().and_then(|id| salience.get(id)))
                .sum();
            let central = ws
                .iter()
                .filter(|(h, _)| headline.contains(h) || frequency.get(h).is_some_and(|&(n, _)| n > 1))
                .count() as f64;
            (entity_salience, central)
        })
        .collect();
    let max_salience = raw.iter().map(|r| r.0).fold(0.0, f64::max).max(1e-9);
    let max_central = raw.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    let mut scored: Vec<(usize, f64)> = raw
        .iter()
        .enumerate()
        .map(|(k, &(sal, cen))| {
            let lead = if k == 0 { 10.0 } else { 1.0 / (1.0 + k as f64 / 3.0) };
            (k, 2.0 * lead + sal / max_salience + cen / max_central)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<usize> = scored.iter().take(3).map(|&(k, _)| k).collect();
    chosen.sort_unstable();
    let summary_sentences = chosen
        .iter()
        .map(|&k| Span { start: body[k].start, end: body[k].end, text: body[k].text.clone() })
        .collect();
    Summary { sentences: summary_sentences, keyphrases: keyphrases(records, &frequency) }
}

/// Up to ten keyphrases: salient record names, then frequent words.
fn keyphrases(records: &Records, frequency: &FastMap<u64, (usize, &str)>) -> Vec<String> {
    let mut named: Vec<(&str, f64, usize)> = records
        .people
        .iter()
        .map(|p| &p.record)
        .chain(records.organizations.iter().map(|o| &o.record))
        .chain(records.places.iter().map(|p| &p.record))
        .map(|r| (r.name.as_str(), r.salience, r.first_mention))
        .collect();
    named.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut out: Vec<String> = named.iter().take(6).map(|n| n.0.to_string()).collect();
    let taken: FastSet<u64> = out.iter().flat_map(|n| content_words(n).map(|(h, _)| h).collect::<Vec<_>>()).collect();
    let mut words: Vec<(String, usize)> = frequency
        .iter()
        .filter(|(h, &(n, _))| n >= 2 && !taken.contains(*h))
        .map(|(_, &(n, w))| (w.to_lowercase(), n))
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (w, _) in words {
        if out.len() >= 10 {
            break;
        }
        out.push(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the summary split words with before [`Words`]: the reference.
    fn pieces_by_split(text: &str) -> Vec<&str> {
        text.split(|c: char| !in_content_word(c)).filter(|w| !w.is_empty()).collect()
    }

    #[test]
    fn ascii_table_is_in_content_word() {
        for b in 0..128u8 {
            assert_eq!(ASCII_IN_CONTENT_WORD[usize::from(b)], in_content_word(char::from(b)), "byte {b}");
        }
    }

    #[test]
    fn words_are_the_pieces_of_the_char_split() {
        for text in [
            "",
            " ",
            "Putin's aides",
            "l’État, c’est moi",
            "'quoted' ’curly’ ''",
            "Zoë waited 2.5 years; Ⅻ and ٣ are numbers",
            "東京 and Москва — tab\there\n",
            "end-of-text",
            "trailing word",
        ] {
            assert_eq!(Words { text, at: 0 }.collect::<Vec<_>>(), pieces_by_split(text), "{text:?}");
        }
        // Random texts over word and non-word chars, ASCII and not (up to
        // four bytes long).
        let alphabet: Vec<char> = "aZ9' ’-.é東😀\u{300}Ⅻ\t".chars().collect();
        let mut random = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let text: String = (0..random() % 24).map(|_| alphabet[(random() % alphabet.len() as u64) as usize]).collect();
            assert_eq!(Words { text: &text, at: 0 }.collect::<Vec<_>>(), pieces_by_split(&text), "{text:?}");
        }
    }
}
