//! Named entities: people, organizations, places, nationalities, other names.
//!
//! Takes the cleaned and segmented article, gives entity mentions with
//! fine labels — PERSON, ORG, GPE (countries, states, cities), LOC (other
//! places), NORP (nationalities, religious and political groups), MISC —
//! sorted and non-overlapping. Titles are never part of a person's span
//! ("Chancellor Friedrich Merz" → "Friedrich Merz"), nor are possessive
//! endings ("Trump’s" → "Trump"): the tokenizer already splits them off.
//!
//! How:
//!
//! 1. a linear-chain averaged perceptron ([`model`]) tags each sentence with
//!    BILOU tags over CoNLL's four types, from the features of [`features`]
//!    (words, shapes, gazetteers, document evidence); a sentence of more
//!    than [`MAX_DECODED`] tokens in overlapping windows;
//! 2. document consistency: a name tagged somewhere is tagged everywhere it
//!    recurs (headline included), a person's surname alone is the person,
//!    and a name tagged with different types takes its majority type;
//! 3. titles at the start of a person span are cut off;
//! 4. the dateline's place and agency and the byline's authors, which are
//!    not sentences, are added by rule;
//! 5. fine labels come from the gazetteers: a LOC that is a country, state or
//!    city is GPE; a MISC that is a nationality or group is NORP.
//!
//! It does not group mentions into people or resolve roles: that is the
//! people stage's job.

pub mod custom;
pub mod features;
pub mod model;
pub mod tags;
#[cfg(feature = "train")]
pub mod train;

use crate::gazetteer::{category, gazetteer, push_lowercase, TitlePhrases};
use crate::hash::{FastMap, FastSet};
use crate::model::{Block, Byline, Dateline, EntityMention, MAX_MENTION_BYTES};
use crate::segment::Segmentation;
use crate::text::{is_space, within_edits};
use features::{context_features, prepare, word_features, word_key, CaseStyle, Document, WordKey};
use model::{viterbi, Scorer};
use tags::{decode, N_TAGS, TYPES};

/// An entity found by the tagger: a token range and a CoNLL type index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
    /// Index into [`tags::TYPES`].
    pub ty: usize,
}

const PER: usize = 0;
const ORG: usize = 1;
const LOC: usize = 2;

/// Most tokens decoded as one sequence. No sentence of the evaluation sets
/// comes near (CoNLL-2003's longest has 124 tokens); past it, a sentence is
/// decoded in overlapping windows (see [`tag_document`]).
pub const MAX_DECODED: usize = 1024;

/// How many tokens at the end of a window may be decoded again with the
/// next one.
const REDECODED: usize = 64;

/// The emissions of a token that can only be outside a name
/// ([`Document::certainly_outside`]): every path through it passes its O,
/// so O's score is a constant added to all of them and need not be known
/// (up to float rounding: the sums round a little differently without it).
const OUTSIDE_ONLY: [f32; N_TAGS] = {
    let mut e = [f32::NEG_INFINITY; N_TAGS];
    e[tags::O as usize] = 0.0;
    e
};

/// Tags every sentence of a prepared document with `scorer`.
pub fn tag_document(
    segmentation: &Segmentation,
    doc: &Document,
    scorer: &impl Scorer,
) -> Vec<TokenSpan> {
    let mut spans = Vec::new();
    let mut features = Vec::with_capacity(64);
    let mut emissions: Vec<[f32; N_TAGS]> = Vec::new();
    let mut tags = Vec::new();
    // Half the tokens of a news article repeat a word already seen with the
    // same shape: the sum of their word features is computed once per
    // distinct word. The word features come first in a token's list, so the
    // context features add to the cached sum in the same order as to a
    // fresh one and the scores are the same to the bit. Per distinct word:
    // the key its sum is for, and the sum (a word met again with another
    // shape, "The" after "the", replaces it).
    let mut word_sums: Vec<Option<(WordKey, [f32; N_TAGS])>> = vec![None; doc.distinct_words()];
    for (k, sentence) in segmentation.sentences.iter().enumerate() {
        let range = sentence.tokens.clone();
        // Decoded in windows of at most `MAX_DECODED` tokens (features
        // still see the whole sentence): the emissions and the Viterbi
        // lattice take 136 bytes per token of the window: a megabyte of
        // "1 1 1 …" (500,000 tokens, no sentence end) peaked at 183 MB, now
        // 97 MB. A window that stops short of the sentence's end keeps its
        // tags only up to its first O among its last `REDECODED` tokens,
        // an O decoded with up to 64 tokens still ahead of it; from there
        // on the next window decodes again, so a name at the window's edge
        // is decoded whole in the next one. (A name is still cut where the
        // window has no O in its last 64 tokens.)
        let mut window = range.start..range.start;
        while window.end < range.end {
            window = window.end..range.end.min(window.end + MAX_DECODED);
            emissions.clear();
            for i in window.clone() {
                if doc.certainly_outside(k, range.clone(), i) {
                    emissions.push(OUTSIDE_ONLY);
                    continue;
                }
                let key = word_key(doc, i);
                let mut e = match word_sums.get(key.word as usize) {
                    Some(&Some((cached, sum))) if cached == key => sum,
                    _ => {
                        features.clear();
                        word_features(doc, i, &mut features);
                        let mut sum = [0f32; N_TAGS];
                        scorer.emissions(&features, &mut sum);
                        if let Some(slot) = word_sums.get_mut(key.word as usize) {
                            *slot = Some((key, sum));
                        }
                        sum
                    }
                };
                features.clear();
                context_features(doc, k, range.clone(), i, &mut features);
                scorer.emissions(&features, &mut e);
                emissions.push(e);
            }
            viterbi(scorer, &emissions, &mut tags);
            if window.end < range.end {
                // BILOU: the tag before an O closes any name, so the kept
                // tags hold whole names. No O near the end (a run of 64
                // name tokens): the cut stays where it is. (`j > 0` keeps
                // the window moving should the two constants ever meet.)
                let kept = (tags.len().saturating_sub(REDECODED)..tags.len()).find(|&j| j > 0 && tags[j] == tags::O);
                if let Some(kept) = kept {
                    tags.truncate(kept);
                    window.end = window.start + kept;
                }
            }
            spans.extend(decode(&tags).into_iter().map(|(s, e, ty)| TokenSpan {
                start: window.start + s,
                end: window.start + e,
                ty,
            }));
        }
    }
    spans
}

/// Finds the entity mentions of an article with the compiled model.
pub fn recognize(
    text: &str,
    segmentation: &Segmentation,
    blocks: &[Block],
    byline: Option<&Byline>,
    dateline: Option<&Dateline>,
) -> Vec<EntityMention> {
    recognize_with_titles(text, segmentation, blocks, byline, dateline).0
}

/// [`recognize`], with the title phrases found on the way (for the roles
/// of people, see [`crate::records::build`]).
pub fn recognize_with_titles(
    text: &str,
    segmentation: &Segmentation,
    blocks: &[Block],
    byline: Option<&Byline>,
    dateline: Option<&Dateline>,
) -> (Vec<EntityMention>, TitlePhrases) {
    let doc = prepare(text, segmentation, blocks);
    let mentions = match model::model() {
        Some(m) => recognize_prepared(m, &doc, text, segmentation, byline, dateline),
        None => Vec::new(),
    };
    (mentions, doc.titles)
}

/// [`recognize`] with any scorer (the trainer evaluates with its own).
pub fn recognize_with(
    scorer: &impl Scorer,
    text: &str,
    segmentation: &Segmentation,
    blocks: &[Block],
    byline: Option<&Byline>,
    dateline: Option<&Dateline>,
) -> Vec<EntityMention> {
    let doc = prepare(text, segmentation, blocks);
    recognize_prepared(scorer, &doc, text, segmentation, byline, dateline)
}

/// [`recognize_with`] on a prepared document.
fn recognize_prepared(
    scorer: &impl Scorer,
    doc: &Document,
    text: &str,
    segmentation: &Segmentation,
    byline: Option<&Byline>,
    dateline: Option<&Dateline>,
) -> Vec<EntityMention> {
    let mut spans = tag_document(segmentation, doc, scorer);
    // A name never starts or ends with a quote mark or a dash (brackets
    // and currency signs can belong: "Rad (B)", "A$").
    for span in spans.iter_mut() {
        let is_mark = |i: usize| {
            doc.lower(i)
                .chars()
                .all(|c| crate::text::is_quote(c) || crate::text::is_dash(c))
        };
        while span.start < span.end && is_mark(span.start) {
            span.start += 1;
        }
        while span.end > span.start && is_mark(span.end - 1) {
            span.end -= 1;
        }
    }
    spans.retain(|s| s.start < s.end);
    trim_lowercase_tails(text, segmentation, &mut spans);
    strip_titles(segmentation, doc, &mut spans);
    complete_person_names(segmentation, doc, &mut spans);
    make_consistent(segmentation, doc, &mut spans);
    institutions_as_organizations(doc, &mut spans);
    news_surnames_as_people(doc, &mut spans);
    let mut mentions: Vec<EntityMention> = spans
        .iter()
        .filter(|s| s.start < s.end)
        .map(|s| {
            let start = segmentation.tokens[s.start].start;
            let end = segmentation.tokens[s.end - 1].end;
            mention(text, start, end, s.ty)
        })
        .collect();
    if let Some(d) = dateline {
        dateline_mentions(text, d, &mut mentions);
    }
    if let Some(b) = byline {
        byline_mentions(text, b, &mut mentions);
    }
    // No name is longer than MAX_MENTION_BYTES: the longest on CoNLL-2003
    // train and dev and the modern-news and quote sets has 70 bytes
    // ("International Association of Machinists and Aerospace Workers
    // District"). A longer span is a run of capitalized words the tagger
    // read as one name ("John John … Smith", a Title Case paragraph); kept,
    // it became a record's name, which the output repeats in every quote
    // and role that refers to the record: a 0.46 MB paste of a 16,000-word
    // name and as many quotes wrote 1.3 GB of JSON.
    mentions.retain(|m| m.end - m.start <= MAX_MENTION_BYTES);
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    // Drop overlaps, keeping the earlier (and, at equal starts, longer) one.
    let mut out: Vec<EntityMention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if out.last().is_none_or(|last| m.start >= last.end) {
            out.push(m);
        }
    }
    out
}

/// A mention with its fine label.
fn mention(text: &str, start: usize, end: usize, ty: usize) -> EntityMention {
    let surface = &text[start..end];
    let label = match TYPES[ty] {
        "PER" => "PERSON",
        "ORG" => "ORG",
        "LOC" => {
            let place = category::COUNTRY | category::CITY | category::SUBDIVISION;
            if gazetteer().categories_of(surface) & place != 0 {
                "GPE"
            } else {
                "LOC"
            }
        }
        _ => {
            let group = category::DEMONYM | category::NATIONALITY;
            if gazetteer().categories_of(surface) & group != 0 {
                "NORP"
            } else {
                "MISC"
            }
        }
    };
    EntityMention {
        start,
        end,
        text: surface.to_string(),
        label: label.to_string(),
        entity: None,
    }
}

/// A person's name does not end in a separate lowercase word ("Lai spoke"
/// → "Lai"): only particles ("bin", "von") are lowercase inside names, and
/// they never end one. A lowercase piece joined to the word before it is
/// kept ("Lai Ching-te").
fn trim_lowercase_tails(text: &str, segmentation: &Segmentation, spans: &mut [TokenSpan]) {
    let tokens = &segmentation.tokens;
    for span in spans.iter_mut().filter(|s| s.ty == PER) {
        while span.end - span.start > 1 {
            let last = &tokens[span.end - 1];
            if last.space_before && last.text(text).starts_with(char::is_lowercase) {
                span.end -= 1;
            } else {
                break;
            }
        }
    }
}

/// Titles that open a person span ("President", "Press Secretary") are not
/// part of the name; a known given name just before a person span is
/// ("Chancellor Friedrich Merz" tagged as "Merz" → "Friedrich Merz").
fn strip_titles(segmentation: &Segmentation, doc: &Document, spans: &mut [TokenSpan]) {
    let mut sentence_start = vec![false; doc.tokens.len()];
    for s in &segmentation.sentences {
        if let Some(first) = sentence_start.get_mut(s.tokens.start) {
            *first = true;
        }
    }
    let mut previous_end = 0;
    for span in spans.iter_mut() {
        if span.ty == PER {
            while span.end - span.start > 1
                && doc.tokens[span.start].categories & category::TITLE != 0
            {
                span.start += 1;
            }
            while span.start > previous_end && !sentence_start[span.start] {
                let before = &doc.tokens[span.start - 1];
                let is_given = before.categories & category::GIVEN_NAME != 0
                    && before.categories & category::TITLE == 0;
                if !(before.capitalized && is_given && doc.shape(span.start - 1).starts_with("Xx"))
                {
                    break;
                }
                span.start -= 1;
            }
        }
        previous_end = span.end;
    }
}

/// Lowercase particles inside names ("Tamim bin Hamad Al Thani").
const NAME_PARTICLES: [&str; 14] = [
    "bin", "ibn", "bint", "al", "el", "de", "da", "do", "dos", "van", "von", "der", "di", "du",
];

/// Completes person spans the tagger cut short, by the shapes names take:
/// initials without dots before a surname ("JD Vance"), a hyphenated given
/// name's lowercase half ("Lai Ching-te"), two halves joined by a particle
/// ("Tamim" + "bin" + "Hamad Al Thani"); and tags a listed organization
/// standing before a title before a person ("Apple CEO Tim Cook").
fn complete_person_names(segmentation: &Segmentation, doc: &Document, spans: &mut Vec<TokenSpan>) {
    let tokens = &segmentation.tokens;
    let glued = |i: usize| tokens.get(i).is_some_and(|t| !t.space_before);
    let mut covered = vec![false; doc.tokens.len()];
    for s in spans.iter() {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    let mut sentence_start = vec![false; doc.tokens.len()];
    for s in &segmentation.sentences {
        if let Some(first) = sentence_start.get_mut(s.tokens.start) {
            *first = true;
        }
    }
    let not_a_place_or_org = |i: usize| {
        doc.tokens[i].categories
            & (category::COUNTRY | category::CITY | category::SUBDIVISION | category::ORGANIZATION)
            == 0
    };
    for k in 0..spans.len() {
        if spans[k].ty != PER {
            continue;
        }
        // "JD Vance": one or two capitals right before the name.
        let s = spans[k].start;
        if s > 0 && !covered[s - 1] && {
            let w = doc.shape(s - 1);
            w == "X" && doc.lower(s - 1).chars().count() <= 2 && not_a_place_or_org(s - 1)
        } {
            spans[k].start -= 1;
            covered[s - 1] = true;
        }
        // "bin Salman", "von der Leyen": particles just before the name.
        let mut s = spans[k].start;
        while s > 0
            && !covered[s - 1]
            && NAME_PARTICLES.contains(&doc.lower(s - 1))
            && doc.shape(s - 1) == "x"
            && spans[k].start - s < 2
        {
            s -= 1;
        }
        if s < spans[k].start && (s == 0 || !(doc.tokens[s - 1].capitalized || covered[s - 1])) {
            covered[s..spans[k].start]
                .iter_mut()
                .for_each(|c| *c = true);
            spans[k].start = s;
        }
        // "Ching-te": a glued hyphen and lowercase word after the name.
        let e = spans[k].end;
        if e + 1 < doc.tokens.len()
            && !covered[e]
            && !covered[e + 1]
            && doc.lower(e) == "-"
            && glued(e)
            && glued(e + 1)
            && doc.shape(e + 1) == "x"
        {
            spans[k].end += 2;
            covered[e] = true;
            covered[e + 1] = true;
        }
    }
    // Two person spans around a lone particle are one name.
    let mut merged: Vec<TokenSpan> = Vec::with_capacity(spans.len());
    for span in spans.drain(..) {
        if let Some(last) = merged.last_mut() {
            if last.ty == PER
                && span.ty == PER
                && span.start == last.end + 1
                && NAME_PARTICLES.contains(&doc.lower(last.end))
            {
                last.end = span.end;
                continue;
            }
        }
        merged.push(span);
    }
    // "Apple CEO Tim Cook": a listed organization before a title before a person.
    let mut added = Vec::new();
    for span in merged.iter().filter(|s| s.ty == PER) {
        let mut title_start = span.start;
        while title_start > 0
            && doc.tokens[title_start - 1].categories & category::TITLE != 0
            && !covered[title_start - 1]
        {
            title_start -= 1;
        }
        if title_start == span.start {
            continue;
        }
        let mut org_start = title_start;
        while org_start > 0
            && !covered[org_start - 1]
            && doc.tokens[org_start - 1].categories & category::ORGANIZATION != 0
            && doc.tokens[org_start - 1].capitalized
        {
            org_start -= 1;
        }
        if org_start < title_start {
            let key = key_of(doc, org_start, title_start);
            let listed = gazetteer()
                .get(&key)
                .is_some_and(|e| e.categories & category::ORGANIZATION != 0);
            if listed {
                added.push(TokenSpan {
                    start: org_start,
                    end: title_start,
                    ty: ORG,
                });
            }
        }
    }
    merged.extend(added);
    merged.sort_by_key(|s| s.start);
    *spans = merged;
}

/// Prepositions after which a seat of government is a place ("at the
/// White House", "outside the Kremlin").
const LOCATIVE: [&str; 10] = [
    "at", "in", "inside", "outside", "near", "into", "to", "from", "toward", "towards",
];

/// "The Kremlin said", "White House Press Secretary": a seat of government
/// named by its building acts as an organization, except after a locative
/// preposition. (CoNLL-2003 tags these LOC throughout; nutgraf follows the
/// news-reader's reading, which its sample annotation uses.)
fn institutions_as_organizations(doc: &Document, spans: &mut [TokenSpan]) {
    let place = category::COUNTRY | category::CITY | category::SUBDIVISION;
    for s in spans.iter_mut().filter(|s| s.ty == LOC) {
        let whole = |bit: u32| (s.start..s.end).all(|i| doc.tokens[i].categories & bit != 0);
        if !whole(category::INSTITUTION) || whole(place) {
            continue;
        }
        let before = |k: usize| s.start.checked_sub(k).map(|i| doc.lower(i));
        let locative = match (before(1), before(2)) {
            (Some("the"), Some(p)) => LOCATIVE.contains(&p),
            (Some(p), _) => LOCATIVE.contains(&p),
            _ => false,
        };
        if !locative {
            s.ty = ORG;
        }
    }
}

/// A surname of someone prominent in news, alone ("Trump’s proposal") or
/// closing a short name ("Elon Musk"), is that person when nothing else in
/// the gazetteers claims the word — the training data is from 1996, when
/// "Trump" was most often a company.
fn news_surnames_as_people(doc: &Document, spans: &mut [TokenSpan]) {
    let other = category::ORGANIZATION
        | category::COUNTRY
        | category::CITY
        | category::SUBDIVISION
        | category::REGION
        | category::DEMONYM
        | category::NATIONALITY;
    let cue = category::ORG_SUFFIX | category::ORG_PREFIX | category::INSTITUTION;
    for s in spans.iter_mut().filter(|s| s.ty != PER && s.end - s.start <= 3) {
        // The surname alone ("Musk"), or closing a short name whose other
        // words are capitalized and mark no organization ("Elon Musk"; not
        // "Trump Organization", not "Musk Foundation").
        let last = &doc.tokens[s.end - 1];
        let rest_is_name = doc.tokens[s.start..s.end - 1].iter().all(|t| t.capitalized && t.categories & (other | cue) == 0);
        if last.categories & category::NEWS_SURNAME != 0 && last.categories & other == 0 && rest_is_name {
            s.ty = PER;
        }
    }
}

/// The lowercase key of a token range: token texts joined by spaces.
fn key_of(doc: &Document, start: usize, end: usize) -> String {
    let mut key = String::new();
    key_in(doc, start, end, &mut key);
    key
}

/// [`key_of`] written into `buffer` (cleared first), for lookups that need
/// no key of their own.
fn key_in<'b>(doc: &Document, start: usize, end: usize, buffer: &'b mut String) -> &'b str {
    buffer.clear();
    for i in start..end {
        if i > start {
            buffer.push(' ');
        }
        buffer.push_str(doc.lower(i));
    }
    buffer
}

/// The length of [`key_in`]'s key of tokens `start..end`, without writing
/// it. (The Title Case pass of [`make_consistent`] keeps prefix sums of the
/// same lengths, for every window of a span.)
fn key_len(doc: &Document, start: usize, end: usize) -> usize {
    (start..end).map(|t| doc.lower(t).len()).sum::<usize>() + (end - start).saturating_sub(1)
}

/// The parts of the people's names of a document, for [`make_consistent`]:
/// the key ([`key_of`]) of each first word and of each tail ("Ghais" and
/// "al - ghais" of "Haitham al-Ghais").
///
/// Storing every tail's key took memory and time with the square of a
/// name's length, and the tagger can make a person of a long run of
/// capitalized words ("John John John …": 15 GB for 64,000 of them). A
/// tail is kept as its token range and the polynomial hash of its key,
/// computed from the name's end backwards in one pass; a lookup compares
/// the key with the tails of its hash, so the answer is the set's, exactly.
#[derive(Default)]
struct PersonNameParts {
    first_words: FastSet<String>,
    /// Token ranges of the tails, by the hash of their keys.
    tails: FastMap<u64, Vec<(usize, usize)>>,
}

/// Multiplier of the polynomial hash of a key (odd, so no byte is lost).
const KEY_HASH_BASE: u64 = 0x0000_0100_0000_01B3;

/// The polynomial hash of `bytes` (wrapping: modulo 2^64).
fn key_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |h, &b| h.wrapping_mul(KEY_HASH_BASE).wrapping_add(u64::from(b)))
}

impl PersonNameParts {
    /// Adds the person name of tokens `start..end` (two or more).
    fn add(&mut self, doc: &Document, start: usize, end: usize) {
        self.first_words.insert(doc.lower(start).to_string());
        // hash(p · s) = hash(p) · BASE^len(s) + hash(s): each tail's hash
        // from the one after it, with the text prepended to it.
        let (mut hash, mut power) = (0u64, 1u64);
        for a in (start + 1..end).rev() {
            let word = doc.lower(a).as_bytes();
            let separator: &[u8] = if a + 1 < end { b" " } else { b"" };
            for &b in separator.iter().rev().chain(word.iter().rev()) {
                hash = hash.wrapping_add(u64::from(b).wrapping_mul(power));
                power = power.wrapping_mul(KEY_HASH_BASE);
            }
            self.tails.entry(hash).or_default().push((a, end));
        }
    }

    /// Whether `key` is the key of a first word or of a tail.
    fn contains(&self, doc: &Document, key: &str) -> bool {
        if self.first_words.contains(key) {
            return true;
        }
        let Some(tails) = self.tails.get(&key_hash(key.as_bytes())) else { return false };
        let mut buffer = String::new();
        tails.iter().any(|&(a, end)| key_in(doc, a, end, &mut buffer) == key)
    }
}

/// Gazetteer categories that back a capitalized word as (part of) a name.
const NAME_CATEGORIES: u32 = category::COUNTRY
    | category::DEMONYM
    | category::CITY
    | category::SUBDIVISION
    | category::REGION
    | category::GIVEN_NAME
    | category::SURNAME
    | category::ORGANIZATION
    | category::NATIONALITY
    | category::NEWS_SURNAME;

/// Longest name that document consistency propagates, in tokens.
const MAX_PROPAGATED_TOKENS: usize = 6;

/// Document-level consistency (see the module docs, step 2).
fn make_consistent(segmentation: &Segmentation, doc: &Document, spans: &mut Vec<TokenSpan>) {
    // Lookup keys are written here, not allocated one per lookup.
    let mut scratch = String::new();
    let mut sentence_of = vec![0usize; doc.tokens.len()];
    for (k, sentence) in segmentation.sentences.iter().enumerate() {
        sentence_of[sentence.tokens.clone()]
            .iter_mut()
            .for_each(|x| *x = k);
    }
    let style_of = |s: &TokenSpan| {
        doc.styles
            .get(sentence_of[s.start])
            .copied()
            .unwrap_or(CaseStyle::Normal)
    };
    let majority = |v: &[u32; 4]| -> Option<usize> {
        let total: u32 = v.iter().sum();
        let (ty, &best) = v.iter().enumerate().max_by_key(|(_, &n)| n)?;
        (best * 3 >= total * 2).then_some(ty)
    };
    // Votes per name: how often each type was given to it in ordinary
    // sentences, where capitals mean something; names seen only in
    // headlines and capitals text vote there.
    let mut votes: FastMap<String, [u32; 4]> = FastMap::default();
    for s in spans.iter().filter(|s| !style_of(s).is_uninformative()) {
        votes.entry(key_of(doc, s.start, s.end)).or_default()[s.ty] += 1;
    }
    // In Title Case a capital says nothing: keep a span only when the body
    // backs it, shrinking "Putin Agrees" to the "Putin" the body knows.
    let has_name_evidence = |i: usize| {
        doc.capitalized_mid_sentence(i) > 0
            || doc.tokens[i].categories & NAME_CATEGORIES != 0
    };
    // A window whose key is longer than every voted key has no votes: its
    // key is not built (a span of L tokens has L² / 2 windows, and building
    // every key made a long Title Case span cubic).
    let longest_key = votes.keys().map(String::len).max().unwrap_or(0);
    let mut key_ends: Vec<usize> = Vec::new();
    spans.retain_mut(|s| {
        if style_of(s) != CaseStyle::TitleCase {
            return true;
        }
        // key_ends[j]: the key length of tokens s.start .. s.start + j
        // ([`key_len`]), plus one (the space after it).
        key_ends.clear();
        key_ends.push(0);
        for i in s.start..s.end {
            key_ends.push(key_ends.last().copied().unwrap_or(0) + doc.lower(i).len() + 1);
        }
        let mut known: Option<(usize, usize, usize)> = None;
        'outer: for len in (1..=s.end - s.start).rev() {
            for a in s.start..=s.end - len {
                let (from, to) = (a - s.start, a - s.start + len);
                if key_ends[to] - key_ends[from] - 1 > longest_key {
                    continue;
                }
                if let Some(ty) = votes.get(key_in(doc, a, a + len, &mut scratch)).and_then(majority) {
                    known = Some((a, a + len, ty));
                    break 'outer;
                }
            }
        }
        match known {
            Some((a, b, ty)) => {
                let rest_unbacked = (s.start..a).chain(b..s.end).all(|i| !has_name_evidence(i));
                if rest_unbacked {
                    *s = TokenSpan {
                        start: a,
                        end: b,
                        ty,
                    };
                }
                true
            }
            None => (s.start..s.end).any(has_name_evidence),
        }
    });
    let mut headline_votes: FastMap<String, [u32; 4]> = FastMap::default();
    for s in spans.iter().filter(|s| style_of(s).is_uninformative()) {
        headline_votes
            .entry(key_of(doc, s.start, s.end))
            .or_default()[s.ty] += 1;
    }
    for (key, v) in headline_votes {
        votes.entry(key).or_insert(v);
    }
    // A multi-token person's last name (and first name) alone is the person.
    let mut person_parts: FastMap<String, u32> = FastMap::default();
    for s in spans.iter().filter(|s| s.ty == PER && s.end - s.start >= 2) {
        let last = doc.lower(s.end - 1);
        if last.chars().count() > 1 {
            *person_parts.entry(last.to_string()).or_default() += 1;
        }
    }
    // A name part of a person named in full ("Niccol", "al-Ghais",
    // "Tedros") tagged as something else is the person, unless the
    // gazetteers know it as a place or an organization.
    let mut person_keys = PersonNameParts::default();
    for s in spans.iter().filter(|s| s.ty == PER && s.end - s.start >= 2) {
        person_keys.add(doc, s.start, s.end);
    }
    let place_or_org = category::COUNTRY
        | category::CITY
        | category::SUBDIVISION
        | category::REGION
        | category::ORGANIZATION;
    for s in spans.iter_mut().filter(|s| s.ty != PER) {
        let claimed = (s.start..s.end).any(|i| doc.tokens[i].categories & place_or_org != 0);
        if !claimed && person_keys.contains(doc, key_in(doc, s.start, s.end, &mut scratch)) {
            s.ty = PER;
        }
    }
    // Relabel names tagged with several types to their clear majority.
    for s in spans.iter_mut() {
        if let Some(v) = votes.get(key_in(doc, s.start, s.end, &mut scratch)) {
            if v.iter().filter(|&&n| n > 0).count() > 1 {
                if let Some(ty) = majority(v) {
                    s.ty = ty;
                }
            }
        }
    }
    // "Putin-Zelenskyy" tagged as one name while both halves are names of
    // the document: two names.
    let mut split = Vec::new();
    spans.retain(|s| {
        let hyphen = (s.start + 1..s.end.saturating_sub(1)).find(|&k| doc.lower(k) == "-");
        let Some(h) = hyphen else { return true };
        let left = votes.get(key_in(doc, s.start, h, &mut scratch)).and_then(majority);
        let right = votes.get(key_in(doc, h + 1, s.end, &mut scratch)).and_then(majority);
        match (left, right) {
            (Some(l), Some(r)) => {
                split.push(TokenSpan {
                    start: s.start,
                    end: h,
                    ty: l,
                });
                split.push(TokenSpan {
                    start: h + 1,
                    end: s.end,
                    ty: r,
                });
                false
            }
            _ => true,
        }
    });
    spans.extend(split);
    let part_variants = index_by_prefix(&person_parts);
    // Tag untagged recurrences of known names.
    let mut covered = vec![false; doc.tokens.len()];
    for s in spans.iter() {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    let mut added = Vec::new();
    let longest_voted = votes.keys().map(String::len).max().unwrap_or(0);
    for (k, sentence) in segmentation.sentences.iter().enumerate() {
        let caps = doc.styles.get(k).is_some_and(|s| s.is_uninformative());
        let range = sentence.tokens.clone();
        let mut i = range.start;
        while i < range.end {
            if covered[i] || !(caps || doc.tokens[i].capitalized) {
                i += 1;
                continue;
            }
            let mut found = None;
            let longest = MAX_PROPAGATED_TOKENS.min(range.end - i);
            for len in (1..=longest).rev() {
                if covered[i..i + len].iter().any(|&c| c)
                    || !(caps || doc.tokens[i + len - 1].capitalized)
                {
                    continue;
                }
                // No voted key is longer than `longest_voted`: a longer
                // window needs no key (the person-part and spelling-variant
                // lookups below are for one token only).
                if len > 1 && key_len(doc, i, i + len) > longest_voted {
                    continue;
                }
                let key = key_in(doc, i, i + len, &mut scratch);
                if let Some(ty) = votes.get(key).and_then(majority) {
                    found = Some((len, ty));
                    break;
                }
                if len == 1
                    && (person_parts.contains_key(key)
                        || is_spelling_variant(key, &part_variants))
                {
                    found = Some((1, PER));
                    break;
                }
            }
            match found {
                // In an ordinary sentence a capitalized word at its start may
                // be a common word ("Will", "May"); keep single-token
                // propagation to names the tagger has seen mid-sentence or
                // to capitals text.
                Some((len, ty)) if len > 1 || i > range.start || caps || ty == PER => {
                    added.push(TokenSpan {
                        start: i,
                        end: i + len,
                        ty,
                    });
                    covered[i..i + len].iter_mut().for_each(|c| *c = true);
                    i += len;
                }
                _ => i += 1,
            }
        }
    }
    spans.extend(added);
    spans.sort_by_key(|s| s.start);
    unify_coordinations(doc, spans);
}

/// Whether `word` is another spelling of a known person's name part
/// ("Zelensky" / "Zelenskyy" / "Zelenskiy"): same first four letters, at
/// least five letters, at most two edits apart.
/// `parts` are indexed by their first four letters, so the check costs a
/// few comparisons however many people the article names.
fn is_spelling_variant(word: &str, parts: &FastMap<String, Vec<Vec<char>>>) -> bool {
    // The prefix is looked up before the word's chars are collected: most
    // words have no known prefix.
    let Some((prefix_end, _)) = word.char_indices().nth(4) else { return false };
    if !word.chars().all(char::is_alphabetic) {
        return false;
    }
    parts.get(&word[..prefix_end]).is_some_and(|candidates| {
        let chars: Vec<char> = word.chars().collect();
        candidates
            .iter()
            .any(|other| within_edits(&chars, other, 2))
    })
}

/// Person name parts by their first four letters (see [`is_spelling_variant`]).
fn index_by_prefix(parts: &FastMap<String, u32>) -> FastMap<String, Vec<Vec<char>>> {
    let mut index: FastMap<String, Vec<Vec<char>>> = FastMap::default();
    for part in parts.keys() {
        let chars: Vec<char> = part.chars().collect();
        if chars.len() >= 5 {
            index
                .entry(chars[..4].iter().collect())
                .or_default()
                .push(chars);
        }
    }
    index
}

/// Words that join the members of a list ("Geneva, Budapest, and even Moscow").
const COORDINATORS: [&str; 6] = [",", "and", "or", "even", "as", "well"];

/// Gazetteer support for a type: a list member is relabeled only to a type
/// its own words can be.
fn supports(categories: u32, ty: usize) -> bool {
    let wanted = match ty {
        PER => category::GIVEN_NAME | category::SURNAME,
        ORG => category::ORGANIZATION,
        LOC => category::COUNTRY | category::CITY | category::SUBDIVISION | category::REGION,
        _ => category::DEMONYM | category::NATIONALITY,
    };
    categories & wanted != 0
}

/// Members of one coordinated list of three or more names share a type:
/// an odd one out takes the list's majority when its gazetteer entries
/// allow it ("include Geneva, Budapest, and even Moscow": all places).
fn unify_coordinations(doc: &Document, spans: &mut [TokenSpan]) {
    let mut k = 0;
    while k < spans.len() {
        let mut end = k + 1;
        while end < spans.len()
            && spans[end].start > spans[end - 1].end
            && (spans[end - 1].end..spans[end].start).all(|i| COORDINATORS.contains(&doc.lower(i)))
        {
            end += 1;
        }
        if end - k >= 3 {
            let mut counts = [0usize; 4];
            for s in &spans[k..end] {
                counts[s.ty] += 1;
            }
            if let Some((ty, &n)) = counts.iter().enumerate().max_by_key(|(_, &n)| n) {
                if n * 3 >= (end - k) * 2 {
                    for s in &mut spans[k..end] {
                        let categories =
                            (s.start..s.end).fold(0u32, |c, i| c | doc.tokens[i].categories);
                        if s.ty != ty && supports(categories, ty) {
                            s.ty = ty;
                        }
                    }
                }
            }
        }
        k = end;
    }
}

/// The dateline's place parts and agency.
fn dateline_mentions(text: &str, dateline: &Dateline, out: &mut Vec<EntityMention>) {
    let d = &text[dateline.start..dateline.end];
    // Place: the comma-separated parts before any "(" or date.
    let place_len = d
        .find(dateline.place.as_str())
        .map(|at| at + dateline.place.len())
        .unwrap_or(0);
    let mut offset = 0;
    for part in d[..place_len].split(',') {
        let lead = part.len() - part.trim_start_matches(is_space).len();
        let trimmed = part.trim_matches(is_space);
        if !trimmed.is_empty()
            && crate::dates::find_date(trimmed).is_none()
            && trimmed.chars().any(char::is_alphabetic)
        {
            let start = dateline.start + offset + lead;
            out.push(mention(text, start, start + trimmed.len(), LOC));
        }
        offset += part.len() + 1;
    }
    if let Some(source) = &dateline.source {
        if let Some(at) = d.find(source.as_str()) {
            let start = dateline.start + at;
            out.push(mention(text, start, start + source.len(), ORG));
        }
    }
}

/// The byline's authors, found in the byline text (in any letter case, since
/// "By JANE DOE" gives the author "Jane Doe").
fn byline_mentions(text: &str, byline: &Byline, out: &mut Vec<EntityMention>) {
    let b = &text[byline.start..byline.end];
    let mut lower = String::with_capacity(b.len());
    push_lowercase(b, &mut lower);
    // Lowercasing can change byte lengths outside ASCII; only search when
    // it did not, so offsets stay valid.
    if lower.len() != b.len() {
        return;
    }
    for author in &byline.authors {
        let mut needle = String::new();
        push_lowercase(author, &mut needle);
        if let Some(at) = lower.find(&needle) {
            if b.is_char_boundary(at) && b.is_char_boundary(at + needle.len()) {
                let start = byline.start + at;
                out.push(mention(text, start, start + needle.len(), PER));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::segment::segment;

    fn entities(text: &str) -> Vec<(String, String)> {
        let cleaned = clean(text);
        let seg = segment(&cleaned.blocks);
        recognize(
            text,
            &seg,
            &cleaned.blocks,
            cleaned.byline.as_ref(),
            cleaned.dateline.as_ref(),
        )
        .into_iter()
        .map(|m| (m.text, m.label))
        .collect()
    }

    #[test]
    fn key_len_is_the_length_of_the_key() {
        let text = "Vladimir Putin’s envoy met Zoë Ça in São Paulo, 東京 — “U.S.-led” talks.";
        let cleaned = clean(text);
        let seg = segment(&cleaned.blocks);
        let doc = prepare(text, &seg, &cleaned.blocks);
        let mut scratch = String::new();
        let n = doc.tokens.len();
        assert!(n > 10);
        for start in 0..=n {
            for end in start..=n {
                assert_eq!(key_len(&doc, start, end), key_in(&doc, start, end, &mut scratch).len(), "{start}..{end}");
            }
        }
    }

    /// Which tokens [`Document::certainly_outside`] lets the tagger skip:
    /// lowercase words and punctuation two tokens away from any capitalized
    /// word, digit or gazetteer hit, and none in a sentence whose capitals
    /// say nothing (a wire headline in capitals).
    #[test]
    fn tokens_certainly_outside_a_name() {
        let skipped = |text: &str| -> Vec<String> {
            let cleaned = clean(text);
            let seg = segment(&cleaned.blocks);
            let doc = prepare(text, &seg, &cleaned.blocks);
            let mut out = Vec::new();
            for (k, sentence) in seg.sentences.iter().enumerate() {
                for i in sentence.tokens.clone() {
                    if doc.certainly_outside(k, sentence.tokens.clone(), i) {
                        out.push(seg.tokens[i].text(text).to_string());
                    }
                }
            }
            out
        };
        assert_eq!(
            skipped("The talks were held at the Bank of England on a quiet and rainy day in the end."),
            ["held", "quiet", "and", "rainy", "day", "in", "the", "end", "."]
        );
        // "von der": lowercase words inside a name, next to its capitals.
        assert!(skipped("They said that Ursula von der Leyen had left the room for good.").iter().all(|w| w != "von" && w != "der"));
        // Digits are not plain: "1996" keeps two words on each side.
        assert_eq!(
            skipped("It was played in the 1996 season of the year and then it was over."),
            ["the", "year", "and", "then", "it", "was", "over", "."]
        );
        // Nor is a word glued to a name ("Tripoli-based"), nor a lowercase
        // word of the place and organization lists ("ministry").
        assert_eq!(
            skipped("It was said that a small and Tripoli-based team of our friends had come."),
            ["that", "a", "our", "friends", "had", "come", "."]
        );
        assert!(!skipped("It was said that a small group of interior ministry troops had come to the town.").contains(&"ministry".to_string()));
        // Nothing is skipped where capitals carry no signal (the lowercase
        // tail of a sentence in capitals would be, were it ordinary).
        assert!(skipped("SOCCER - LEICESTER CITY BEAT MANCHESTER UNITED AT HOME , he said .").is_empty());
        assert!(skipped("no capital letters here so every word could be a name like paris").is_empty());
    }

    /// Whether `found` has the mention `text` with `label`.
    pub(crate) fn has(found: &[(String, String)], text: &str, label: &str) -> bool {
        found.iter().any(|(t, l)| t == text && l == label)
    }

    /// [`PersonNameParts`] answers as the set of every first word's and
    /// every tail's key did, for every token range of a text with names of
    /// hyphens, apostrophes, repeated and non-ASCII words.
    #[test]
    fn person_name_parts_equal_the_set_of_keys() {
        let text = "Haitham al-Ghais met Jean-Luc O’Brien, José María Aznar, John John Smith and Łukasz Kowalski Smith. \
                    Smith, Ghais, al-Ghais, María Aznar, Aznar and O’Brien spoke; John Smith left.";
        let cleaned = clean(text);
        let seg = segment(&cleaned.blocks);
        let doc = prepare(text, &seg, &cleaned.blocks);
        let n = doc.tokens.len();
        let names = [(0, 4), (5, 11), (12, 15), (16, 19), (20, 23), (3, 9), (0, n)];
        let mut parts = PersonNameParts::default();
        let mut keys = FastSet::default();
        for &(start, end) in &names {
            parts.add(&doc, start, end);
            keys.insert(key_of(&doc, start, start + 1));
            for a in start + 1..end {
                keys.insert(key_of(&doc, a, end));
            }
        }
        let mut found = 0;
        for start in 0..n {
            for end in start + 1..=n {
                let key = key_of(&doc, start, end);
                assert_eq!(parts.contains(&doc, &key), keys.contains(&key), "{key:?}");
                found += usize::from(keys.contains(&key));
            }
        }
        assert!(found > 20, "{found}");
    }

    #[test]
    fn titles_are_not_part_of_names() {
        let found = entities("German Chancellor Friedrich Merz met French President Emmanuel Macron in Berlin on Monday.");
        assert!(has(&found, "Friedrich Merz", "PERSON"), "{found:?}");
        assert!(has(&found, "Emmanuel Macron", "PERSON"), "{found:?}");
        assert!(has(&found, "Berlin", "GPE"), "{found:?}");
        assert!(has(&found, "German", "NORP"), "{found:?}");
    }

    #[test]
    fn possessives_are_cut() {
        let found =
            entities("Russia’s Foreign Minister Sergey Lavrov said Trump’s plan was welcome.");
        assert!(has(&found, "Russia", "GPE"), "{found:?}");
        assert!(has(&found, "Sergey Lavrov", "PERSON"), "{found:?}");
    }

    #[test]
    fn dateline_and_byline_are_tagged() {
        let text = "Lebed signs deal.\nYuri Kushko\nKHASAVYURT, Russia 1996-08-31\n\nRussian peacemaker Alexander Lebed said he agreed.";
        let found = entities(text);
        assert!(
            found.contains(&("KHASAVYURT".into(), "LOC".into()))
                || found.contains(&("KHASAVYURT".into(), "GPE".into())),
            "{found:?}"
        );
        assert!(has(&found, "Russia", "GPE"), "{found:?}");
        assert!(has(&found, "Yuri Kushko", "PERSON"), "{found:?}");
    }

    #[test]
    fn empty_input() {
        assert!(entities("").is_empty());
    }
}
