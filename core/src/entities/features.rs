//! Features of the entity tagger: what the model sees of each token.
//!
//! Takes a segmented article, gives for each token a list of feature hashes
//! (64-bit FNV-1a of a template id and its parts). The same code serves
//! training (`train` feature) and inference, so the two can never disagree.
//!
//! The features are the ones that generalize on news (Ratinov & Roth 2009;
//! the CoNLL-2003 systems):
//!
//! - the word (lowercased), its prefixes and suffixes, its shape (`Xx`,
//!   `X.X.`, `d`), and the words and shapes around it (±2);
//! - gazetteer hits with their BILOU position (`giv:B`, `cty:U`, …) for the
//!   token, and the categories hit by its neighbours (a title before a name);
//! - position: first token of a sentence, the sentence's case style
//!   (capitals in wire headlines, Title Case in web headlines: see
//!   [`CaseStyle`]), the kind of block (headline, heading, list item,
//!   caption);
//! - document evidence: whether the same word appears capitalized in the
//!   middle of ordinary sentences elsewhere, or lowercase — the cue that tells
//!   a sentence-initial or all-caps "Leicestershire" from "Trailing".

use crate::gazetteer::{category, gazetteer, push_lowercase, TitlePhrases};
use crate::hash::FastMap;
use crate::model::{Block, BlockKind};
use crate::segment::Segmentation;
use crate::tokenize::{Token, TokenKind};

/// How a sentence is cased. In capitals (wire headlines) and Title Case
/// (web headlines, headings) a capital letter says nothing about names, so
/// the tagger must lean on the words themselves, the gazetteers and the rest
/// of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStyle {
    Normal,
    Capitals,
    TitleCase,
    /// No capital letter at all (chat, search queries, careless pastes).
    Lowercase,
}

impl CaseStyle {
    /// Whether capitalization is uninformative in this sentence.
    pub fn is_uninformative(self) -> bool {
        self != CaseStyle::Normal
    }

    fn code(self) -> &'static str {
        match self {
            CaseStyle::Normal => "n",
            CaseStyle::Capitals => "c",
            CaseStyle::TitleCase => "t",
            CaseStyle::Lowercase => "l",
        }
    }
}

/// What the feature functions need to know about one token. Kept small
/// (64 bytes): a long article has hundreds of thousands of tokens, and
/// per-token strings would dominate memory.
#[derive(Debug, Clone, Default)]
pub struct TokenInfo {
    /// Lowercased text (apostrophes straightened): a range of
    /// [`Document::lowercase`].
    lower: (u32, u32),
    /// Short shape: runs of one character class collapsed ("Xx", "X.X.", "d").
    shape: Shape,
    /// Hashes of the lowercased text and of the shape, computed once: the
    /// features of neighbouring tokens reuse them instead of rehashing text.
    lower_hash: u64,
    shape_hash: u64,
    /// Document evidence code (see [`evidence_code`]), 0 when not capitalized.
    evidence: u8,
    /// Index of the token's lowercased text among the document's distinct
    /// words (into [`Document::word_evidence`]).
    word: u32,
    /// Gazetteer hits: bit `category * 4 + position` (positions B, I, L, U).
    pub gazetteer: [u64; 2],
    /// Categories of all hits covering the token.
    pub categories: u32,
    /// First letter is uppercase.
    pub capitalized: bool,
    /// No capital, digit or caseless letter anywhere: a lowercase word or
    /// punctuation ("said", ",", "’s"), not glued to a token that is not
    /// plain (see [`prepare`]).
    plain: bool,
}

const _: () = assert!(std::mem::size_of::<TokenInfo>() <= 64);

/// A shape of at most 8 bytes, stored inline (bytes past `len` are 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shape {
    bytes: [u8; 8],
    len: u8,
}

impl Shape {
    /// Appends a class's bytes; `false` (and nothing appended) when they
    /// do not fit.
    fn push(&mut self, encoded: &[u8]) -> bool {
        let at = self.len as usize;
        let Some(slot) = self.bytes.get_mut(at..at + encoded.len()) else { return false };
        slot.copy_from_slice(encoded);
        self.len += encoded.len() as u8;
        true
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or(&[])
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
}

/// A document prepared for tagging.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub tokens: Vec<TokenInfo>,
    /// The lowercased texts of all tokens, one after the other.
    lowercase: String,
    /// Per sentence: how its letters are cased.
    pub styles: Vec<CaseStyle>,
    /// Per sentence: the kind of its block.
    pub block_kinds: Vec<BlockKind>,
    /// Per distinct lowercase word (see [`TokenInfo`]'s `word`):
    /// (capitalized mid-sentence, lowercase) counts in ordinary sentences.
    word_evidence: Vec<(u16, u16)>,
    /// The title phrases of every sentence.
    pub titles: TitlePhrases,
}

/// How many tokens on each side of a token [`Document::certainly_outside`]
/// looks at.
const REACH: usize = 2;

/// The gazetteer categories whose lowercase hits the tagger still scores
/// (see [`Document::certainly_outside`]): places, organizations,
/// nationalities and organization suffixes — CoNLL-2003 tags "interior
/// ministry" as an organization, its "ministry" being a suffix. The other
/// lists (given names, surnames, titles, organization prefixes) hold
/// ordinary words ("day", "held", "minister") and do not keep a lowercase
/// word scored.
const PLACE_AND_ORG_LISTS: u32 = category::COUNTRY
    | category::DEMONYM
    | category::CITY
    | category::BIG_CITY
    | category::SUBDIVISION
    | category::REGION
    | category::ORGANIZATION
    | category::ORG_SUFFIX
    | category::NATIONALITY
    | category::INSTITUTION;

/// Template ids: one byte mixed into each feature hash.
mod template {
    pub const BIAS: u8 = 0;
    pub const WORD: u8 = 1;
    pub const SHAPE: u8 = 2;
    pub const PREFIX: u8 = 3;
    pub const SUFFIX: u8 = 4;
    pub const WORD_AT: u8 = 5;
    pub const SHAPE_AT: u8 = 6;
    pub const BIGRAM_LEFT: u8 = 7;
    pub const BIGRAM_RIGHT: u8 = 8;
    pub const SHAPE_TRIGRAM: u8 = 9;
    pub const GAZETTEER: u8 = 10;
    pub const GAZETTEER_AT: u8 = 11;
    pub const FIRST: u8 = 12;
    pub const CAPS_WORD: u8 = 13;
    pub const CAPS_SHAPE: u8 = 14;
    pub const BLOCK: u8 = 15;
    pub const EVIDENCE: u8 = 16;
    pub const WORD_SHAPE_NEXT: u8 = 17;
    pub const PREV_WORD_SHAPE: u8 = 18;
}

/// FNV-1a over a template id and parts, with a separator between parts.
#[derive(Clone, Copy)]
struct Hasher(u64);

impl Hasher {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new(template: u8) -> Hasher {
        Hasher((Self::OFFSET ^ u64::from(template)).wrapping_mul(Self::PRIME))
    }

    fn bytes(mut self, bytes: &[u8]) -> Hasher {
        for &b in bytes {
            self = self.byte(b);
        }
        self.end_part()
    }

    /// Mixes in one byte of a part.
    fn byte(self, b: u8) -> Hasher {
        Hasher((self.0 ^ u64::from(b)).wrapping_mul(Self::PRIME))
    }

    /// Ends a part with a separator, so ("ab", "c") and ("a", "bc") differ.
    fn end_part(self) -> Hasher {
        self.byte(0xff)
    }

    fn str(self, s: &str) -> Hasher {
        self.bytes(s.as_bytes())
    }

    fn num(self, n: i64) -> Hasher {
        self.hash(n as u64)
    }

    /// Mixes in a precomputed 64-bit value with one multiply.
    fn hash(mut self, x: u64) -> Hasher {
        self.0 = (self.0.rotate_left(23) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self
    }

    fn finish(self) -> u64 {
        // A final avalanche, so the low bits the model table uses are mixed.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// Short shape of a word.
pub fn shape(text: &str) -> String {
    short_shape(text).as_str().to_string()
}

fn short_shape(text: &str) -> Shape {
    let mut out = Shape::default();
    let mut last = '\0';
    for c in text.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a' // letters without case (CJK, Arabic, …)
        } else {
            c
        };
        if !extends_run(class, last) {
            let mut buf = [0u8; 4];
            if !out.push(class.encode_utf8(&mut buf).as_bytes()) {
                break;
            }
        }
        last = class;
    }
    out
}

/// Whether a shape class repeats the one before it in a run that the
/// shape writes once ("Putin" → "Xx", not "Xxxxx").
fn extends_run(class: char, last: char) -> bool {
    class == last && matches!(class, 'X' | 'x' | 'd' | 'a')
}

/// What [`prepare`] needs of a token's own text.
#[derive(Debug, PartialEq)]
struct WordFacts {
    /// [`Hasher`] state of the lowercased text (template 0, one part).
    lower_hash: u64,
    shape: Shape,
    /// Starts with an uppercase letter.
    capitalized: bool,
    /// Every letter lowercase and no digit (see [`TokenInfo::plain`]).
    plain: bool,
}

/// The facts of any token, appending its lowercased text to `lowercase`.
fn word_facts(raw: &str, lowercase: &mut String) -> WordFacts {
    let start = lowercase.len();
    push_lowercase(raw, lowercase);
    WordFacts {
        lower_hash: Hasher::new(0).str(&lowercase[start..]).0,
        shape: short_shape(raw),
        capitalized: raw.chars().next().is_some_and(char::is_uppercase),
        plain: raw.chars().all(|c| c.is_lowercase() || !(c.is_alphanumeric())),
    }
}

/// [`word_facts`] of an ASCII token in one pass over its bytes (most
/// tokens of English news): lowercasing, hashing, shape and case were five
/// passes, three of them with Unicode case tests (one pass saves 1.9 % of
/// the instructions of entities + people + quotes on the CoNLL dev texts).
/// `ascii_facts_match_the_general_ones` checks it against [`word_facts`].
fn ascii_word_facts(raw: &str, lowercase: &mut String) -> WordFacts {
    let bytes = raw.as_bytes();
    let mut hasher = Hasher::new(0);
    let mut shape = Shape::default();
    let mut last = 0u8;
    let mut plain = true;
    for &b in bytes {
        let lower = b.to_ascii_lowercase();
        lowercase.push(char::from(lower));
        hasher = hasher.byte(lower);
        plain &= !matches!(b, b'A'..=b'Z' | b'0'..=b'9');
        // short_shape's classes, for ASCII: X, x, d or the byte itself; a
        // full shape takes no more (short_shape stops there).
        let class = match b {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            _ => b,
        };
        // `!extends_run(class, last)` and `Shape::push` on bytes: called
        // with chars here the run rule cost 0.8 % of entities + people +
        // quotes, and `push` of a one-byte slice 0.6 % (callgrind).
        if class != last || !matches!(class, b'X' | b'x' | b'd' | b'a') {
            if let Some(slot) = shape.bytes.get_mut(shape.len as usize) {
                *slot = class;
                shape.len += 1;
            }
        }
        last = class;
    }
    WordFacts {
        lower_hash: hasher.end_part().0,
        shape,
        capitalized: bytes.first().is_some_and(u8::is_ascii_uppercase),
        plain,
    }
}

/// The case style of a sentence. Capitals: at least five cased letters, at
/// most a fifth of them lowercase. Title Case: at least three words of four
/// letters or more, two thirds of them capitalized (short function words
/// stay lowercase in Title Case, so they are not counted).
pub fn case_style(text: &str, tokens: &[Token]) -> CaseStyle {
    let (mut upper, mut lower) = (0usize, 0usize);
    let (mut long_words, mut long_capitalized) = (0usize, 0usize);
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        let word = t.text(text);
        let mut letters = 0;
        for c in word.chars() {
            if c.is_uppercase() {
                upper += 1;
                letters += 1;
            } else if c.is_lowercase() {
                lower += 1;
                letters += 1;
            }
        }
        if letters >= 4 {
            long_words += 1;
            long_capitalized += usize::from(word.starts_with(char::is_uppercase));
        }
    }
    if upper >= 5 && lower * 5 <= upper {
        CaseStyle::Capitals
    } else if upper == 0 && lower >= 10 {
        CaseStyle::Lowercase
    } else if long_words >= 3 && long_capitalized * 3 >= long_words * 2 {
        CaseStyle::TitleCase
    } else {
        CaseStyle::Normal
    }
}

/// Prepares a segmented article for tagging.
pub fn prepare(text: &str, segmentation: &Segmentation, blocks: &[Block]) -> Document {
    let tokens = &segmentation.tokens;
    let mut doc = Document {
        tokens: Vec::with_capacity(tokens.len()),
        lowercase: String::with_capacity(text.len()),
        styles: Vec::with_capacity(segmentation.sentences.len()),
        block_kinds: Vec::with_capacity(segmentation.sentences.len()),
        word_evidence: Vec::new(),
        titles: TitlePhrases::default(),
    };
    for t in tokens {
        let raw = t.text(text);
        let start = doc.lowercase.len();
        let facts = if raw.is_ascii() {
            ascii_word_facts(raw, &mut doc.lowercase)
        } else {
            word_facts(raw, &mut doc.lowercase)
        };
        doc.tokens.push(TokenInfo {
            lower: (start as u32, (doc.lowercase.len() - start) as u32),
            lower_hash: facts.lower_hash,
            shape_hash: Hasher::new(0).bytes(facts.shape.as_bytes()).0,
            evidence: 0,
            word: 0,
            shape: facts.shape,
            gazetteer: [0; 2],
            categories: 0,
            capitalized: facts.capitalized,
            plain: facts.plain,
        });
    }
    // A run of tokens with no space between them ("France-registered",
    // "Ill.-based", "U.S.-led") is plain only if all of its tokens are:
    // such compounds are names ("Tripoli-based" is MISC in CoNLL-2003).
    // (A run may cross a sentence end with no space, "end.The": that only
    // makes the tagger score more tokens.)
    let mut run_start = 0;
    for k in 1..=tokens.len() {
        if tokens.get(k).is_some_and(|t| !t.space_before) {
            continue;
        }
        if let Some(run) = doc.tokens.get_mut(run_start..k) {
            if run.iter().any(|t| !t.plain) {
                run.iter_mut().for_each(|t| t.plain = false);
            }
        }
        run_start = k;
    }
    // Number the distinct words once (the map borrows the lowercase texts),
    // so that the evidence below is counted and read by index, with no
    // string key per word.
    {
        // Sized for a news article's distinct words up front (growing the
        // map rehashed it several times per article); a book-length input
        // still grows it, rather than reserve a slot per token.
        let mut words: FastMap<&str, u32> = FastMap::with_capacity_and_hasher(tokens.len().min(4096), Default::default());
        let lowercase = &doc.lowercase;
        for info in &mut doc.tokens {
            let (start, len) = info.lower;
            let lower = lowercase.get(start as usize..(start + len) as usize).unwrap_or("");
            let next = words.len() as u32;
            info.word = *words.entry(lower).or_insert(next);
        }
        doc.word_evidence = vec![(0, 0); words.len()];
    }
    let g = gazetteer();
    for sentence in &segmentation.sentences {
        let range = sentence.tokens.clone();
        let sentence_tokens = &tokens[range.clone()];
        let kind = blocks.get(sentence.block).map_or(BlockKind::Paragraph, |b| b.kind);
        let style = match case_style(text, sentence_tokens) {
            // Title Case is a style of headlines and headings; a body line
            // with every word capitalized is a list of names (results
            // tables, lists of people), where capitals do mean names.
            CaseStyle::TitleCase if !matches!(kind, BlockKind::Headline | BlockKind::Subtitle | BlockKind::Heading) => {
                CaseStyle::Normal
            }
            style => style,
        };
        doc.styles.push(style);
        doc.block_kinds.push(kind);
        // The tokens were lowercased above: the matcher copies them.
        let found = g.matches_lowercased(text, sentence_tokens, |k, key| key.push_str(doc.lower(range.start + k)));
        for m in found {
            if m.categories & category::TITLE != 0 {
                doc.titles.push(range.start + m.start, range.start + m.start + m.len);
            }
            for bit in 0..category::NAMES.len() {
                if m.categories & (1 << bit) == 0 {
                    continue;
                }
                for k in 0..m.len {
                    let position = match (k, m.len) {
                        (_, 1) => 3,
                        (0, _) => 0,
                        (k, n) if k == n - 1 => 2,
                        _ => 1,
                    };
                    let info = &mut doc.tokens[range.start + m.start + k];
                    let slot = bit * 4 + position;
                    info.gazetteer[slot / 64] |= 1 << (slot % 64);
                    info.categories |= 1 << bit;
                }
            }
        }
        // Evidence comes from ordinary sentences only (Title Case
        // candidates are not ordinary even if not confirmed later).
        if style == CaseStyle::Normal {
            for (k, t) in sentence_tokens.iter().enumerate() {
                if t.kind != TokenKind::Word {
                    continue;
                }
                let i = range.start + k;
                let capitalized = doc.tokens[i].capitalized;
                let Some(evidence) = doc.word_evidence.get_mut(doc.tokens[i].word as usize) else { continue };
                if capitalized && k > 0 {
                    evidence.0 = evidence.0.saturating_add(1);
                } else if !capitalized {
                    evidence.1 = evidence.1.saturating_add(1);
                }
            }
        }
    }
    // A Title Case candidate is confirmed when one of its capitalized words
    // is written lowercase in the document's ordinary sentences ("Meet",
    // "Talks"): otherwise it is a line of names, where capitals count.
    for (k, sentence) in segmentation.sentences.iter().enumerate() {
        if doc.styles[k] != CaseStyle::TitleCase {
            continue;
        }
        let confirmed = sentence.tokens.clone().skip(1).any(|i| {
            let lower = doc.lower(i);
            doc.tokens[i].capitalized && lower.len() >= 4 && doc.evidence_of(i).1 > 0
        });
        if !confirmed {
            doc.styles[k] = CaseStyle::Normal;
        }
    }
    for (k, sentence) in segmentation.sentences.iter().enumerate() {
        let style = doc.styles[k];
        for i in sentence.tokens.clone() {
            if doc.tokens[i].capitalized {
                let (mid_caps, lower) = doc.evidence_of(i);
                doc.tokens[i].evidence = evidence_code(i == sentence.tokens.start, style, mid_caps, lower);
            }
        }
    }
    doc
}

/// Packs the document evidence of a capitalized token into a non-zero byte:
/// sentence-initial or not, the sentence's case style, how often the word is
/// capitalized mid-sentence elsewhere (0, 1, more), and whether it also
/// appears lowercase.
fn evidence_code(first: bool, style: CaseStyle, mid_caps: u16, lower: u16) -> u8 {
    let style = match style {
        CaseStyle::Normal => 0,
        CaseStyle::Capitals => 1,
        CaseStyle::TitleCase => 2,
        CaseStyle::Lowercase => 3,
    };
    0x80 | (u8::from(first) << 5) | (style << 3) | ((mid_caps.min(2) as u8) << 1) | u8::from(lower > 0)
}

impl Document {
    /// Whether token `i` of `sentence` (token range `range`) can only be
    /// outside any name, so that the tagger need not score it: the
    /// sentence is ordinarily cased, and the token and the [`REACH`] tokens
    /// on each side (within the sentence) are [plain](TokenInfo::plain) and
    /// hit none of the [`PLACE_AND_ORG_LISTS`]. Names are capitalized in such a sentence; the
    /// lowercase words inside one ("Bank of England", "Ursula von der
    /// Leyen", "Prix de l' Abbaye") sit at most two tokens from a capital.
    ///
    /// Skipping does not change the decoding where the tagger would have
    /// decoded O anyway, up to float rounding (O's score is then a constant
    /// of every path; the sums round differently without it); on
    /// CoNLL-2003 train it changes no entity, on dev it drops one false
    /// positive.
    pub fn certainly_outside(&self, sentence: usize, range: std::ops::Range<usize>, i: usize) -> bool {
        let quiet = |j: usize| self.tokens.get(j).is_none_or(|t| t.plain && t.categories & PLACE_AND_ORG_LISTS == 0);
        self.styles.get(sentence) == Some(&CaseStyle::Normal)
            && range.contains(&i)
            && (i.saturating_sub(REACH).max(range.start)..(i + REACH + 1).min(range.end)).all(quiet)
    }

    /// The lowercased text of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        let (start, len) = self.tokens[i].lower;
        self.lowercase.get(start as usize..(start + len) as usize).unwrap_or("")
    }

    /// The short shape of token `i`.
    pub fn shape(&self, i: usize) -> &str {
        self.tokens[i].shape.as_str()
    }

    /// Number of distinct lowercased words.
    pub fn distinct_words(&self) -> usize {
        self.word_evidence.len()
    }

    /// How often the word of token `i` appears (capitalized in the middle,
    /// lowercase) in the ordinary sentences of the document.
    fn evidence_of(&self, i: usize) -> (u16, u16) {
        self.tokens.get(i).and_then(|t| self.word_evidence.get(t.word as usize)).copied().unwrap_or((0, 0))
    }

    /// How often the word of token `i` appears capitalized in the middle of
    /// ordinary sentences of the document.
    pub fn capitalized_mid_sentence(&self, i: usize) -> u16 {
        self.evidence_of(i).0
    }
}

/// Hashes standing for the words and shapes before the first and after the
/// last token of a sentence.
const START: u64 = 0x5354_4152_5400_0001;
const END: u64 = 0x454e_4400_0000_0002;

/// Appends the feature hashes of token `i` (an index into the document's
/// tokens) of sentence `sentence`, whose tokens are `range`: its
/// [`word_features`], then its [`context_features`].
pub fn token_features(doc: &Document, sentence: usize, range: std::ops::Range<usize>, i: usize, out: &mut Vec<u64>) {
    word_features(doc, i, out);
    context_features(doc, sentence, range, i, out);
}

/// What the [`word_features`] of a token depend on: its lowercased word and
/// its shape. Tokens with equal keys have equal word features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordKey {
    /// Index of the lowercased word, below [`Document::distinct_words`].
    pub word: u32,
    shape: Shape,
}

/// The [`WordKey`] of token `i`.
pub fn word_key(doc: &Document, i: usize) -> WordKey {
    doc.tokens.get(i).map_or(WordKey { word: u32::MAX, shape: Shape::default() }, |t| WordKey { word: t.word, shape: t.shape })
}

/// Appends the features of token `i` that depend only on its [`word_key`]:
/// the bias, the word, its shape, prefixes and suffixes. They come first,
/// so a tagger may sum them once per distinct word and go on from there.
pub fn word_features(doc: &Document, i: usize, out: &mut Vec<u64>) {
    use template::*;
    let info = &doc.tokens[i];
    let w = doc.lower(i);
    let (word, own_shape) = (info.lower_hash, info.shape_hash);
    out.push(Hasher::new(BIAS).finish());
    out.push(Hasher::new(WORD).hash(word).finish());
    out.push(Hasher::new(SHAPE).hash(own_shape).finish());
    // Prefixes of 1–3 and suffixes of 1–4 characters (char boundaries).
    for end in w.char_indices().skip(1).map(|(b, _)| b).chain(std::iter::once(w.len())).take(3) {
        out.push(Hasher::new(PREFIX).str(&w[..end]).finish());
    }
    for (start, _) in w.char_indices().rev().take(4) {
        out.push(Hasher::new(SUFFIX).str(&w[start..]).finish());
    }
}

/// Appends the features of token `i` that depend on its neighbours and its
/// place in the sentence and document.
pub fn context_features(doc: &Document, sentence: usize, range: std::ops::Range<usize>, i: usize, out: &mut Vec<u64>) {
    use template::*;
    let info = &doc.tokens[i];
    let at = |offset: isize| -> Option<&TokenInfo> {
        let j = i as isize + offset;
        (j >= range.start as isize && j < range.end as isize).then(|| &doc.tokens[j as usize])
    };
    let boundary = |offset: isize| if offset < 0 { START } else { END };
    let word_at = |offset: isize| at(offset).map_or(boundary(offset), |t| t.lower_hash);
    let shape_at = |offset: isize| at(offset).map_or(boundary(offset), |t| t.shape_hash);
    let style = doc.styles.get(sentence).copied().unwrap_or(CaseStyle::Normal);
    let caps = style.is_uninformative();
    let (word, own_shape) = (info.lower_hash, info.shape_hash);
    for offset in [-2isize, -1, 1, 2] {
        out.push(Hasher::new(WORD_AT).num(offset as i64).hash(word_at(offset)).finish());
    }
    for offset in [-1isize, 1] {
        out.push(Hasher::new(SHAPE_AT).num(offset as i64).hash(shape_at(offset)).finish());
    }
    out.push(Hasher::new(BIGRAM_LEFT).hash(word_at(-1)).hash(word).finish());
    out.push(Hasher::new(BIGRAM_RIGHT).hash(word).hash(word_at(1)).finish());
    out.push(Hasher::new(SHAPE_TRIGRAM).hash(shape_at(-1)).hash(own_shape).hash(shape_at(1)).finish());
    out.push(Hasher::new(WORD_SHAPE_NEXT).hash(word).hash(shape_at(1)).finish());
    out.push(Hasher::new(PREV_WORD_SHAPE).hash(word_at(-1)).hash(own_shape).finish());

    for (word_index, &word_bits) in info.gazetteer.iter().enumerate() {
        let mut bits = word_bits;
        while bits != 0 {
            let bit = bits.trailing_zeros() + 64 * word_index as u32;
            bits &= bits - 1;
            out.push(Hasher::new(GAZETTEER).num(i64::from(bit)).num(i64::from(caps || info.capitalized)).finish());
        }
    }
    for offset in [-1isize, 1] {
        let Some(neighbour) = at(offset) else { continue };
        let mut cats = neighbour.categories;
        while cats != 0 {
            let bit = cats.trailing_zeros();
            cats &= cats - 1;
            out.push(Hasher::new(GAZETTEER_AT).num(offset as i64).num(i64::from(bit)).finish());
        }
    }
    if i == range.start {
        out.push(Hasher::new(FIRST).hash(own_shape).finish());
    }
    if caps {
        out.push(Hasher::new(CAPS_WORD).str(style.code()).hash(word).finish());
        out.push(Hasher::new(CAPS_SHAPE).str(style.code()).hash(shape_at(-1)).hash(shape_at(1)).finish());
    }
    let block = match doc.block_kinds.get(sentence) {
        Some(BlockKind::Headline | BlockKind::Subtitle) => "h",
        Some(BlockKind::Heading) => "s",
        Some(BlockKind::ListItem) => "l",
        Some(BlockKind::Caption) => "c",
        _ => "p",
    };
    if block != "p" {
        out.push(Hasher::new(BLOCK).str(block).hash(own_shape).finish());
    }
    // Document evidence for capitalized (or all-caps) words.
    if info.evidence != 0 {
        out.push(Hasher::new(EVIDENCE).num(i64::from(info.evidence)).finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Putin"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("NATO"), "X");
        assert_eq!(shape("1996-08-30"), "d-d-d");
        assert_eq!(shape("McDonald"), "XxXx");
        assert_eq!(shape("’s"), "’x");
        assert_eq!(shape("東京"), "a");
    }

    #[test]
    fn ascii_facts_match_the_general_ones() {
        let pieces = ["A", "z", "Q", "m", "0", "7", ".", "-", "'", "\0", " ", "X", "a", "d", "_", "~"];
        let mut next = crate::testing::xorshift(29);
        let mut words: Vec<String> = ["", "Putin", "U.S.", "NATO", "1996-08-30", "McDonald", "aaaaaaaaaaaaaaaaaaaaa", "A1b2C3d4E5f6G7h8"].map(String::from).to_vec();
        for _ in 0..5000 {
            let n = (next() % 14) as usize;
            words.push((0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect());
        }
        for word in &words {
            let (mut fast, mut general) = (String::from("x"), String::from("x"));
            assert_eq!(ascii_word_facts(word, &mut fast), word_facts(word, &mut general), "{word:?}");
            assert_eq!(fast, general, "{word:?}");
        }
    }

    #[test]
    fn hashes_separate_parts() {
        let a = Hasher::new(1).str("ab").str("c").finish();
        let b = Hasher::new(1).str("a").str("bc").finish();
        let c = Hasher::new(2).str("ab").str("c").finish();
        assert_ne!(a, b);
        assert_ne!(a, c);
    }
}
