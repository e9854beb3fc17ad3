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

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::gazetteer::{gazetteer, Sex};
use crate::model::{Block, EntityMention, Quote, Span};
use crate::records::Records;
use crate::segment::Segmentation;
use crate::text::{is_closing_bracket, is_opening_bracket, is_space};
use crate::tokenize::Token;

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

static VERBS: LazyLock<HashMap<&'static str, Verb>> = LazyLock::new(|| {
    SPEECH_VERBS
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (word, kind) = l.split_once('\t')?;
            let verb = match kind.trim() {
                "say" => Verb::Say,
                "report" => Verb::Report,
                "participle" => Verb::Participle,
                _ => return None,
            };
            Some((word.trim(), verb))
        })
        .collect()
});

/// Pronouns that can stand for a speaker, and the sex they imply.
const PRONOUNS: [(&str, Option<Sex>); 4] = [("he", Some(Sex::Male)), ("she", Some(Sex::Female)), ("they", None), ("i", None)];

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

/// Quote mark pairs of one paragraph (`text` is the block text, `base` its
/// offset). Returns the pairs and, when the paragraph ends inside a double
/// quote, where that quote opened.
fn pair_marks(text: &str, base: usize, block: usize) -> (Vec<Marked>, Option<usize>) {
    let mut out = Vec::new();
    let mut double_open: Option<(usize, char)> = None;
    let mut single_open: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).map(|p| chars[p].1);
        let after = chars.get(k + 1).map(|&(_, c)| c);
        let space_before = before.is_none_or(|b| is_space(b) || is_opening_bracket(b) || matches!(b, '—' | '–' | '-' | '(' | '[' | '/'));
        let space_after = after.is_none_or(|a| is_space(a) || is_closing_bracket(a) || a.is_ascii_punctuation() || matches!(a, '—' | '–' | '…'));
        if let Some(mark) = double_mark(c) {
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
                    push_pair(text, base, block, open, Some(i), c.len_utf8(), &mut out);
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
            '’' | '\'' if single_open.is_some() && before.is_some_and(|b| !is_space(b)) && !after.is_some_and(is_word) => {
                if let Some(open) = single_open.take() {
                    push_pair(text, base, block, open, Some(i), c.len_utf8(), &mut out);
                }
            }
            _ => {}
        }
    }
    (out, double_open.map(|(open, _)| open))
}

fn push_pair(text: &str, base: usize, block: usize, open: usize, close: Option<usize>, _len: usize, out: &mut Vec<Marked>) {
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

/// Everything the attribution needs, indexed by token.
struct Context<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Per token: its sentence's token range.
    sentence_of: Vec<(usize, usize)>,
    /// Per token: the entity mention covering it.
    entity_at: Vec<Option<usize>>,
    /// Per mention: token range (`usize::MAX` when outside the tokens).
    mention_tokens: Vec<(usize, usize)>,
    mentions: &'a [EntityMention],
    /// Record id → display name.
    names: HashMap<&'a str, &'a str>,
    /// Person record id → sex, when known.
    sexes: HashMap<&'a str, Sex>,
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
    fn lower(&self, i: usize) -> String {
        self.tokens.get(i).map(|t| t.text(self.text).to_lowercase()).unwrap_or_default()
    }

    fn verb(&self, i: usize) -> Option<Verb> {
        VERBS.get(self.lower(i).as_str()).copied()
    }

    fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.start < byte)
    }

    fn is_punct(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.text(self.text).chars().all(|c| !c.is_alphanumeric()))
    }

    fn byte_span(&self, from: usize, to: usize) -> (usize, usize) {
        (self.tokens[from].start, self.tokens[to - 1].end)
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
            let rest = (from..to).filter(|&i| i < s || i >= e).filter(|&i| !self.is_punct(i) && !matches!(self.lower(i).as_str(), "the" | "'s" | "’s")).count();
            if person || rest == 0 {
                return Some(self.speaker_of_mention(m));
            }
        }
        if to - from == 1 {
            let word = self.lower(from);
            if let Some(&(_, sex)) = PRONOUNS.iter().find(|(p, _)| *p == word) {
                let mut speaker = self.resolve_pronoun(sex, from, at)?;
                speaker.mention = Some(self.byte_span(from, to));
                return Some(speaker);
            }
        }
        let words = (from..to).filter(|&i| !self.is_punct(i)).count();
        if words == 0 || words > 6 {
            return None;
        }
        let (s, e) = self.byte_span(from, to);
        let phrase = self.text[s..e].trim_matches(|c: char| is_space(c) || c == ',');
        Some(Speaker { name: Some(phrase.to_string()), id: None, mention: Some((s, e)), cue: None })
    }

    /// The person a "he"/"she"/"they" at token `at` refers to: the most
    /// recent person of compatible sex in this or the previous sentence;
    /// nobody when two different such people compete in that sentence.
    fn resolve_pronoun(&self, sex: Option<Sex>, at: usize, _quote_at: usize) -> Option<Speaker> {
        let (sentence_start, _) = self.sentence_of[at];
        let previous_start = sentence_start.checked_sub(1).map_or(sentence_start, |p| self.sentence_of[p].0);
        let compatible = |m: usize| {
            self.mentions[m].label == "PERSON"
                && match (sex, self.mentions[m].entity.as_deref().and_then(|id| self.sexes.get(id))) {
                    (Some(want), Some(&have)) => want == have,
                    (None, _) => false, // "they": not one person
                    _ => true,
                }
        };
        let mut best: Option<usize> = None;
        for i in (previous_start..at).rev() {
            if let Some(m) = self.entity_at[i].filter(|&m| compatible(m)) {
                best = Some(m);
                break;
            }
        }
        let m = best?;
        // Another compatible person in the same sentence as the chosen one.
        let (ms, _) = self.mention_tokens[m];
        let (cs, ce) = self.sentence_of[ms];
        let id = self.mentions[m].entity.clone();
        let competing = (cs..ce.min(at)).any(|i| {
            self.entity_at[i].is_some_and(|other| compatible(other) && self.mentions[other].entity != id)
        });
        (!competing).then(|| self.speaker_of_mention(m))
    }

    /// The subject of the verb at token `v`: the closest person or
    /// organization before it in the sentence (no other verb of saying in
    /// between, at most eight tokens away), a pronoun just before it, or a
    /// short phrase from the last comma ("diplomatic sources said").
    fn subject_of(&self, v: usize, at: usize) -> Option<Speaker> {
        let (sentence_start, _) = self.sentence_of[v];
        let window = v.saturating_sub(8).max(sentence_start);
        for i in (window..v).rev() {
            if self.verb(i).is_some() || self.lower(i) == "“" || self.lower(i) == "”" {
                break;
            }
            if let Some(m) = self.entity_at[i] {
                if !matches!(self.mentions[m].label.as_str(), "PERSON" | "ORG") {
                    continue;
                }
                let (s, _) = self.mention_tokens[m];
                // "talks with Ukraine said" – the object of a preposition is
                // not a subject.
                if s > sentence_start && matches!(self.lower(s - 1).as_str(), "with" | "to" | "by" | "for" | "of" | "at" | "from" | "in" | "against") {
                    continue;
                }
                let mut speaker = self.speaker_of_mention(m);
                speaker.cue = Some(self.byte_span(v, v + 1));
                return Some(speaker);
            }
        }
        // A pronoun or a short phrase right before the verb.
        let from = (sentence_start..v)
            .rev()
            .take_while(|&i| !self.is_punct(i) && self.verb(i).is_none() && !matches!(self.lower(i).as_str(), "and" | "but" | "that" | "while"))
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
    let mut sentence_of = vec![(0, 0); tokens.len()];
    for s in &segmentation.sentences {
        for slot in &mut sentence_of[s.tokens.clone()] {
            *slot = (s.tokens.start, s.tokens.end);
        }
    }
    let token_at_start: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, t)| (t.start, i)).collect();
    let token_at_end: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, t)| (t.end, i + 1)).collect();
    let mention_tokens: Vec<(usize, usize)> = mentions
        .iter()
        .map(|m| match (token_at_start.get(&m.start), token_at_end.get(&m.end)) {
            (Some(&s), Some(&e)) if s < e => (s, e),
            _ => (usize::MAX, usize::MAX),
        })
        .collect();
    let mut entity_at = vec![None; tokens.len()];
    for (m, &(s, e)) in mention_tokens.iter().enumerate() {
        if s != usize::MAX {
            entity_at[s..e].iter_mut().for_each(|x| *x = Some(m));
        }
    }
    let mut names: HashMap<&str, &str> = HashMap::new();
    let mut sexes: HashMap<&str, Sex> = HashMap::new();
    for p in &records.people {
        names.insert(p.record.id.as_str(), p.record.name.as_str());
        if let Some(sex) = person_sex(text, p, mentions) {
            sexes.insert(p.record.id.as_str(), sex);
        }
    }
    for o in &records.organizations {
        names.insert(o.record.id.as_str(), o.record.name.as_str());
    }
    let ctx = Context { text, tokens, sentence_of, entity_at, mention_tokens, mentions, names, sexes };

    // 1. Quote marks, paragraph by paragraph.
    let mut marked: Vec<Marked> = Vec::new();
    let mut pending: Option<usize> = None; // block whose quote is still open
    let content_blocks: Vec<usize> = (0..blocks.len()).filter(|&b| blocks[b].kind.is_content()).collect();
    for (n, &b) in content_blocks.iter().enumerate() {
        let block = &blocks[b];
        let (mut pairs, open_at_end) = pair_marks(&block.text, block.start, b);
        marked.append(&mut pairs);
        let _ = pending.take();
        if let Some(open) = open_at_end {
            // Continued only when the next paragraph opens with a mark.
            let next_opens = content_blocks
                .get(n + 1)
                .map(|&nb| blocks[nb].text.trim_start())
                .is_some_and(|t| t.starts_with(['“', '"', '«', '„']));
            if next_opens {
                let mut piece = Vec::new();
                push_pair(&block.text, block.start, b, open, None, 0, &mut piece);
                marked.extend(piece);
                pending = Some(b);
            }
        }
    }
    marked.sort_by_key(|m| m.content.0);

    // 2. Direct and partial quotes with their speakers.
    let mut quotes: Vec<(Quote, Option<usize>)> = Vec::new(); // with the block
    let mut attributed_verbs: Vec<usize> = Vec::new();
    for (k, q) in marked.iter().enumerate() {
        let content = &text[q.content.0..q.content.1];
        let open_token = ctx.token_at_or_after(q.open);
        let close_token = q.close.map(|c| ctx.token_at_or_after(c));
        let mut speaker = close_token.and_then(|c| attribution_after(&ctx, c, open_token));
        if speaker.is_none() {
            speaker = attribution_before(&ctx, open_token);
        }
        if speaker.is_none() && looks_like_title(content) {
            continue;
        }
        // A quote without its own attribution continues the previous one in
        // its paragraph, or in the previous paragraph when it opens its own.
        if speaker.is_none() {
            let previous = quotes.iter().rev().find(|(p, _)| p.kind != "indirect");
            let opens_paragraph = blocks[q.block].text.trim_start().starts_with(['“', '"', '«', '„', '‘', '\'']);
            if let Some((p, b)) = previous {
                let same_block = *b == Some(q.block);
                let previous_block = content_blocks.iter().position(|&x| x == q.block).and_then(|n| n.checked_sub(1)).map(|n| content_blocks[n]);
                if same_block || (opens_paragraph && *b == previous_block) {
                    speaker = Some(Speaker { name: p.speaker.clone(), id: p.speaker_id.clone(), mention: None, cue: None });
                }
            }
            // The next piece of a multi-paragraph quote names the speaker.
            if speaker.is_none() && q.close.is_none() {
                speaker = marked[k + 1..].iter().find_map(|next| {
                    let c = next.close.map(|c| ctx.token_at_or_after(c))?;
                    attribution_after(&ctx, c, ctx.token_at_or_after(next.open))
                });
            }
        }
        if let Some(cue) = speaker.as_ref().and_then(|s| s.cue) {
            attributed_verbs.push(cue.0);
        }
        let kind = quote_kind(&ctx, q, open_token, content);
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
    let quoted: Vec<(usize, usize)> = marked.iter().map(|m| (m.open, m.close.unwrap_or(m.content.1))).collect();
    for sentence in &segmentation.sentences {
        for v in sentence.tokens.clone() {
            let Some(verb) = ctx.verb(v) else { continue };
            let at = tokens[v].start;
            if attributed_verbs.contains(&at) || quoted.iter().any(|&(s, e)| at >= s && at < e) {
                continue;
            }
            if let Some(quote) = reported(&ctx, verb, v, (sentence.tokens.start, sentence.tokens.end), &quoted) {
                quotes.push((quote, None));
            }
        }
        // "according to X"
        for v in sentence.tokens.clone() {
            if ctx.lower(v) == "according" && ctx.lower(v + 1) == "to" && v + 2 < sentence.tokens.end {
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
    for person in &mut records.people {
        person.quotes = quotes
            .iter()
            .filter(|q| q.speaker_id.as_deref() == Some(person.record.id.as_str()))
            .map(|q| q.id.clone())
            .collect();
    }
    quotes
}

/// Direct (a quoted sentence) or partial (words inside the writer's sentence).
fn quote_kind(ctx: &Context<'_>, q: &Marked, open_token: usize, content: &str) -> &'static str {
    if q.close.is_none() || open_token >= ctx.tokens.len() {
        return "direct";
    }
    let (sentence_start, _) = ctx.sentence_of[open_token];
    let starts_sentence = open_token == sentence_start;
    let introduced = open_token > sentence_start && matches!(ctx.lower(open_token - 1).as_str(), ":" | ",");
    let capital = content.starts_with(|c: char| c.is_uppercase() || c.is_numeric());
    if (starts_sentence || introduced) && capital {
        "direct"
    } else {
        "partial"
    }
}

/// `“Q,” X said` / `“Q,” said X` / `“Q,” X told reporters`.
fn attribution_after(ctx: &Context<'_>, close: usize, at: usize) -> Option<Speaker> {
    let after = close + 1; // the token after the closing mark
    if after >= ctx.tokens.len() {
        return None;
    }
    let (_, sentence_end) = ctx.sentence_of[close.min(ctx.tokens.len() - 1)];
    // The quote must end its clause: a comma, ?, ! or — inside or right
    // after the marks, or no sentence end before the attribution.
    let limit = sentence_end.min(after + 8);
    let first = ctx.lower(after);
    if matches!(first.as_str(), "“" | "\"" | "«") {
        return None;
    }
    let start = if matches!(first.as_str(), "," | "—" | "–") { after + 1 } else { after };
    if start >= limit {
        return None;
    }
    if let Some(Verb::Say) = ctx.verb(start) {
        // "said X"
        let end = (start + 1..limit)
            .find(|&i| ctx.is_punct(i) || PHRASE_STOPS.contains(&ctx.lower(i).as_str()))
            .unwrap_or(limit);
        let mut speaker = ctx.speaker_in(start + 1, end, at)?;
        speaker.cue = Some(ctx.byte_span(start, start + 1));
        return Some(speaker);
    }
    let v = (start..limit).find(|&i| ctx.verb(i) == Some(Verb::Say))?;
    if (start..v).any(|i| ctx.is_punct(i) && !matches!(ctx.lower(i).as_str(), "'s" | "’s" | "." | "-")) {
        return None;
    }
    let mut speaker = ctx.speaker_in(start, v, at)?;
    speaker.cue = Some(ctx.byte_span(v, v + 1));
    Some(speaker)
}

/// `X said: “Q”` / `X said “Q”` / `X said that “Q”` / a partial quote in a
/// sentence whose speaker is `X confirmed …`.
fn attribution_before(ctx: &Context<'_>, open: usize) -> Option<Speaker> {
    if open >= ctx.tokens.len() {
        return None;
    }
    let (sentence_start, _) = ctx.sentence_of[open];
    let v = (sentence_start..open).rev().find(|&i| ctx.verb(i).is_some())?;
    match ctx.verb(v)? {
        Verb::Participle => {
            // "…, adding that … “Q”": the subject of the sentence's main verb.
            let main = (sentence_start..v).rev().find(|&i| matches!(ctx.verb(i), Some(Verb::Say | Verb::Report)));
            let mut speaker = ctx.subject_of(main.unwrap_or(v), open)?;
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
    while from < end && matches!(ctx.lower(from).as_str(), "that" | "on" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "," | "reporters" | "journalists") {
        from += 1;
    }
    let mut to = end;
    while to > from && ctx.is_punct(to - 1) {
        to -= 1;
    }
    let speaker_before = ctx.subject_of(v, v);
    let (content, speaker) = if to > from + 2 {
        (ctx.byte_span(from, to), speaker_before?)
    } else {
        // "…, the club said on Friday.": the clause before the speaker.
        let speaker = speaker_before?;
        let (ms, _) = speaker.mention?;
        let subject = ctx.token_at_or_after(ms);
        let comma = (start..subject).rev().find(|&i| ctx.lower(i) == ",")?;
        if comma < start + 3 {
            return None;
        }
        (ctx.byte_span(start, comma), speaker)
    };
    // Content that is a direct quote is a direct quote, already recorded.
    if quoted.iter().any(|&(s, e)| content.0 <= s && e <= content.1 && (e - s) * 2 >= content.1 - content.0) {
        return None;
    }
    let (s, e) = content;
    Some(Quote {
        id: String::new(),
        kind: "indirect".to_string(),
        start: s,
        end: e,
        text: ctx.text[s..e].to_string(),
        speaker: speaker.name,
        speaker_id: speaker.id,
        speaker_mention: speaker.mention.map(|(a, b)| Span { start: a, end: b, text: ctx.text[a..b].to_string() }),
        cue: Some(Span { start: ctx.tokens[v].start, end: ctx.tokens[v].end, text: ctx.tokens[v].text(ctx.text).to_string() }),
    })
}

/// "according to X, …" and "…, according to X."
fn according_to(ctx: &Context<'_>, v: usize, (start, end): (usize, usize)) -> Option<Quote> {
    let name_end = (v + 2..end).find(|&i| ctx.is_punct(i)).unwrap_or(end);
    let speaker = ctx.speaker_in(v + 2, name_end, v)?;
    let (s, e) = if v > start + 2 {
        // "…, according to X."
        let mut to = v;
        while to > start && ctx.is_punct(to - 1) {
            to -= 1;
        }
        ctx.byte_span(start, to)
    } else {
        let mut from = name_end;
        while from < end && ctx.is_punct(from) {
            from += 1;
        }
        let mut to = end;
        while to > from && ctx.is_punct(to - 1) {
            to -= 1;
        }
        if to <= from {
            return None;
        }
        ctx.byte_span(from, to)
    };
    Some(Quote {
        id: String::new(),
        kind: "indirect".to_string(),
        start: s,
        end: e,
        text: ctx.text[s..e].to_string(),
        speaker: speaker.name,
        speaker_id: speaker.id,
        speaker_mention: speaker.mention.map(|(a, b)| Span { start: a, end: b, text: ctx.text[a..b].to_string() }),
        cue: Some(Span { start: ctx.tokens[v].start, end: ctx.tokens[v + 1].end, text: ctx.text[ctx.tokens[v].start..ctx.tokens[v + 1].end].to_string() }),
    })
}

/// A person's sex from their given name or the titles the text gives them.
fn person_sex(text: &str, person: &crate::model::Person, mentions: &[EntityMention]) -> Option<Sex> {
    let _ = mentions;
    for role in &person.roles {
        let title = role.title.to_lowercase();
        if FEMALE_WORDS.iter().any(|w| title.contains(w)) {
            return Some(Sex::Female);
        }
        if MALE_WORDS.iter().any(|w| title.split_whitespace().any(|t| t == *w)) {
            return Some(Sex::Male);
        }
    }
    // "Mr. Smith", "Ms. Jones": the word before a mention.
    for m in &person.record.mentions {
        let before = text[..m.start].trim_end();
        let word = before.rsplit(is_space).next().unwrap_or("").to_lowercase();
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
    fn titles_are_not_quotes() {
        assert!(looks_like_title("Game of Thrones"));
        assert!(!looks_like_title("We will win."));
        assert!(!looks_like_title("relieved"));
    }
}
