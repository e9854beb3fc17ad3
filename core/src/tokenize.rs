//! Tokenization with byte offsets.
//!
//! Takes a block of text, gives [`Token`]s whose `start..end` are byte offsets
//! into the text it was given (callers add the block's offset). It splits the
//! way news NER expects (close to CoNLL/Penn conventions, without changing any
//! character):
//!
//! - clitics come off their word: `Trump’s` → `Trump` `’s`, `don't` → `do` `n't`;
//! - hyphens and dashes are tokens of their own, so `Zelenskyy—an` and
//!   `Putin-Zelenskyy` give the names alone;
//! - a period stays on dotted acronyms (`U.S.`, `J.D.`, `a.m.`), initials
//!   (`W.`) and known abbreviations (`Mr.`, `Inc.`), and is its own token
//!   elsewhere, so the sentence splitter sees the difference;
//! - numbers keep their separators (`3,000`, `1.5`, `10:30`) and letter
//!   suffixes (`1990s`, `3rd`);
//! - CJK ideographs and kana are one token each (no dictionary segmentation);
//! - an emoji with its modifiers, variation selectors and zero-width joiners
//!   is one symbol token.
//!
//! It does not normalize, lowercase or drop anything but whitespace.

use crate::lexicon::abbreviation_class;
use crate::text::{is_apostrophe, is_cjk, is_combining, is_space, is_word_char, LowerWord};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (and digits after a letter), possibly with a final period
    /// when it is an abbreviation.
    Word,
    /// Starts with a digit.
    Number,
    /// Punctuation, including quotes, dashes and ellipses.
    Punct,
    /// Emoji and other symbols.
    Symbol,
}

/// One token: `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Whether whitespace (or the start of the text) precedes the token.
    pub space_before: bool,
}

impl Token {
    /// The token's text in `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// Tokens read by position over their text: what the rule stages (quotes,
/// dates, numbers) ask of them — "is token `i` *said*?". A position out of
/// range reads as the empty word, so rules look behind and ahead without
/// bounds checks.
#[derive(Debug, Clone, Copy)]
pub struct TokenText<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
}

impl<'a> TokenText<'a> {
    /// Token `i` as written ("" when out of range).
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// Whether token `i` is `word` (ASCII case ignored).
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(word)
    }

    /// Whether token `i` is one of `words` (ASCII case ignored).
    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        let w = self.word(i);
        words.iter().any(|x| w.eq_ignore_ascii_case(x))
    }

    /// Whether token `i` follows the previous one without a space.
    pub fn glued(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| !t.space_before)
    }
}

/// Clitics split off the end of a word (lowercase, apostrophe excluded).
const CLITICS: [&str; 7] = ["s", "re", "ve", "ll", "d", "m", "t"];

/// Tokenizes `text`; offsets are relative to `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut tokens);
    tokens
}

/// Tokenizes `text` into `tokens` (appending), offsets relative to `text`.
pub fn tokenize_into(text: &str, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space_before = true;
    while i < text.len() {
        // ASCII spaces are most of the non-token bytes: skip them first.
        if bytes[i].is_ascii_whitespace() {
            space_before = true;
            i += 1;
            continue;
        }
        // ASCII letters and digits first (most tokens), before decoding:
        // `is_space` and `classify` would give the same answers for them.
        let (end, kind) = if bytes[i].is_ascii_alphabetic() {
            scan_word(text, i)
        } else if bytes[i].is_ascii_digit() {
            (scan_number(text, i), TokenKind::Number)
        } else {
            let c = char_at(text, i);
            let len = c.len_utf8();
            if is_space(c) {
                space_before = true;
                i += len;
                continue;
            }
            classify(text, i, c, space_before)
        };
        // A stray combining mark after a token belongs to it.
        let end = absorb_combining(text, end);
        tokens.push(Token { start: i, end, kind, space_before });
        space_before = false;
        i = end;
    }
}

/// The end and kind of the token that starts with `c` at byte `i` (not a
/// space, not an ASCII letter or digit): the general rules of
/// [`tokenize_into`].
fn classify(text: &str, i: usize, c: char, space_before: bool) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let len = c.len_utf8();
    if is_cjk(c) {
        (i + len, TokenKind::Word)
    } else if c.is_numeric() {
        (scan_number(text, i), TokenKind::Number)
    } else if is_word_char(c) {
        scan_word(text, i)
    } else if c == '.' && bytes.get(i + 1) == Some(&b'.') {
        // "..", "...", "...." are one ellipsis token.
        let run = bytes[i..].iter().take_while(|&&b| b == b'.').count();
        (i + run, TokenKind::Punct)
    } else if is_apostrophe(c) && starts_clitic(text, i + len) && !space_before {
        // A clitic after a non-word token, e.g. `"Trump"’s`.
        (scan_clitic(text, i), TokenKind::Word)
    } else if c.is_ascii_punctuation() || is_punctuation(c) {
        (i + len, TokenKind::Punct)
    } else {
        (scan_symbol(text, i), TokenKind::Symbol)
    }
}

/// The char at byte `i` (which must be a char boundary).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => b as char,
        _ => text[i..].chars().next().unwrap_or('\u{FFFD}'),
    }
}

/// General punctuation outside ASCII: quotes, dashes, ellipsis, CJK marks.
fn is_punctuation(c: char) -> bool {
    matches!(c as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x303F | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x00A1..=0x00BF)
        && !matches!(c as u32, 0x00A2..=0x00A5 | 0x00A9 | 0x00AE | 0x00B0 | 0x00B1)
}

fn absorb_combining(text: &str, mut end: usize) -> usize {
    while end < text.len() {
        // No ASCII char is a combining mark (the common case: decoding and
        // range tests for it were a tenth of the tokenizer's time).
        if text.as_bytes().get(end).is_some_and(u8::is_ascii) {
            break;
        }
        let c = char_at(text, end);
        if !is_combining(c) {
            break;
        }
        end += c.len_utf8();
        // A zero-width joiner glues the next character too (emoji sequences).
        if c == '\u{200D}' && end < text.len() {
            let next = char_at(text, end);
            if !is_space(next) {
                end += next.len_utf8();
            }
        }
    }
    end
}

/// Whether a clitic (`s`, `re`, `n't`'s `t`, …) starts at `i` and ends the word.
fn starts_clitic(text: &str, i: usize) -> bool {
    let rest = &text[i..];
    let letters: usize = rest.chars().take_while(|c| c.is_alphabetic()).map(char::len_utf8).sum();
    if letters == 0 || letters > 2 {
        return false;
    }
    let word = &rest[..letters];
    CLITICS.iter().any(|c| word.eq_ignore_ascii_case(c))
        && !rest[letters..].chars().next().is_some_and(is_word_char)
}

/// An apostrophe and the clitic letters after it.
fn scan_clitic(text: &str, start: usize) -> usize {
    let mut end = start + char_at(text, start).len_utf8();
    while end < text.len() && char_at(text, end).is_alphabetic() {
        end += char_at(text, end).len_utf8();
    }
    end
}

fn scan_number(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    loop {
        while end < text.len() {
            if bytes[end].is_ascii_alphanumeric() {
                end += 1;
            } else if bytes[end] >= 0x80 && char_at(text, end).is_alphanumeric() {
                end += char_at(text, end).len_utf8();
            } else {
                break;
            }
        }
        // Separators inside numbers: 3,000  1.5  10:30  1/2
        match (bytes.get(end), bytes.get(end + 1)) {
            (Some(b',' | b'.' | b':' | b'/'), Some(d)) if d.is_ascii_digit() => end += 1,
            _ => return end,
        }
    }
}

/// A word: letters, digits, combining marks, internal apostrophes that are
/// not clitics (O’Brien), and the dots of acronyms and abbreviations.
fn scan_word(text: &str, start: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut dotted = false; // saw an internal period: U.S, J.D, a.m
    loop {
        while end < text.len() {
            // ASCII letters and digits without decoding.
            if bytes[end].is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            if bytes[end] < 0x80 {
                break;
            }
            let c = char_at(text, end);
            if is_word_char(c) && !is_cjk(c) {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        if end >= text.len() {
            break;
        }
        let c = char_at(text, end);
        let after = end + c.len_utf8();
        if is_apostrophe(c) {
            let word = &text[start..end];
            // The clitic n't itself (after `do` was split off).
            if (word == "n" || word == "N")
                && text[after..].starts_with(['t', 'T'])
                && !text[after + 1..].chars().next().is_some_and(is_word_char)
            {
                return (after + 1, TokenKind::Word);
            }
            // n't: split before the n.
            if (word.ends_with('n') || word.ends_with('N'))
                && word.len() > 1
                && text[after..].starts_with(['t', 'T'])
                && !text[after + 1..].chars().next().is_some_and(is_word_char)
            {
                return (end - 1, TokenKind::Word);
            }
            if starts_clitic(text, after) {
                break;
            }
            // O’Brien, rock ’n’ roll: keep the apostrophe inside the word.
            if text[after..].chars().next().is_some_and(|n| n.is_alphabetic()) {
                end = after;
                continue;
            }
            break;
        }
        if c == '.' {
            // Internal period followed by a letter and a period or end: an
            // acronym segment (U.S., J.D., a.m., Ph.D.).
            let segment = text[after..].chars().take_while(|c| c.is_alphabetic()).count();
            let seg_bytes: usize = text[after..].chars().take(segment).map(char::len_utf8).sum();
            let word_so_far = &text[start..end];
            if (1..=2).contains(&segment)
                && (dotted || word_so_far.chars().count() <= 2)
                && bytes.get(after + seg_bytes) == Some(&b'.')
            {
                dotted = true;
                end = after + seg_bytes;
                continue;
            }
            break;
        }
        break;
    }
    // A final period belongs to acronyms, initials and known abbreviations.
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1) != Some(&b'.') {
        let word = &text[start..end];
        let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if dotted || is_initial || is_known_abbreviation(word) {
            end += 1;
        }
    }
    (end, TokenKind::Word)
}

fn is_known_abbreviation(word: &str) -> bool {
    word.len() <= 8 && abbreviation_class(&LowerWord::ascii(word)).is_some()
}

/// An emoji or other symbol with its modifiers; regional-indicator pairs
/// (flags) stay together.
fn scan_symbol(text: &str, start: usize) -> usize {
    let c = char_at(text, start);
    let mut end = start + c.len_utf8();
    if (0x1F1E6..=0x1F1FF).contains(&(c as u32)) && end < text.len() {
        let next = char_at(text, end);
        if (0x1F1E6..=0x1F1FF).contains(&(next as u32)) {
            end += next.len_utf8();
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    /// The fast branch for ASCII letters and digits in `tokenize_into`
    /// is the one `is_space` and `classify` would take.
    #[test]
    fn ascii_alphanumerics_take_the_general_branch() {
        for c in (0..128u8).map(char::from).filter(char::is_ascii_alphanumeric) {
            assert!(!is_space(c) && !is_cjk(c), "{c}");
            assert_eq!(c.is_numeric(), c.is_ascii_digit(), "{c}");
            if c.is_ascii_alphabetic() {
                assert!(is_word_char(c), "{c}");
            }
        }
    }

    #[test]
    fn clitics_split() {
        assert_eq!(texts("Trump’s call"), ["Trump", "’s", "call"]);
        assert_eq!(texts("don't"), ["do", "n't"]);
        assert_eq!(texts("They're here"), ["They", "'re", "here"]);
        assert_eq!(texts("“Trump”’s"), ["“", "Trump", "”", "’s"]);
    }

    #[test]
    fn internal_apostrophes_stay() {
        assert_eq!(texts("O’Brien and rock ’n’ roll"), ["O’Brien", "and", "rock", "’", "n", "’", "roll"]);
        assert_eq!(texts("the ’90s"), ["the", "’", "90s"]);
    }

    #[test]
    fn dashes_and_hyphens_split() {
        assert_eq!(texts("Zelenskyy—an"), ["Zelenskyy", "—", "an"]);
        assert_eq!(texts("Putin-Zelenskyy meeting"), ["Putin", "-", "Zelenskyy", "meeting"]);
    }

    #[test]
    fn periods_on_acronyms_initials_abbreviations() {
        assert_eq!(texts("J.D. Vance"), ["J.D.", "Vance"]);
        assert_eq!(texts("the U.S. and U.K."), ["the", "U.S.", "and", "U.K."]);
        assert_eq!(texts("George W. Bush"), ["George", "W.", "Bush"]);
        assert_eq!(texts("Mr. Smith at 5 p.m."), ["Mr.", "Smith", "at", "5", "p.m."]);
        assert_eq!(texts("Ph.D. student"), ["Ph.D.", "student"]);
        assert_eq!(texts("ended. Then"), ["ended", ".", "Then"]);
        assert_eq!(texts("example.com"), ["example", ".", "com"]);
    }

    #[test]
    fn numbers_keep_separators() {
        assert_eq!(texts("3,000 troops, 1.5% at 10:30 in the 1990s"),
            ["3,000", "troops", ",", "1.5", "%", "at", "10:30", "in", "the", "1990s"]);
        assert_eq!(texts("4-0."), ["4", "-", "0", "."]);
    }

    #[test]
    fn ellipsis_is_one_token() {
        assert_eq!(texts("wait... what…"), ["wait", "...", "what", "…"]);
    }

    #[test]
    fn cjk_and_emoji() {
        assert_eq!(texts("東京で"), ["東", "京", "で"]);
        assert_eq!(texts("ok 👍🏽 👨‍👩‍👧 🇺🇦!"), ["ok", "👍🏽", "👨‍👩‍👧", "🇺🇦", "!"]);
        assert_eq!(texts("café"), ["café"]);
        assert_eq!(texts("cafe\u{301} x"), ["cafe\u{301}", "x"]);
    }

    #[test]
    fn space_before_flags() {
        let toks = tokenize("a ,b");
        assert!(toks[0].space_before && toks[1].space_before && !toks[2].space_before);
    }

    #[test]
    fn offsets_slice_the_input() {
        let text = "\u{00A0}Zelenskyy—an “if necessary.” 東京 👍🏽";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
    }

    #[test]
    fn empty_and_space_only() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\u{00A0}\t").is_empty());
    }
}
