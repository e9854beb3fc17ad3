//! The cue lexicons of `core/data/`, parsed once on first use.
//!
//! The files are compiled in with `include_str!` (no I/O at run time) and
//! parsed lazily into lookup structures: a hash set for abbreviations and
//! sentence openers, one Aho-Corasick automaton for all boilerplate and caption
//! phrases. A malformed line is a bug in the data, caught by the tests in this
//! module, so parsing skips it rather than failing at run time.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::hash::{FastMap, FastSet};

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.tsv");
const SENTENCE_STARTERS: &str = include_str!("../data/sentence_starters.txt");
const AGENCIES: &str = include_str!("../data/agencies.txt");
const NAME_CONTINUATIONS: &str = include_str!("../data/name_continuations.txt");
const BOILERPLATE: &str = include_str!("../data/boilerplate.tsv");

/// How an abbreviation's period behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationClass {
    /// Always followed by a name (Mr., Gen.): never ends a sentence.
    Title,
    /// Followed by a number (No. 10): ends a sentence only before an opener.
    Numeric,
    /// Ends a sentence only before a typical sentence opener (Inc., U.S.).
    Normal,
}

/// Where a boilerplate phrase must sit in a line to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueMatch {
    /// The phrase is the whole line (ignoring surrounding punctuation).
    Line,
    /// The line starts with the phrase.
    Prefix,
    /// The phrase is anywhere in a short line.
    Contains,
    /// The phrase ends near the end of a short line without a final period.
    Tail,
}

/// One boilerplate or caption phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Category ("comment_form", "share", …, or "caption").
    pub cue: &'static str,
    pub matching: CueMatch,
    pub phrase: &'static str,
}

/// `word<TAB>kind` rows of a data file, with each kind mapped by `kind_of`
/// (rows whose kind it does not know are skipped).
pub(crate) fn word_kinds<K>(data: &'static str, kind_of: impl Fn(&str) -> Option<K>) -> FastMap<&'static str, K> {
    data_lines(data)
        .filter_map(|line| {
            let (word, kind) = line.split_once('\t')?;
            Some((word.trim(), kind_of(kind.trim())?))
        })
        .collect()
}

/// Lines of a data file without comments and blank lines.
pub(crate) fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static ABBREVIATION_TABLE: LazyLock<FastMap<&'static str, AbbreviationClass>> = LazyLock::new(|| {
    data_lines(ABBREVIATIONS)
        .filter_map(|line| {
            let (abbr, class) = line.split_once('\t')?;
            let class = match class.trim() {
                "title" => AbbreviationClass::Title,
                "numeric" => AbbreviationClass::Numeric,
                "normal" => AbbreviationClass::Normal,
                _ => return None,
            };
            Some((abbr.trim(), class))
        })
        .collect()
});

static STARTER_SET: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| data_lines(SENTENCE_STARTERS).map(str::trim).collect());

static CONTINUATION_SET: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| data_lines(NAME_CONTINUATIONS).map(str::trim).collect());

static AGENCY_LIST: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut list: Vec<&'static str> = data_lines(AGENCIES).map(str::trim).collect();
    // Longest first, so "Associated Press" wins over "AP" where both fit.
    list.sort_by_key(|a| std::cmp::Reverse(a.len()));
    list
});

/// Boilerplate cues and the automaton that finds them.
pub struct CueTable {
    pub cues: Vec<Cue>,
    pub automaton: AhoCorasick,
}

static CUE_TABLE: LazyLock<CueTable> = LazyLock::new(|| {
    let cues: Vec<Cue> = data_lines(BOILERPLATE)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let cue = fields.next()?.trim();
            let matching = match fields.next()?.trim() {
                "line" => CueMatch::Line,
                "prefix" => CueMatch::Prefix,
                "contains" => CueMatch::Contains,
                "tail" => CueMatch::Tail,
                _ => return None,
            };
            let phrase = fields.next()?.trim();
            (!phrase.is_empty()).then_some(Cue { cue, matching, phrase })
        })
        .collect();
    // Overlapping search needs the standard match kind; every phrase that
    // occurs is reported and `clean` picks by position rules.
    // A DFA: the automaton is small (a few hundred phrases) and it runs on
    // most short lines of every paste, so search speed beats build time.
    let automaton = AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(cues.iter().map(|c| c.phrase))
        .expect("boilerplate phrases form a valid automaton");
    CueTable { cues, automaton }
});

/// The class of an abbreviation (lowercase, without its final period).
pub fn abbreviation_class(lowercase: &str) -> Option<AbbreviationClass> {
    ABBREVIATION_TABLE.get(lowercase).copied()
}

/// Whether `word` (as written) typically opens a sentence.
pub fn is_sentence_starter(word: &str) -> bool {
    STARTER_SET.contains(word)
}

/// Whether `word` (as written) usually continues a name after an acronym.
pub fn is_name_continuation(word: &str) -> bool {
    CONTINUATION_SET.contains(word)
}

/// Agencies and outlets, longest first.
pub fn agencies() -> &'static [&'static str] {
    &AGENCY_LIST
}

/// The boilerplate and caption cue table.
pub fn cue_table() -> &'static CueTable {
    &CUE_TABLE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_data_lines(data: &'static str) -> usize {
        data_lines(data).count()
    }

    #[test]
    fn every_abbreviation_line_parses() {
        // Duplicates collapse in the map, so compare against unique keys.
        let unique: FastSet<&str> =
            data_lines(ABBREVIATIONS).filter_map(|l| l.split('\t').next()).collect();
        assert_eq!(ABBREVIATION_TABLE.len(), unique.len());
        assert_eq!(abbreviation_class("mr"), Some(AbbreviationClass::Title));
        assert_eq!(abbreviation_class("no"), Some(AbbreviationClass::Numeric));
        assert_eq!(abbreviation_class("inc"), Some(AbbreviationClass::Normal));
        assert_eq!(abbreviation_class("putin"), None);
    }

    #[test]
    fn every_cue_line_parses_and_is_normalized() {
        assert_eq!(cue_table().cues.len(), count_data_lines(BOILERPLATE));
        for cue in &cue_table().cues {
            let mut normalized = String::new();
            crate::text::normalize_for_matching(cue.phrase, &mut normalized);
            assert_eq!(normalized, cue.phrase, "phrase must be lowercase and normalized");
        }
    }

    #[test]
    fn starters_and_agencies_load() {
        assert!(is_sentence_starter("The"));
        assert!(!is_sentence_starter("Putin"));
        assert!(agencies().contains(&"Reuters"));
        let lens: Vec<usize> = agencies().iter().map(|a| a.len()).collect();
        assert!(lens.windows(2).all(|w| w[0] >= w[1]));
    }
}
