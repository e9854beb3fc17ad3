//! Sentence splitting.
//!
//! Takes the text of one content block and its [`Token`]s, gives sentence
//! spans (byte offsets relative to the block). Sentences never cross blocks:
//! [`crate::clean`] has already decided where paragraphs, headings and list
//! items start and end.
//!
//! A sentence ends at terminal punctuation (`.` `!` `?` `…` and CJK `。！？`)
//! plus any closing quotes and brackets glued to it, when what follows looks
//! like a new sentence. The hard cases are periods that are not sentence ends,
//! and they are decided by the token the period sits on:
//!
//! - a plain `.` ends a sentence unless a lowercase word follows
//!   (`approx. five` has its period on the abbreviation token anyway);
//! - a title abbreviation (`Mr.`, `Gen.`, `Sen.`) never ends one;
//! - an initial (`W.`) ends one only before a typical sentence opener (`The`,
//!   `He`, `But`, see `data/sentence_starters.txt`), so `George W. Bush` stays
//!   whole;
//! - other abbreviations and dotted acronyms (`U.S.`, `p.m.`, `Inc.`) end one
//!   before an opener, or before a capitalised word followed by a lowercase
//!   one unless that word usually continues a name (`data/name_continuations.txt`):
//!   `…with the U.K. Similar talks stalled` splits, `the U.S. Senate voted`
//!   and `at 5 p.m. Monday` do not;
//! - a numeric abbreviation (`No.`) does not end one before a number;
//! - `?` and `!` end one unless a lowercase word follows (`“Why now?” he asked.`);
//! - an ellipsis ends one only before a capital or an opening quote, so a
//!   quotation with words left out (`government … is working`) stays whole.
//!
//! It does no tokenization of its own and knows nothing about quotes' speakers.

use std::ops::Range;

use crate::lexicon::{abbreviation_class, is_name_continuation, is_sentence_starter, AbbreviationClass};
use crate::text::{is_closing_bracket, is_closing_quote, is_cjk_terminal, is_opening_bracket, is_opening_quote, is_terminal, LowerWord};
use crate::model::Block;
use crate::tokenize::{tokenize_into, Token, TokenKind};

/// The tokens of every content block and their sentences, with absolute
/// byte offsets: what the extraction stages read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Segmentation {
    /// Tokens of the content blocks, in text order.
    pub tokens: Vec<Token>,
    /// Sentences, in text order.
    pub sentences: Vec<SentenceTokens>,
}

/// One sentence: its block and its range in [`Segmentation::tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceTokens {
    pub block: usize,
    pub tokens: Range<usize>,
}

impl SentenceTokens {
    /// Byte span of the sentence (empty sentences do not occur).
    pub fn span(&self, tokens: &[Token]) -> (usize, usize) {
        let first = tokens.get(self.tokens.start).map_or(0, |t| t.start);
        let last = self.tokens.end.checked_sub(1).and_then(|k| tokens.get(k)).map_or(first, |t| t.end);
        (first, last)
    }
}

/// Where a set of spans (entity mentions) lies in the tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanTokens {
    /// Per span: its token range, `(usize::MAX, usize::MAX)` when it does
    /// not start and end on token boundaries of the content (a byline or
    /// dateline mention).
    pub ranges: Vec<(usize, usize)>,
    /// Per token: the span covering it.
    pub at: Vec<Option<usize>>,
}

impl Segmentation {
    /// The token range `[first, last + 1)` of byte span `start..end`, when
    /// the span starts and ends on token boundaries (binary search: tokens
    /// are sorted).
    pub fn token_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tokens.partition_point(|t| t.start < start);
        let last = self.tokens.partition_point(|t| t.end < end);
        let ok = self.tokens.get(first).is_some_and(|t| t.start == start)
            && self.tokens.get(last).is_some_and(|t| t.end == end)
            && first <= last;
        ok.then_some((first, last + 1))
    }

    /// Token ranges of `spans` and the span covering each token.
    pub fn index_spans(&self, spans: impl Iterator<Item = (usize, usize)>) -> SpanTokens {
        let ranges: Vec<(usize, usize)> =
            spans.map(|(s, e)| self.token_range(s, e).unwrap_or((usize::MAX, usize::MAX))).collect();
        let mut at = vec![None; self.tokens.len()];
        for (k, &(s, e)) in ranges.iter().enumerate() {
            if s != usize::MAX {
                at[s..e].iter_mut().for_each(|x| *x = Some(k));
            }
        }
        SpanTokens { ranges, at }
    }

    /// The sentence (token range) of each token.
    pub fn sentence_of_tokens(&self) -> Vec<(usize, usize)> {
        let mut out = vec![(0, 0); self.tokens.len()];
        for s in &self.sentences {
            for slot in &mut out[s.tokens.clone()] {
                *slot = (s.tokens.start, s.tokens.end);
            }
        }
        out
    }
}

/// Tokenizes and splits every content block of `blocks` (offsets into `text`).
pub fn segment(blocks: &[Block]) -> Segmentation {
    let mut out = Segmentation::default();
    let mut block_tokens = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        if !block.kind.is_content() {
            continue;
        }
        block_tokens.clear();
        tokenize_into(&block.text, &mut block_tokens);
        let base = out.tokens.len();
        let sentences = split_sentences_by_token(&block.text, &block_tokens);
        out.tokens.extend(block_tokens.iter().map(|t| Token { start: t.start + block.start, end: t.end + block.start, ..*t }));
        out.sentences.extend(sentences.into_iter().map(|r| SentenceTokens { block: index, tokens: base + r.start..base + r.end }));
    }
    out
}

/// Sentence spans of `text` (relative byte offsets), given its tokens.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    split_sentences_by_token(text, tokens)
        .into_iter()
        .map(|r| (tokens[r.start].start, tokens[r.end - 1].end))
        .collect()
}

/// Sentences of `text` as token index ranges (never empty).
pub fn split_sentences_by_token(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut first: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let start = *first.get_or_insert(i);
        let Some(ending) = ending_of(text, &tokens[i]) else {
            i += 1;
            continue;
        };
        // Glue further terminal marks and closing quotes/brackets: `?!”)`.
        let mut next = i + 1;
        while next < tokens.len() && !tokens[next].space_before && is_glued_closer(tokens[next].text(text)) {
            next += 1;
        }
        let closed_by_quote = next > i + 1;
        if ends_sentence(text, ending, closed_by_quote, &tokens[next.min(tokens.len())..]) {
            sentences.push(start..next);
            first = None;
        }
        i = next;
    }
    if let Some(start) = first {
        sentences.push(start..tokens.len());
    }
    sentences
}

/// How a token could end a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// A period after an ordinary word or number.
    Period,
    /// `?` or `!` (or a run of them).
    Exclamation,
    /// `…` or `...`.
    Ellipsis,
    /// CJK full stop, question or exclamation mark: always ends.
    Cjk,
    /// A word carrying its own period: abbreviation or dotted acronym.
    Abbreviation(AbbreviationClass),
    /// Capital initials with periods ("W." in "George W. Bush", "J.R.").
    Initial,
}

fn ending_of(text: &str, token: &Token) -> Option<Ending> {
    let t = token.text(text);
    match token.kind {
        TokenKind::Punct => {
            let c = t.chars().next()?;
            if !t.chars().all(is_terminal) {
                None
            } else if is_cjk_terminal(c) {
                Some(Ending::Cjk)
            } else if t == "." {
                Some(Ending::Period)
            } else if c == '…' || t.starts_with("..") {
                Some(Ending::Ellipsis)
            } else {
                Some(Ending::Exclamation)
            }
        }
        TokenKind::Word if t.len() > 1 && t.ends_with('.') => {
            let word = &t[..t.len() - 1];
            let class = if word.len() <= 16 && word.is_ascii() {
                abbreviation_class(&LowerWord::ascii(word))
            } else {
                None
            };
            // "W." and run-together initials ("J.R.") before a surname.
            if class.is_none() && word.chars().all(|c| c.is_uppercase() || c == '.') {
                return Some(Ending::Initial);
            }
            // Unknown dotted acronyms (U.S., p.m.) behave like ordinary
            // abbreviations.
            Some(Ending::Abbreviation(class.unwrap_or(AbbreviationClass::Normal)))
        }
        _ => None,
    }
}

fn is_glued_closer(t: &str) -> bool {
    t.chars().all(|c| is_terminal(c) || is_closing_quote(c) || is_closing_bracket(c))
}

/// Whether a sentence ends before `following` (the tokens after the ending).
fn ends_sentence(text: &str, ending: Ending, closed_by_quote: bool, following: &[Token]) -> bool {
    if ending == Ending::Cjk {
        return true;
    }
    let Some(next) = following.first() else { return true };
    if !next.space_before {
        return false; // example.com, 3.5, "end."He
    }
    let word = next.text(text);
    let Some(c) = word.chars().next() else { return true };
    if c.is_lowercase() {
        return false;
    }
    match ending {
        Ending::Cjk | Ending::Period | Ending::Exclamation => true,
        Ending::Ellipsis => c.is_uppercase() || is_opening_quote(c) || is_opening_bracket(c),
        Ending::Abbreviation(AbbreviationClass::Title) => false,
        // "No. 10" but "he said no. Then": before anything but a number the
        // period is an ordinary one.
        Ending::Abbreviation(AbbreviationClass::Numeric) => !c.is_numeric(),
        Ending::Initial => is_sentence_starter(word),
        Ending::Abbreviation(AbbreviationClass::Normal) => {
            if closed_by_quote || is_sentence_starter(word) {
                return true;
            }
            // "…with the U.K. Similar talks stalled": a capitalised word
            // followed by a lowercase one starts a sentence, unless it
            // usually continues a name ("the U.S. Senate voted").
            let then_lowercase = following
                .get(1)
                .is_some_and(|t| t.kind == TokenKind::Word && t.text(text).starts_with(char::is_lowercase));
            c.is_uppercase() && then_lowercase && !is_name_continuation(word)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(split("One. Two! Three? Four"), ["One.", "Two!", "Three?", "Four"]);
    }

    #[test]
    fn initials_and_acronyms_do_not_split() {
        assert_eq!(split("Vice President J.D. Vance and the U.S. team met."), ["Vice President J.D. Vance and the U.S. team met."]);
        assert_eq!(split("George W. Bush spoke."), ["George W. Bush spoke."]);
        assert_eq!(split("Mr. Smith met Gen. Jones at 5 p.m. Monday."), ["Mr. Smith met Gen. Jones at 5 p.m. Monday."]);
    }

    #[test]
    fn acronym_before_opener_splits() {
        assert_eq!(split("They met in the U.S. The talks ended."), ["They met in the U.S.", "The talks ended."]);
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(split("“It ended.” She left."), ["“It ended.”", "She left."]);
        assert_eq!(split("“Why now?” he asked."), ["“Why now?” he asked."]);
        assert_eq!(split("“We speak,” Leavitt said. Then"), ["“We speak,” Leavitt said.", "Then"]);
    }

    #[test]
    fn ellipses() {
        assert_eq!(split("the government … is working. Yes"), ["the government … is working.", "Yes"]);
        assert_eq!(split("Wait... Then it came."), ["Wait...", "Then it came."]);
    }

    #[test]
    fn numbers_and_urls_do_not_split() {
        assert_eq!(split("It rose 3.5 percent at example.com today."), ["It rose 3.5 percent at example.com today."]);
        assert_eq!(split("He lives at No. 10 Downing St. now."), ["He lives at No. 10 Downing St. now."]);
    }

    #[test]
    fn cjk_full_stop() {
        assert_eq!(split("東京です。大阪です。"), ["東京です。", "大阪です。"]);
    }

    #[test]
    fn em_dash_glued() {
        assert_eq!(split("Zelenskyy—an important step. Next."), ["Zelenskyy—an important step.", "Next."]);
    }

    #[test]
    fn empty() {
        assert!(split("").is_empty());
        assert!(split("  ").is_empty());
    }
}
