//! Quotations and who said them.
//!
//! Takes the content blocks, their tokens and sentences, the entity mentions
//! and the records, gives quote records — direct, partial and reported
//! speech — with the speaker (the person's or organization's record when
//! there is one, else the words naming the speaker), the speaker mention and
//! the cue verb, and fills each person's list of quote ids.
//!
//! **Quote marks.** “…”, „…“, «…», ‘…’ and straight quotes are paired within
//! a paragraph with a small state machine: a straight `"` opens before a
//! non-space and closes after one; single quotes count only at the top
//! level, never between two letters (’s, rock ’n’ roll) nor before a digit
//! (’90s). A mark left open at the end of a paragraph continues the quote
//! only when the next paragraph opens with a mark (the multi-paragraph
//! convention); otherwise it is dropped, so an unbalanced mark never
//! swallows the rest of the article. Short all-capitalized quoted words with
//! no attribution (titles of works, nicknames) are not quotes.
//!
//! **Speakers.** After the closing mark: `“Q,” X said`, `“Q,” said X`,
//! `“Q,” X told reporters`; before the opening mark: `X said: “Q”`,
//! `X said “Q”`, `according to X, “Q”`; a partial quote inside a sentence
//! belongs to the sentence's speaker (`X confirmed …, adding … “if
//! necessary.”`); a quote without attribution continues the previous one
//! of its paragraph, or of the previous paragraph when it opens its own.
//! Pronouns ("he said") go to the most recent person of matching sex (given
//! name, or titles such as Mr. or spokeswoman) in the current or previous
//! sentence, and to nobody when two such people compete. Verbs of saying are
//! `data/speech_verbs.tsv`.
//!
//! **Reported speech** (`kind: "indirect"`): `X said (that) …`,
//! `X confirmed …`, `X called … unprecedented`, `…, X said on Friday.`,
//! `according to X, …` — the reported clause and the speaker.
//!
//! It does not resolve speakers beyond the article's own words (no world
//! knowledge), and does not split a quote that mixes two speakers.

use std::sync::LazyLock;

use crate::gazetteer::{gazetteer, Sex};
use crate::hash::{FastMap, FastSet};
use crate::lexicon::word_kinds;
use crate::model::{Block, EntityMention, Quote, Span};
use crate::records::Records;
use crate::segment::Segmentation;
use crate::text::{is_closing_bracket, is_opening_bracket, is_space, LowerWord};
use crate::tokenize::TokenText;

const SPEECH_VERBS: &str = include_str!("../data/speech_verbs.tsv");

/// How a verb of saying works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    /// Attributes direct quotes and introduces reported speech.
    Say,
    /// Introduces reported speech only.
    Report,
    /// "adding", "saying": the subject goes on speaking.
    Participle,
}

/// The lengths in bytes of the words [`verb_of`] looks up: verbs of saying
/// are 3–12 letters.
const VERB_LENGTHS: std::ops::RangeInclusive<usize> = 3..=12;

/// The verbs of saying, with a prefilter.
struct SpeechVerbs {
    by_word: FastMap<&'static str, Verb>,
    /// Per first letter (a–z), bit `n` set when a verb of that letter is
    /// `n` bytes long (within [`VERB_LENGTHS`]): most words
    /// fail this test and need no lowercase copy and no hash lookup (a
    /// quarter of the quote stage's time went there).
    lengths: [u16; 26],
}

static VERBS: LazyLock<SpeechVerbs> = LazyLock::new(|| {
    let by_word = word_kinds(SPEECH_VERBS, |kind| match kind {
        "say" => Some(Verb::Say),
        "report" => Some(Verb::Report),
        "participle" => Some(Verb::Participle),
        _ => None,
    });
    let mut lengths = [0u16; 26];
    for word in by_word.keys() {
        // Only a word of ASCII letters and of VERB_LENGTHS can be looked
        // up (verb_of); its key is lowercase.
        if let Some(&first @ b'a'..=b'z') = word.as_bytes().first() {
            if VERB_LENGTHS.contains(&word.len()) {
                lengths[usize::from(first - b'a')] |= 1 << word.len();
            }
        }
    }
    SpeechVerbs { by_word, lengths }
});

/// The verb of saying a word is (lowercased without allocating: verbs are
/// short ASCII words, usually lowercase already).
fn verb_of(word: &str) -> Option<Verb> {
    // Verbs of saying are ASCII letters of VERB_LENGTHS, lowercase or
    // capitalized (in headlines); most tokens fail this before any lookup.
    let bytes = word.as_bytes();
    let Some(first @ (b'a'..=b'z' | b'A'..=b'Z')) = bytes.first().copied() else { return None };
    let known_length = VERBS.lengths.get(usize::from(first.to_ascii_lowercase() - b'a')).copied().unwrap_or(0);
    if !VERB_LENGTHS.contains(&bytes.len()) || known_length & (1 << bytes.len()) == 0 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    VERBS.by_word.get(LowerWord::ascii(word).as_str()).copied()
}

/// Pronouns that can stand for a speaker, and the sex they imply.
const PRONOUNS: [(&str, Option<Sex>); 4] = [("he", Some(Sex::Male)), ("she", Some(Sex::Female)), ("they", None), ("i", None)];

/// How far (in tokens) a subject may stand before its verb ("Rice, who
/// celebrated in front of the travelling supporters, described …").
const MAX_SUBJECT_DISTANCE: usize = 20;

/// Nouns that describe an organization ("the union said", "the agency").
const ORG_NOUNS: [&str; 20] = [
    "union", "agency", "ministry", "company", "statement", "group", "organization", "organisation", "government",
    "department", "party", "body", "bank", "league", "club", "team", "firm", "court", "commission", "council",
];

/// Longest reported clause, in tokens.
const MAX_REPORTED_TOKENS: usize = 80;

/// How far (in tokens) a speech verb may stand before the quote it attributes.
const MAX_ATTRIBUTION_DISTANCE: usize = 40;

/// Words that start a clause, never part of a speaker phrase.
const CONJUNCTIONS: [&str; 12] = ["and", "but", "that", "while", "though", "although", "because", "so", "as", "if", "when", "whereas"];

/// Words that end a speaker phrase after a verb ("said X on Tuesday").
const PHRASE_STOPS: [&str; 14] =
    ["on", "in", "at", "during", "after", "before", "while", "when", "to", "that", "and", "but", "as", "from"];

/// Title words that tell a person's sex.
const MALE_WORDS: [&str; 10] = ["mr", "mr.", "sir", "king", "prince", "lord", "spokesman", "chairman", "congressman", "businessman"];
const FEMALE_WORDS: [&str; 13] = [
    "mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman", "congresswoman",
    "businesswoman",
];

/// A pair of quote marks found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marked {
    /// Byte offset of the opening mark.
    open: usize,
    /// Byte offset of the closing mark; `None` for a piece of a
    /// multi-paragraph quote that closes in a later paragraph.
    close: Option<usize>,
    /// The quoted words (trimmed).
    content: (usize, usize),
    block: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// A straight quote: direction from the context.
    Straight,
}

fn double_mark(c: char) -> Option<Mark> {
    match c {
        '“' | '„' | '«' | '‟' => Some(Mark::Open),
        '”' | '»' => Some(Mark::Close),
        '"' => Some(Mark::Straight),
        _ => None,
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The bytes that start a mark [`pair_marks`] looks at: `"` and `'`, and
/// the first bytes of “ ” „ ‟ ‘ ’ (0xE2) and « » (0xC2). Every char that
/// starts with 0xE2 or 0xC2 is decoded and tested; no other char is a mark.
const MARK_LEAD: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xE2] = true;
    table[0xC2] = true;
    table
};

/// Quote mark pairs of one paragraph (`text` is the block text, `base` its
/// offset). Returns the pairs and, when the paragraph ends inside a double
/// quote, where that quote opened.
fn pair_marks(text: &str, base: usize, block: usize) -> (Vec<Marked>, Option<usize>) {
    let mut out = Vec::new();
    let mut double_open: Option<(usize, char)> = None;
    let mut single_open: Option<usize> = None;
    // Only quote marks and apostrophes do anything below: the scan jumps
    // from one byte that can start one to the next, and decodes only there.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes.get(from..).and_then(|rest| rest.iter().position(|&b| MARK_LEAD[usize::from(b)])) {
        let i = from + offset;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
        from = i + c.len_utf8();
        let double = double_mark(c);
        if double.is_none() && !matches!(c, '‘' | '’' | '\'') {
            continue;
        }
        let before = text.get(..i).and_then(|head| head.chars().next_back());
        let after = text.get(i + c.len_utf8()..).and_then(|rest| rest.chars().next());
        let space_before = before.is_none_or(|b| is_space(b) || is_opening_bracket(b) || matches!(b, '—' | '–' | '-' | '(' | '[' | '/'));
        let space_after = after.is_none_or(|a| is_space(a) || is_closing_bracket(a) || a.is_ascii_punctuation() || matches!(a, '—' | '–' | '…'));
        if let Some(mark) = double {
            // Inside a British-style ‘…’ quote, “…” are nested: skip them.
            if single_open.is_some() && double_open.is_none() {
                continue;
            }
            let closes = match (double_open, mark) {
                // „…“ closes with “ as well.
                (Some((_, '„')), _) if c == '“' => true,
                (Some(_), Mark::Close) => true,
                (Some(_), Mark::Straight) => !space_before || space_after,
                (Some(_), Mark::Open) => false,
                (None, _) => false,
            };
            if closes {
                if let Some((open, _)) = double_open.take() {
                    push_pair(text, base, block, open, Some(i), &mut out);
                }
                single_open = None;
            } else if matches!(mark, Mark::Open) || (mark == Mark::Straight && !space_after) {
                // A new opening mark while one is open: the earlier one was
                // stray; start over from here rather than pairing across.
                double_open = Some((i, c));
                single_open = None;
            }
            continue;
        }
        if double_open.is_some() {
            continue; // quotes of quotes: the outer quote is the record
        }
        match c {
            '‘' | '\'' if single_open.is_none() && space_before && after.is_some_and(char::is_alphabetic) => {
                single_open = Some(i);
            }
            '’' | '\'' if single_open.is_some()
                && before.is_some_and(|b| !is_space(b))
                && !after.is_some_and(is_word)
                && !(is_apostrophe_after(&text[..i]) && continues_lowercase(&text[i + c.len_utf8()..])) =>
            {
                if let Some(open) = single_open.take() {
                    push_pair(text, base, block, open, Some(i), &mut out);
                }
            }
            _ => {}
        }
    }
    (out, double_open.map(|(open, _)| open))
}

/// Whether the text before a would-be closing single quote makes it an
/// apostrophe: a plural possessive ("players’") or the elision "’n’".
fn is_apostrophe_after(before: &str) -> bool {
    let mut chars = before.chars().rev();
    matches!((chars.next(), chars.next()), (Some('s'), _) | (Some('n'), Some('’' | '\'')))
}

/// Whether the text after a would-be closing single quote goes on with a
/// lowercase word ("players’ welfare", "rock ’n’ roll"): then the mark is an
/// apostrophe. Attribution words ("he said", "says") do close a quote.
fn continues_lowercase(rest: &str) -> bool {
    let word: String = rest.trim_start_matches(is_space).chars().take_while(|c| c.is_alphabetic()).collect();
    !word.is_empty()
        && word.starts_with(char::is_lowercase)
        && rest.starts_with(is_space)
        && !PRONOUNS.iter().any(|(p, _)| *p == word)
        && verb_of(&word).is_none()
}

fn push_pair(text: &str, base: usize, block: usize, open: usize, close: Option<usize>, out: &mut Vec<Marked>) {
    let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let inner_start = open + open_len;
    let inner_end = close.unwrap_or(text.len());
    if inner_start > inner_end {
        return;
    }
    let inner = &text[inner_start..inner_end];
    let lead = inner.len() - inner.trim_start_matches(is_space).len();
    let trimmed = inner.trim_matches(is_space);
    if !trimmed.chars().any(char::is_alphanumeric) {
        return;
    }
    let start = base + inner_start + lead;
    out.push(Marked { open: base + open, close: close.map(|c| base + c), content: (start, start + trimmed.len()), block });
}

/// Whether quoted words look like a title or a name rather than speech:
/// at most six words, all capitalized (short function words aside), no
/// sentence punctuation.
fn looks_like_title(content: &str) -> bool {
    let words: Vec<&str> = content.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || content.ends_with(['.', '!', '?', ',']) {
        return false;
    }
    const SMALL: [&str; 10] = ["of", "the", "a", "an", "and", "in", "on", "for", "to", "at"];
    words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()) || SMALL.contains(w))
}

/// Words before a quoted title of a work or outlet ("her memoir “Becoming”").
const WORK_CUES: [&str; 18] = [
    "book", "memoir", "novel", "film", "movie", "song", "album", "show", "series", "newspaper", "magazine", "titled",
    "entitled", "dubbed", "nicknamed", "podcast", "documentary", "play",
];

/// Quoted words that name a work or a person rather than report speech:
/// after a work word ("the newspaper “El País”"), or a nickname between a
/// given name and a surname ("Dwayne “The Rock” Johnson").
fn names_a_work(ctx: &Context<'_>, q: &Marked, open: usize, close: Option<usize>, content: &str) -> bool {
    let capitalized = content.starts_with(|c: char| c.is_uppercase());
    if !capitalized || content.split_whitespace().count() > 8 || q.close.is_none() {
        return false;
    }
    let mut before = open;
    while before > 0 && ctx.words.is_any(before - 1, &["the", "a", "an", "her", "his", "their", "its", "new", "latest"]) {
        before -= 1;
    }
    if before > 0 && ctx.words.is_any(before - 1, &WORK_CUES) {
        return true;
    }
    let person_at = |i: usize| ctx.entity_at.get(i).copied().flatten().is_some_and(|m| ctx.mentions[m].label == "PERSON");
    let capital_at = |i: usize| ctx.words.word(i).starts_with(char::is_uppercase);
    let nickname = open > 0
        && close.is_some_and(|c| c + 1 < ctx.words.tokens.len() && (person_at(c + 1) || capital_at(c + 1)))
        && (person_at(open - 1) || (capital_at(open - 1) && ctx.words.tokens[open - 1].space_before))
        && !ctx.words.is_any(open - 1, &[":", ","]);
    nickname && looks_like_title(content)
}

/// Everything the attribution needs, indexed by token.
struct Context<'a> {
    words: TokenText<'a>,
    /// Per token: its sentence's token range.
    sentence_of: Vec<(usize, usize)>,
    /// Per token: the entity mention covering it.
    entity_at: Vec<Option<usize>>,
    /// Per mention: token range (`usize::MAX` when outside the tokens).
    mention_tokens: Vec<(usize, usize)>,
    mentions: &'a [EntityMention],
    /// Record id → display name.
    names: FastMap<&'a str, &'a str>,
    /// Person record id → sex, when known.
    sexes: FastMap<&'a str, Sex>,
    /// Per token: the verb of saying it is, looked up once.
    verbs: Vec<Option<Verb>>,
    /// Per token: whether it lies between quote marks. People named inside
    /// a quotation ("Jannik pushed me") are not who a later "he" means.
    quoted: Vec<bool>,
}

/// Who a quote is attributed to.
#[derive(Debug, Clone, Default, PartialEq)]
struct Speaker {
    name: Option<String>,
    id: Option<String>,
    mention: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
}

impl Context<'_> {
    fn verb(&self, i: usize) -> Option<Verb> {
        self.verbs.get(i).copied().flatten()
    }

    fn token_at_or_after(&self, byte: usize) -> usize {
        self.words.tokens.partition_point(|t| t.start < byte)
    }

    fn is_punct(&self, i: usize) -> bool {
        self.words.tokens.get(i).is_some_and(|t| t.text(self.words.text).chars().all(|c| !c.is_alphanumeric()))
    }

    fn byte_span(&self, from: usize, to: usize) -> (usize, usize) {
        (self.words.tokens[from].start, self.words.tokens[to - 1].end)
    }

    /// The speaker a mention (an entity mention index) stands for.
    fn speaker_of_mention(&self, m: usize) -> Speaker {
        let mention = &self.mentions[m];
        let id = mention.entity.clone().filter(|id| id.starts_with("person-") || id.starts_with("org-"));
        let name = id.as_deref().and_then(|id| self.names.get(id)).map(|n| n.to_string()).unwrap_or_else(|| mention.text.clone());
        Speaker { name: Some(name), id, mention: Some((mention.start, mention.end)), cue: None }
    }

    /// A speaker named by tokens `[from, to)`: an entity mention in them, a
    /// pronoun, or the phrase itself ("a Kremlin spokesman").
    fn speaker_in(&self, from: usize, to: usize, at: usize) -> Option<Speaker> {
        if from >= to {
            return None;
        }
        // The last person or organization named there.
        let mention = (from..to).rev().find_map(|i| {
            self.entity_at[i].filter(|&m| matches!(self.mentions[m].label.as_str(), "PERSON" | "ORG"))
        });
        // A bare name is the speaker; in a longer phrase ("a Kremlin
        // spokesman") an organization is only part of it.
        if let Some(m) = mention {
            let (s, e) = self.mention_tokens[m];
            let person = self.mentions[m].label == "PERSON";
            let rest = (from..to).filter(|&i| i < s || i >= e).filter(|&i| !self.is_punct(i) && !self.words.is_any(i, &["the", "'s", "’s"])).count();
            if person || rest == 0 {
                return Some(self.speaker_of_mention(m));
            }
        }
        // A pronoun, alone or ending the phrase ("Hours later he").
        if let Some(&(_, sex)) = PRONOUNS.iter().find(|(p, _)| self.words.is(to - 1, p)) {
            let mut speaker = self.resolve_pronoun(sex, to - 1, at)?;
            speaker.mention = Some(self.byte_span(to - 1, to));
            return Some(speaker);
        }
        // "the Spaniard said", "the union said": the person or organization
        // the text last named before the quote.
        if to - from == 2 && self.words.is(from, "the") {
            let want_org = self.words.is_any(from + 1, &ORG_NOUNS);
            let window = at.saturating_sub(3 * MAX_ATTRIBUTION_DISTANCE);
            let found = (window..at.min(from)).rev().filter(|&i| !self.quoted[i]).find_map(|i| {
                self.entity_at[i].filter(|&m| {
                    let label = self.mentions[m].label.as_str();
                    if want_org { label == "ORG" } else { label == "PERSON" }
                })
            });
            if let Some(m) = found {
                let mut speaker = self.speaker_of_mention(m);
                speaker.mention = Some(self.byte_span(from, to));
                return Some(speaker);
            }
        }
        let words = (from..to).filter(|&i| !self.is_punct(i)).count();
        if words == 0 || words > 6 {
            return None;
        }
        let (s, e) = self.byte_span(from, to);
        let phrase = self.words.text[s..e].trim_matches(|c: char| is_space(c) || c == ',');
        Some(Speaker { name: Some(phrase.to_string()), id: None, mention: Some((s, e)), cue: None })
    }

    /// The person a "he"/"she"/"they" at token `at` refers to: the most
    /// recent person of compatible sex in this or the previous sentence;
    /// nobody when two different such people compete in that sentence.
    fn resolve_pronoun(&self, sex: Option<Sex>, pronoun: usize, quote_at: usize) -> Option<Speaker> {
        // "they": not one person.
        let sex = sex?;
        // People named inside the quote itself are not its speaker.
        let at = pronoun.min(quote_at);
        // Look back four sentences (bounded in tokens): quotes split into
        // sentences of their own, so four is often two of narration.
        let mut window_start = self.sentence_of[at].0;
        for _ in 0..4 {
            match window_start.checked_sub(1) {
                Some(p) => window_start = self.sentence_of[p].0,
                None => break,
            }
        }
        let window_start = window_start.max(at.saturating_sub(3 * MAX_ATTRIBUTION_DISTANCE));
        let known = |m: usize| self.mentions[m].entity.as_deref().and_then(|id| self.sexes.get(id)).copied();
        // The most recent person whose sex is known to fit, else the most
        // recent of unknown sex — unless another such person is named in the
        // same sentence (two men, two women): then nobody.
        let pick = |want_known: bool| -> Option<Option<usize>> {
            let mut chosen: Option<usize> = None;
            for i in (window_start..at).rev() {
                let Some(m) = self.entity_at[i].filter(|&m| self.mentions[m].label == "PERSON" && !self.quoted[i]) else { continue };
                let fits = match known(m) {
                    Some(s) => want_known && s == sex,
                    None => !want_known,
                };
                if !fits {
                    continue;
                }
                match chosen {
                    None => chosen = Some(m),
                    Some(c) if self.mentions[c].entity == self.mentions[m].entity => {}
                    Some(c) => {
                        let same_sentence = self.sentence_of[self.mention_tokens[c].0] == self.sentence_of[self.mention_tokens[m].0];
                        return Some(if same_sentence { None } else { Some(c) });
                    }
                }
            }
            chosen.map(Some)
        };
        let chosen = match pick(true) {
            Some(found) => found?,
            None => pick(false)??,
        };
        Some(self.speaker_of_mention(chosen))
    }

    /// People coordinated with a quote's speaker mention ("Macron and
    /// Merz", "Macron, Merz and Meloni"), in text order, the speaker excluded.
    fn coordinated_with(&self, quote: &Quote) -> Vec<Speaker> {
        let Some(mention) = &quote.speaker_mention else { return Vec::new() };
        let mut k = self.token_at_or_after(mention.start);
        let mut out = Vec::new();
        loop {
            // Skip a possessive affiliation before the name ("Germany’s").
            if k >= 2 && self.words.is_any(k - 1, &["'s", "’s"]) {
                match self.entity_at[k - 2] {
                    Some(e) if self.mention_tokens[e].0 != usize::MAX => k = self.mention_tokens[e].0,
                    _ => break,
                }
            }
            if k < 2 || !self.words.is_any(k - 1, &["and", ","]) {
                break;
            }
            match self.entity_at[k - 2].filter(|&e| self.mentions[e].label == "PERSON") {
                Some(e) => {
                    out.push(self.speaker_of_mention(e));
                    k = self.mention_tokens[e].0;
                }
                None => break,
            }
        }
        out.reverse();
        out
    }

    /// The subject of the verb at token `v`: the closest person or
    /// organization before it in the sentence (no other verb of saying in
    /// between, at most eight tokens away), a pronoun just before it, or a
    /// short phrase from the last comma ("diplomatic sources said").
    fn subject_of(&self, v: usize, at: usize) -> Option<Speaker> {
        let (sentence_start, _) = self.sentence_of[v];
        // "X said … and described it as “…”": the second verb shares the
        // first one's subject. One hop only, so a run of "and said" cannot
        // recurse without bound.
        if v > sentence_start && self.words.is(v - 1, "and") {
            let window = v.saturating_sub(MAX_ATTRIBUTION_DISTANCE).max(sentence_start);
            let first = (window..v - 1).rev().find(|&i| matches!(self.verb(i), Some(Verb::Say | Verb::Report)));
            if let Some(mut speaker) = first.and_then(|f| self.subject_near(f, at)) {
                speaker.cue = Some(self.byte_span(v, v + 1));
                return Some(speaker);
            }
        }
        self.subject_near(v, at)
    }

    /// [`Self::subject_of`] without following "and" back to an earlier verb.
    fn subject_near(&self, v: usize, at: usize) -> Option<Speaker> {
        let (sentence_start, _) = self.sentence_of[v];
        let window = v.saturating_sub(MAX_SUBJECT_DISTANCE).max(sentence_start);
        for i in (window..v).rev() {
            if self.verb(i).is_some() || self.words.is_any(i, &["“", "”"]) {
                break;
            }
            if let Some(m) = self.entity_at[i] {
                if !matches!(self.mentions[m].label.as_str(), "PERSON" | "ORG") {
                    continue;
                }
                let (s, _) = self.mention_tokens[m];
                // "talks with Ukraine said" – the object of a preposition is
                // not a subject.
                if s > sentence_start && self.words.is_any(s - 1, &["with", "to", "by", "for", "of", "at", "from", "in", "against"]) {
                    continue;
                }
                let mut speaker = self.speaker_of_mention(m);
                speaker.cue = Some(self.byte_span(v, v + 1));
                return Some(speaker);
            }
        }
        // A pronoun or a short phrase right before the verb ("though he
        // stressed": the conjunction is not part of it).
        let from = (sentence_start..v)
            .rev()
            .take_while(|&i| !self.is_punct(i) && self.verb(i).is_none() && !self.words.is_any(i, &CONJUNCTIONS))
            .last()?;
        let mut speaker = self.speaker_in(from, v, at)?;
        speaker.cue = Some(self.byte_span(v, v + 1));
        Some(speaker)
    }
}

/// Finds the quotes of an article and lists them on their speakers' records.
pub fn extract_quotes(
    text: &str,
    segmentation: &Segmentation,
    blocks: &[Block],
    mentions: &[EntityMention],
    records: &mut Records,
) -> Vec<Quote> {
    let tokens = &segmentation.tokens;
    let sentence_of = segmentation.sentence_of_tokens();
    let index = segmentation.index_spans(mentions.iter().map(|m| (m.start, m.end)));
    let (mention_tokens, entity_at) = (index.ranges, index.at);
    let mut names: FastMap<&str, &str> = FastMap::default();
    let mut sexes: FastMap<&str, Sex> = FastMap::default();
    for p in &records.people {
        names.insert(p.record.id.as_str(), p.record.name.as_str());
        if let Some(sex) = person_sex(text, p) {
            sexes.insert(p.record.id.as_str(), sex);
        }
    }
    for o in &records.organizations {
        names.insert(o.record.id.as_str(), o.record.name.as_str());
    }
    let verbs = tokens.iter().map(|t| verb_of(t.text(text))).collect();
    // 1. Quote marks, paragraph by paragraph.
    let mut marked: Vec<Marked> = Vec::new();
    // A repeated headline repeats its quotes: only the first copy counts.
    let content_blocks: Vec<usize> =
        (0..blocks.len()).filter(|&b| blocks[b].kind.is_content() && blocks[b].duplicate_of.is_none()).collect();
    for (n, &b) in content_blocks.iter().enumerate() {
        let block = &blocks[b];
        let (mut pairs, open_at_end) = pair_marks(&block.text, block.start, b);
        marked.append(&mut pairs);
        if let Some(open) = open_at_end {
            // Continued only when the next paragraph opens with a mark.
            let next_opens = content_blocks
                .get(n + 1)
                .map(|&nb| blocks[nb].text.trim_start())
                .is_some_and(|t| t.starts_with(['“', '"', '«', '„']));
            if next_opens {
                let mut piece = Vec::new();
                push_pair(&block.text, block.start, b, open, None, &mut piece);
                marked.extend(piece);
            }
        }
    }
    marked.sort_by_key(|m| m.content.0);
    let mut quoted = vec![false; tokens.len()];
    for q in &marked {
        let from = tokens.partition_point(|t| t.start < q.content.0);
        let to = tokens.partition_point(|t| t.start < q.content.1);
        quoted[from..to.max(from)].fill(true);
    }
    let ctx = Context { words: TokenText { text, tokens }, sentence_of, entity_at, mention_tokens, mentions, names, sexes, verbs, quoted };

    // 2. Direct and partial quotes with their speakers.
    let mut quotes: Vec<(Quote, Option<usize>)> = Vec::new(); // with the block
    let mut attributed_verbs: Vec<usize> = Vec::new();
    // For each piece, the next piece that closes (one pass backwards: a
    // search from every piece of a long unclosed chain was quadratic).
    let mut next_closed = vec![None; marked.len()];
    for k in (0..marked.len().saturating_sub(1)).rev() {
        next_closed[k] = if marked[k + 1].close.is_some() { Some(k + 1) } else { next_closed[k + 1] };
    }
    for (k, q) in marked.iter().enumerate() {
        let content = &text[q.content.0..q.content.1];
        let open_token = ctx.token_at_or_after(q.open);
        let close_token = q.close.map(|c| ctx.token_at_or_after(c));
        let mut speaker = close_token.and_then(|c| attribution_after(&ctx, c, open_token));
        if speaker.is_none() {
            speaker = attribution_before(&ctx, open_token);
        }
        if speaker.is_none() {
            speaker = close_token.and_then(|c| attribution_trailing(&ctx, c, open_token));
        }
        if speaker.is_none() && matches!(blocks[q.block].kind, crate::model::BlockKind::Headline | crate::model::BlockKind::Subtitle) {
            // "Reeves defends ‘tough but fair’ budget": the headline's subject.
            let (sentence_start, _) = ctx.sentence_of[open_token.min(ctx.words.tokens.len().saturating_sub(1))];
            speaker = (sentence_start..open_token)
                .find_map(|i| ctx.entity_at[i].filter(|&m| matches!(ctx.mentions[m].label.as_str(), "PERSON" | "ORG")))
                .map(|m| ctx.speaker_of_mention(m));
        }
        if (speaker.is_none() && looks_like_title(content)) || names_a_work(&ctx, q, open_token, close_token, content) {
            continue;
        }
        // A quote without its own attribution continues the previous one in
        // its paragraph, or in the previous paragraph when it opens its own.
        if speaker.is_none() {
            let previous = quotes.iter().rev().find(|(p, _)| p.kind != "indirect");
            let opens_paragraph = blocks[q.block].text.trim_start().starts_with(['“', '"', '«', '„', '‘', '\'']);
            if let Some((p, b)) = previous {
                let same_block = *b == Some(q.block);
                // (content_blocks ascends: a search, not a scan per quote.)
                let previous_block = content_blocks.binary_search(&q.block).ok().and_then(|n| n.checked_sub(1)).map(|n| content_blocks[n]);
                if same_block || (opens_paragraph && *b == previous_block) {
                    speaker = Some(Speaker { name: p.speaker.clone(), id: p.speaker_id.clone(), mention: None, cue: None });
                }
            }
            // The next piece of a multi-paragraph quote names the speaker.
            // Only the pieces of this quote count: the chain ends at the
            // first piece that closes, the only one that can be followed
            // by an attribution.
            if speaker.is_none() && q.close.is_none() {
                speaker = next_closed[k].and_then(|n| marked.get(n)).and_then(|next| {
                    let c = next.close.map(|c| ctx.token_at_or_after(c))?;
                    attribution_after(&ctx, c, ctx.token_at_or_after(next.open))
                });
            }
        }
        let kind = quote_kind(&ctx, q, open_token, content);
        // A verb that introduces a direct quote introduces nothing else; a
        // partial quote sits inside reported speech, which stays a record.
        if let Some(cue) = speaker.as_ref().and_then(|s| s.cue).filter(|_| kind == "direct") {
            attributed_verbs.push(cue.0);
        }
        let speaker = speaker.unwrap_or_default();
        quotes.push((
            Quote {
                id: String::new(),
                kind: kind.to_string(),
                start: q.content.0,
                end: q.content.1,
                text: content.to_string(),
                speaker: speaker.name,
                speaker_id: speaker.id,
                speaker_mention: speaker.mention.map(|(s, e)| Span { start: s, end: e, text: text[s..e].to_string() }),
                cue: speaker.cue.map(|(s, e)| Span { start: s, end: e, text: text[s..e].to_string() }),
            },
            Some(q.block),
        ));
    }

    // 3. Reported speech.
    // Sorted and non-overlapping: pairs never cross.
    let quoted: Vec<(usize, usize)> = marked.iter().map(|m| (m.open, m.close.unwrap_or(m.content.1))).collect();
    let inside_quote = |at: usize| {
        let k = quoted.partition_point(|&(s, _)| s <= at);
        k > 0 && at < quoted[k - 1].1
    };
    let attributed_verbs: FastSet<usize> = attributed_verbs.into_iter().collect();
    for sentence in segmentation.sentences.iter().filter(|s| blocks.get(s.block).is_none_or(|b| b.duplicate_of.is_none())) {
        for v in sentence.tokens.clone() {
            let Some(verb) = ctx.verb(v) else { continue };
            let at = tokens[v].start;
            if attributed_verbs.contains(&at) || inside_quote(at) {
                continue;
            }
            if let Some(quote) = reported(&ctx, verb, v, (sentence.tokens.start, sentence.tokens.end), &quoted) {
                // "France’s Macron and Germany’s Merz … emphasized that …":
                // the same words for each coordinated speaker.
                for other in ctx.coordinated_with(&quote) {
                    let mut copy = quote.clone();
                    copy.speaker = other.name;
                    copy.speaker_id = other.id;
                    copy.speaker_mention = other.mention.map(|(a, b)| Span { start: a, end: b, text: text[a..b].to_string() });
                    quotes.push((copy, None));
                }
                quotes.push((quote, None));
            }
        }
        // "according to X"
        for v in sentence.tokens.clone() {
            if ctx.words.is(v, "according") && ctx.words.is(v + 1, "to") && v + 2 < sentence.tokens.end {
                if let Some(quote) = according_to(&ctx, v, (sentence.tokens.start, sentence.tokens.end)) {
                    quotes.push((quote, None));
                }
            }
        }
    }

    let mut quotes: Vec<Quote> = quotes.into_iter().map(|(q, _)| q).collect();
    quotes.sort_by_key(|q| (q.start, q.kind != "indirect"));
    for (k, q) in quotes.iter_mut().enumerate() {
        q.id = format!("quote-{}", k + 1);
    }
    let mut by_speaker: FastMap<&str, Vec<String>> = FastMap::default();
    for q in &quotes {
        if let Some(id) = q.speaker_id.as_deref() {
            by_speaker.entry(id).or_default().push(q.id.clone());
        }
    }
    for person in &mut records.people {
        person.quotes = by_speaker.remove(person.record.id.as_str()).unwrap_or_default();
    }
    quotes
}

/// Direct (a quoted sentence) or partial (words inside the writer's sentence).
fn quote_kind(ctx: &Context<'_>, q: &Marked, open_token: usize, content: &str) -> &'static str {
    if q.close.is_none() || open_token >= ctx.words.tokens.len() {
        return "direct";
    }
    let (sentence_start, _) = ctx.sentence_of[open_token];
    let starts_sentence = open_token == sentence_start;
    let introduced = open_token > sentence_start && ctx.words.is_any(open_token - 1, &[":", ","]);
    let capital = content.starts_with(|c: char| c.is_uppercase() || c.is_numeric());
    // "“A,” Merz said, “but …”": the second piece goes on the quote.
    let resumed = introduced && (open_token.saturating_sub(5)..open_token).any(|i| ctx.verb(i) == Some(Verb::Say));
    if ((starts_sentence || introduced) && capital) || resumed {
        "direct"
    } else {
        "partial"
    }
}

/// `“Q,” X said` / `“Q,” said X` / `“Q,” X told reporters` /
/// `“Q,” according to X` / `“Q?” X asked` (the sentence splitter ends a
/// sentence after `?”`, so the attribution may start the next one; it must
/// stay in the same paragraph).
fn attribution_after(ctx: &Context<'_>, close: usize, at: usize) -> Option<Speaker> {
    let after = close + 1; // the token after the closing mark
    if after >= ctx.words.tokens.len() || ctx.words.text[ctx.words.tokens[close].end..ctx.words.tokens[after].start].contains(['\n', '\r']) {
        return None;
    }
    if ctx.words.is_any(after, &["“", "\"", "«", "‘"]) || ctx.words.is_any(after, &CONJUNCTIONS) {
        return None; // a new quote, or the writer's sentence going on
    }
    let (_, sentence_end) = ctx.sentence_of[after];
    let limit = sentence_end.min(after + 8);
    let start = if ctx.words.is_any(after, &[",", "—", "–"]) { after + 1 } else { after };
    if start >= limit {
        return None;
    }
    if ctx.words.is(start, "according") && ctx.words.is(start + 1, "to") {
        let end = (start + 2..sentence_end.min(start + 10)).find(|&i| ctx.is_punct(i)).unwrap_or(sentence_end.min(start + 10));
        let mut speaker = ctx.speaker_in(start + 2, end, at)?;
        speaker.cue = Some(ctx.byte_span(start, start + 2));
        return Some(speaker);
    }
    if let Some(Verb::Say) = ctx.verb(start) {
        // "said X"
        let end = (start + 1..limit)
            .find(|&i| ctx.is_punct(i) || ctx.words.is_any(i, &PHRASE_STOPS))
            .unwrap_or(limit);
        let mut speaker = ctx.speaker_in(start + 1, end, at)?;
        speaker.cue = Some(ctx.byte_span(start, start + 1));
        return Some(speaker);
    }
    let v = (start..limit).find(|&i| ctx.verb(i) == Some(Verb::Say))?;
    if (start..v).any(|i| ctx.is_punct(i) && !ctx.words.is_any(i, &["'s", "’s", ".", "-", ","])) {
        return None;
    }
    let mut speaker = ctx.speaker_in(start, v, at)?;
    speaker.cue = Some(ctx.byte_span(v, v + 1));
    Some(speaker)
}

/// "Negotiators made “significant progress” in talks, Qatar’s Foreign
/// Ministry said": an attribution closing the sentence after a comma.
fn attribution_trailing(ctx: &Context<'_>, close: usize, at: usize) -> Option<Speaker> {
    let after = close + 1;
    if after >= ctx.words.tokens.len() {
        return None;
    }
    // Only within the quote's own sentence.
    if ctx.sentence_of[after] != ctx.sentence_of[close] {
        return None;
    }
    let (_, sentence_end) = ctx.sentence_of[after];
    let limit = sentence_end.min(after + MAX_ATTRIBUTION_DISTANCE);
    let v = (after..limit).find(|&i| ctx.verb(i) == Some(Verb::Say))?;
    let comma = (after..v).rev().find(|&i| ctx.words.is(i, ","))?;
    if v - comma > 8 {
        return None;
    }
    let mut speaker = ctx.speaker_in(comma + 1, v, at)?;
    speaker.cue = Some(ctx.byte_span(v, v + 1));
    Some(speaker)
}

/// `X said: “Q”` / `X said “Q”` / `X said that “Q”` / a partial quote in a
/// sentence whose speaker is `X confirmed …`.
fn attribution_before(ctx: &Context<'_>, open: usize) -> Option<Speaker> {
    if open >= ctx.words.tokens.len() {
        return None;
    }
    let (sentence_start, _) = ctx.sentence_of[open];
    // Look back a bounded distance: a runaway "sentence" (a paste without
    // punctuation) must not make each quote scan all of it.
    let window = open.saturating_sub(MAX_ATTRIBUTION_DISTANCE).max(sentence_start);
    // "Putin: “We are ready”" (headlines): a name and a colon.
    if open >= 2 && ctx.words.is(open - 1, ":") {
        let named = ctx.entity_at[open - 2]
            .filter(|&m| matches!(ctx.mentions[m].label.as_str(), "PERSON" | "ORG"))
            .filter(|&m| ctx.mention_tokens[m].0 == sentence_start); // the name opens the line
        if let Some(m) = named {
            return Some(ctx.speaker_of_mention(m));
        }
    }
    // "He reflected on the rivalry:" and the quote opens the next
    // paragraph: the person (or pronoun) that sentence is about.
    if open >= 2 && ctx.words.is(open - 1, ":") && ctx.sentence_of[open - 1] != ctx.sentence_of[open] {
        let (lead_start, _) = ctx.sentence_of[open - 1];
        let lead_start = lead_start.max((open - 1).saturating_sub(MAX_ATTRIBUTION_DISTANCE));
        let subject = (lead_start..open - 1).filter(|&i| !ctx.quoted[i]).find_map(|i| {
            if let Some(m) = ctx.entity_at[i].filter(|&m| ctx.mentions[m].label == "PERSON") {
                return Some(ctx.speaker_of_mention(m));
            }
            if PRONOUNS.iter().any(|(p, sex)| sex.is_some() && ctx.words.is(i, p)) {
                return ctx.speaker_in(i, i + 1, open);
            }
            None
        });
        if subject.is_some() {
            return subject;
        }
    }
    // "according to X, “…”"
    if let Some(a) = (window..open).rev().find(|&i| ctx.words.is(i, "according") && ctx.words.is(i + 1, "to")) {
        let end = (a + 2..open).find(|&i| ctx.is_punct(i)).unwrap_or(open);
        if let Some(mut speaker) = ctx.speaker_in(a + 2, end, open) {
            speaker.cue = Some(ctx.byte_span(a, a + 2));
            return Some(speaker);
        }
    }
    let v = (window..open).rev().find(|&i| ctx.verb(i).is_some())?;
    match ctx.verb(v)? {
        Verb::Participle => {
            // "…, adding that … “Q”": the subject of the sentence's main verb.
            let main = (window..v).rev().find(|&i| matches!(ctx.verb(i), Some(Verb::Say | Verb::Report)));
            // "Le Pen accused Macron of …, calling the speech «…»": with no
            // verb of saying, the participle modifies the sentence's subject,
            // a person or organization within its first few words.
            let sentence_subject = || {
                (sentence_start..(sentence_start + 6).min(v))
                    .find_map(|i| ctx.entity_at[i].filter(|&m| matches!(ctx.mentions[m].label.as_str(), "PERSON" | "ORG")))
                    .map(|m| ctx.speaker_of_mention(m))
            };
            let after_comma = v > sentence_start && ctx.words.is(v - 1, ",");
            let mut speaker = match main {
                None if after_comma => sentence_subject().or_else(|| ctx.subject_of(v, open)),
                None => ctx.subject_of(v, open).or_else(sentence_subject),
                Some(main) => ctx.subject_of(main, open),
            }?;
            speaker.cue = Some(ctx.byte_span(v, v + 1));
            Some(speaker)
        }
        _ => ctx.subject_of(v, open),
    }
}

/// Reported speech introduced by the verb at token `v`.
fn reported(ctx: &Context<'_>, verb: Verb, v: usize, (start, end): (usize, usize), quoted: &[(usize, usize)]) -> Option<Quote> {
    if verb == Verb::Participle {
        return None;
    }
    // The content: after the verb (and "that"), to the end of the sentence.
    let mut from = v + 1;
    const SKIPPED: [&str; 12] =
        ["that", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", ",", "reporters", "journalists"];
    while from < end && ctx.words.is_any(from, &SKIPPED) {
        from += 1;
    }
    // Reported clauses are sentences; a runaway "sentence" (no punctuation
    // in the paste) is cut, so output stays linear in the input.
    let mut to = end.min(from + MAX_REPORTED_TOKENS);
    while to > from && ctx.is_punct(to - 1) {
        to -= 1;
    }
    let speaker_before = ctx.subject_of(v, v);
    // "…, Statistics Canada said, the highest level in a year.": an
    // attribution set off by commas reports the clause before it.
    let parenthetical = from < end && ctx.words.is(from, ",") && speaker_before.as_ref().is_some_and(|s| {
        s.mention.is_some_and(|(ms, _)| {
            let subject = ctx.token_at_or_after(ms);
            subject > start && ctx.words.is(subject - 1, ",")
        })
    });
    let (content, speaker) = if to > from + 2 && !parenthetical {
        (ctx.byte_span(from, to), speaker_before?)
    } else {
        // "…, the club said on Friday.": the clause before the speaker.
        let speaker = speaker_before?;
        let (ms, _) = speaker.mention?;
        let subject = ctx.token_at_or_after(ms);
        let window = subject.saturating_sub(MAX_REPORTED_TOKENS).max(start);
        let comma = (window..subject).rev().find(|&i| ctx.words.is(i, ","))?;
        if comma < window + 3 {
            return None;
        }
        (ctx.byte_span(window, comma), speaker)
    };
    // Content that is mostly a direct quote is that quote, already recorded.
    let first = quoted.partition_point(|&(_, e)| e <= content.0);
    let quoted_bytes: usize = quoted[first..]
        .iter()
        .take_while(|&&(s, _)| s < content.1)
        .map(|&(s, e)| e.min(content.1).saturating_sub(s.max(content.0)))
        .sum();
    if quoted_bytes * 2 >= content.1 - content.0 {
        return None;
    }
    Some(indirect_quote(ctx, content, speaker, ctx.byte_span(v, v + 1)))
}

/// A reported-speech record.
fn indirect_quote(ctx: &Context<'_>, (s, e): (usize, usize), speaker: Speaker, (cs, ce): (usize, usize)) -> Quote {
    let span = |(a, b): (usize, usize)| Span { start: a, end: b, text: ctx.words.text[a..b].to_string() };
    Quote {
        id: String::new(),
        kind: "indirect".to_string(),
        start: s,
        end: e,
        text: ctx.words.text[s..e].to_string(),
        speaker: speaker.name,
        speaker_id: speaker.id,
        speaker_mention: speaker.mention.map(span),
        cue: Some(span((cs, ce))),
    }
}

/// Longest name after "according to", in tokens ("according to a senior
/// European Union official familiar with the talks" is 9).
const MAX_ACCORDING_TO_NAME_TOKENS: usize = 12;

/// "according to X, …" and "…, according to X."
fn according_to(ctx: &Context<'_>, v: usize, (start, end): (usize, usize)) -> Option<Quote> {
    // The name runs to the next punctuation, looked for within a name's
    // length: in a long unpunctuated sentence the speaker is not the last
    // person named anywhere after "according to" (and reading that far for
    // every "according to" made such a sentence quadratic).
    let limit = end.min(v + 2 + MAX_ACCORDING_TO_NAME_TOKENS);
    let punct = (v + 2..limit).find(|&i| ctx.is_punct(i));
    let name_end = punct.unwrap_or(limit);
    let speaker = ctx.speaker_in(v + 2, name_end, v)?;
    let (s, e) = if v > start + 2 {
        // "…, according to X."
        let start = start.max(v.saturating_sub(MAX_REPORTED_TOKENS));
        let mut to = v;
        while to > start && ctx.is_punct(to - 1) {
            to -= 1;
        }
        if to <= start {
            return None;
        }
        ctx.byte_span(start, to)
    } else {
        // "According to X, …": what X said follows the punctuation that
        // ends the name; without one, there is no telling where it starts.
        let mut from = punct?;
        while from < end && ctx.is_punct(from) {
            from += 1;
        }
        let mut to = end.min(from + MAX_REPORTED_TOKENS);
        while to > from && ctx.is_punct(to - 1) {
            to -= 1;
        }
        if to <= from {
            return None;
        }
        ctx.byte_span(from, to)
    };
    Some(indirect_quote(ctx, (s, e), speaker, ctx.byte_span(v, v + 2)))
}

/// A person's sex from their given name or the titles the text gives them.
fn person_sex(text: &str, person: &crate::model::Person) -> Option<Sex> {
    for role in &person.roles {
        // Whole words only: "Commissioner" contains "miss", "Adams" "ms".
        let title = role.title.to_lowercase();
        let words = || title.split(|c: char| is_space(c) || c == '-');
        if words().any(|t| FEMALE_WORDS.contains(&t)) {
            return Some(Sex::Female);
        }
        if words().any(|t| MALE_WORDS.contains(&t)) {
            return Some(Sex::Male);
        }
    }
    // "Mr. Smith", "Ms. Jones": the word before a mention. Looked for only
    // as far back as the longest title word: a longer word cannot be one
    // (lowercasing never shortens a word in characters), and in a text
    // without spaces the search would run back to its start every time.
    let longest = FEMALE_WORDS.iter().chain(&MALE_WORDS).map(|w| w.chars().count()).max().unwrap_or(0);
    for m in &person.record.mentions {
        let before = text[..m.start].trim_end();
        let mut word_start = before.len();
        for (i, c) in before.char_indices().rev().take(longest + 1) {
            if is_space(c) {
                break;
            }
            word_start = i;
        }
        let word = &before[word_start..];
        if word.chars().count() > longest {
            continue;
        }
        let word = word.to_lowercase();
        if FEMALE_WORDS.contains(&word.as_str()) {
            return Some(Sex::Female);
        }
        if MALE_WORDS.contains(&word.as_str()) {
            return Some(Sex::Male);
        }
    }
    let given = person.record.name.split_whitespace().next()?;
    gazetteer().lookup(given).and_then(|e| e.sex()).filter(|_| person.record.name.split_whitespace().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<&str> {
        let (found, _) = pair_marks(text, 0, 0);
        found.iter().map(|m| &text[m.content.0..m.content.1]).collect()
    }

    #[test]
    fn every_mark_starts_with_a_lead_byte() {
        for c in ['“', '„', '«', '‟', '”', '»', '"', '‘', '’', '\''] {
            let mut buf = [0u8; 4];
            assert!(MARK_LEAD[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])], "{c}");
        }
        // Every char whose first byte is not in the table is neither a
        // double mark nor a single one.
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            if !MARK_LEAD[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] {
                assert!(double_mark(c).is_none() && !matches!(c, '‘' | '’' | '\''), "{c:?}");
            }
        }
    }

    #[test]
    fn curly_straight_and_nested_marks() {
        assert_eq!(pairs("He said “we will win,” and left."), ["we will win,"]);
        assert_eq!(pairs("He said \"we will win\" and left."), ["we will win"]);
        assert_eq!(pairs("“She told me ‘never sell the land,’ he said,” Ali recalled."), ["She told me ‘never sell the land,’ he said,"]);
        assert_eq!(pairs("« Nous gagnerons » dit-il"), ["Nous gagnerons"]);
        assert_eq!(pairs("„Wir schaffen das“, sagte sie."), ["Wir schaffen das"]);
        assert_eq!(pairs("He called it ‘a disgrace’ on Monday."), ["a disgrace"]);
    }

    #[test]
    fn apostrophes_do_not_open_quotes() {
        assert!(pairs("Trump’s plan, rock ’n’ roll and the ’90s.").is_empty());
        assert!(pairs("The players’ union said it's fine.").is_empty());
    }

    #[test]
    fn unbalanced_marks_do_not_swallow() {
        let (found, open) = pair_marks("He said “this never closes. And more text.", 0, 0);
        assert!(found.is_empty());
        assert_eq!(open, Some(8));
        assert!(pairs("A stray ” mark.").is_empty());
    }

    #[test]
    fn every_speech_verb_row_parses() {
        let rows = SPEECH_VERBS.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).count();
        assert_eq!(VERBS.by_word.len(), rows, "a row of speech_verbs.tsv has an unknown kind or a duplicate word");
        assert_eq!(verb_of("Said"), Some(Verb::Say));
        assert_eq!(verb_of("confirmed"), Some(Verb::Report));
        assert_eq!(verb_of("table"), None);
        // The prefilter lets every verb of the list through: lowercase,
        // capitalized and uppercase.
        for (word, &verb) in &VERBS.by_word {
            if VERB_LENGTHS.contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase()) {
                let capitalized = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
                assert_eq!(verb_of(word), Some(verb), "{word}");
                assert_eq!(verb_of(&capitalized), Some(verb), "{word}");
                assert_eq!(verb_of(&word.to_ascii_uppercase()), Some(verb), "{word}");
            }
        }
    }

    #[test]
    fn titles_are_not_quotes() {
        assert!(looks_like_title("Game of Thrones"));
        assert!(!looks_like_title("We will win."));
        assert!(!looks_like_title("relieved"));
    }
}
