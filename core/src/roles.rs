//! Roles: the titles and affiliations the text gives a person.
//!
//! Takes one person mention with its sentence's tokens, the entity mentions
//! around it and the gazetteer's titles, gives the roles stated there. The
//! patterns are the ones news uses:
//!
//! - pre-nominal: "Russian President Vladimir Putin", "White House Press
//!   Secretary Karoline Leavitt", "NATO Secretary-General Mark Rutte",
//!   "European Commission chief Ursula von der Leyen", "former President
//!   Donald Trump";
//! - possessive: "Russia’s Foreign Minister Sergey Lavrov" (a role), and
//!   "France’s Macron" (no title: only the person's country);
//! - appositive: "Mark Rutte, NATO’s secretary general, said", "Sergey
//!   Lavrov, the foreign minister of Russia,", and the reverse "Ukraine’s
//!   president, Volodymyr Zelenskyy,".
//!
//! Titles are the `titles.tsv` gazetteer; the words around them (former,
//! deputy, the, of, …) are `data/role_cues.tsv`. An affiliation is an
//! organization (its record name), a country (from a place or a
//! nationality: "Russian" → RU), or both.
//!
//! It does not decide who a mention refers to (`records` does) and does not
//! merge duplicate roles of one person (also `records`).

use std::sync::LazyLock;

use crate::gazetteer::TitlePhrases;
use crate::hash::FastMap;
use crate::lexicon::word_kinds;
use crate::text::LowerWord;
use crate::tokenize::Token;

const ROLE_CUES: &str = include_str!("../data/role_cues.tsv");

/// Kinds of words around titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Former,
    Modifier,
    Opener,
    Link,
}

/// Words that never describe a title: verbs of saying, conjunctions,
/// pronouns — a phrase boundary lies there.
const NOT_DESCRIBING: [&str; 22] = [
    "said", "says", "told", "tells", "and", "or", "but", "nor", "with", "as", "while", "when", "who", "that",
    "which", "his", "her", "their", "our", "by", "on", "officials",
];

static CUES: LazyLock<FastMap<&'static str, Cue>> = LazyLock::new(|| {
    word_kinds(ROLE_CUES, |kind| match kind {
        "former" => Some(Cue::Former),
        "modifier" => Some(Cue::Modifier),
        "opener" => Some(Cue::Opener),
        "link" => Some(Cue::Link),
        _ => None,
    })
});

fn cue(word: &str) -> Option<Cue> {
    CUES.get(word).copied()
}

/// What an affiliation names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Affiliation {
    pub organization: Option<String>,
    pub country: Option<String>,
}

/// A role found in the text, in token indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRole {
    /// Tokens of the title ("Press Secretary").
    pub title: (usize, usize),
    pub affiliation: Affiliation,
    pub former: bool,
    /// Tokens of the whole statement (affiliation and title).
    pub span: (usize, usize),
}

/// What the roles of one mention are, and the country a possessive gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionRoles {
    pub roles: Vec<FoundRole>,
    pub country: Option<String>,
}

/// The context roles are read from: the article's tokens and, per token,
/// the entity mention covering it.
pub struct Context<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Per token: the index of the entity mention covering it.
    pub entity_at: &'a [Option<usize>],
    /// Per entity mention: its token range, label and what it affiliates to.
    pub entity_tokens: &'a [(usize, usize)],
    pub entity_labels: &'a [&'a str],
    pub affiliation_of: &'a dyn Fn(usize) -> Affiliation,
    /// Per token: `(start, end)` of the longest title phrase ending there
    /// (end exclusive), if any.
    pub title_ending: &'a FastMap<usize, usize>,
    /// Per token: the end of the longest title phrase starting there.
    pub title_starting: &'a FastMap<usize, usize>,
}

impl Context<'_> {
    /// Token `i` lowercased, curly apostrophes straightened (on the stack
    /// for the usual short ASCII word: the role rules ask for many).
    fn lower(&self, i: usize) -> LowerWord<'_> {
        let word = self.tokens.get(i).map_or("", |t| t.text(self.text));
        if word.is_ascii() {
            LowerWord::ascii(word)
        } else {
            LowerWord::owned(word.to_lowercase().replace('’', "'"))
        }
    }

    /// A word that can describe a title ("peace", "soccer", "national") as
    /// opposed to one that ends a phrase ("said", "and", "the").
    fn is_describing_word(&self, i: usize) -> bool {
        let word = self.lower(i);
        word.chars().all(char::is_alphabetic)
            && !word.is_empty()
            && cue(&word) != Some(Cue::Opener)
            && cue(&word) != Some(Cue::Link)
            && !NOT_DESCRIBING.contains(&word.as_str())
            && self.entity_at.get(i).copied().flatten().is_none()
    }

    fn is_possessive(&self, i: usize) -> bool {
        matches!(self.lower(i).as_str(), "'s" | "'")
    }

    /// The entity mention ending exactly before token `end`.
    fn entity_ending(&self, end: usize) -> Option<usize> {
        let e = (*self.entity_at.get(end.checked_sub(1)?)?)?;
        (self.entity_tokens[e].1 == end).then_some(e)
    }

    /// An affiliating entity (ORG, GPE, LOC, NORP) ending before `end`, or a
    /// possessive one ("Russia’s"); returns it and where it starts.
    fn affiliation_before(&self, end: usize) -> Option<(usize, usize)> {
        let e = if end >= 1 && self.is_possessive(end - 1) { self.entity_ending(end - 1)? } else { self.entity_ending(end)? };
        matches!(self.entity_labels[e], "ORG" | "GPE" | "LOC" | "NORP").then_some((e, self.entity_tokens[e].0))
    }

    /// A title phrase ending before `end`, extended left over modifiers
    /// ("Deputy Foreign Minister"). Returns the title and whether it said
    /// "former" itself (see [`Self::trim_title`]).
    fn title_before(&self, end: usize) -> Option<(usize, usize, bool)> {
        let mut start = *self.title_ending.get(&end)?;
        while start > 0 && cue(&self.lower(start - 1)) == Some(Cue::Modifier) {
            start -= 1;
        }
        let (start, former) = self.trim_title(start, end);
        Some((start, end, former))
    }

    /// The gazetteer lists some titles with their usual affiliation or with
    /// "former" ("white house press secretary", "former president"); the
    /// role keeps those apart: "former" becomes the flag, and a name the
    /// tagger found at the start becomes the affiliation.
    fn trim_title(&self, mut start: usize, end: usize) -> (usize, bool) {
        let mut former = false;
        loop {
            if start + 1 < end && cue(&self.lower(start)) == Some(Cue::Former) {
                former = true;
                start += 1;
                continue;
            }
            match self.entity_at.get(start).copied().flatten() {
                Some(e) if self.entity_tokens[e].0 == start && self.entity_tokens[e].1 < end => {
                    start = self.entity_tokens[e].1;
                }
                _ => return (start, former),
            }
        }
    }

    /// Whether a role starting at `start` is marked former ("former", "ex-").
    fn former_before(&self, start: usize) -> (bool, usize) {
        if start >= 1 && cue(&self.lower(start - 1)) == Some(Cue::Former) {
            return (true, start - 1);
        }
        // "ex-President": tokens ex, -, President.
        if start >= 2 && self.lower(start - 1) == "-" && cue(&self.lower(start - 2)) == Some(Cue::Former) {
            return (true, start - 2);
        }
        (false, start)
    }
}

/// Roles stated around the person mention covering tokens `[start, end)` of
/// the sentence `[sentence_start, sentence_end)`.
pub fn roles_of(
    ctx: &Context<'_>,
    (start, end): (usize, usize),
    (sentence_start, sentence_end): (usize, usize),
) -> MentionRoles {
    let mut out = MentionRoles::default();
    // Pre-nominal, and the reverse appositive "Ukraine’s president, X".
    let title_end = if start > sentence_start && ctx.title_ending.contains_key(&start) {
        Some(start)
    } else if start > sentence_start + 1 && ctx.lower(start - 1) == "," && ctx.title_ending.contains_key(&(start - 1)) {
        Some(start - 1)
    } else {
        None
    };
    // "his sister, X", "her husband X": a relation, not a title.
    let title_end = title_end.filter(|&e| {
        ctx.title_before(e).is_none_or(|(s, _, _)| s == 0 || !POSSESSIVE_PRONOUNS.contains(&ctx.lower(s - 1).as_str()))
    });
    if let Some((title_start, title_end, former_inside)) = title_end.and_then(|e| ctx.title_before(e)) {
        let title = (title_start.max(sentence_start), title_end);
        let (mut former, mut left) = ctx.former_before(title.0);
        former |= former_inside;
        let mut affiliation = Affiliation::default();
        // "Russian peace envoy X", "Irish soccer manager X": up to two
        // describing words may stand between the affiliation and the title.
        let found = (0..=MAX_DESCRIBING_WORDS).find_map(|skip| {
            let at = left.checked_sub(skip)?;
            if at < sentence_start || !(at..left).all(|i| ctx.is_describing_word(i)) {
                return None;
            }
            ctx.affiliation_before(at)
        });
        if let Some((e, affiliation_start)) = found.filter(|(_, s)| *s >= sentence_start) {
            affiliation = (ctx.affiliation_of)(e);
            left = affiliation_start;
            let (f, l) = ctx.former_before(left);
            if f {
                former = true;
                left = l;
            }
        }
        out.roles.push(FoundRole { title, affiliation, former, span: (left.max(sentence_start), title.1) });
    } else if let Some(role) = (start > sentence_start + 2 && ctx.lower(start - 1) == ",")
        .then(|| title_of_before_comma(ctx, start - 1, sentence_start))
        .flatten()
    {
        // "The head of the World Health Organization, Tedros …,"
        out.roles.push(role);
    } else if start >= sentence_start + 2 && ctx.is_possessive(start - 1) {
        // "France’s Macron": a country, no title.
        if let Some(e) = ctx.entity_ending(start - 1) {
            if matches!(ctx.entity_labels[e], "GPE" | "LOC" | "NORP") {
                out.country = (ctx.affiliation_of)(e).country;
            }
        }
    }
    // Appositive: "X, NATO’s secretary general, said", "X, the … of Y,".
    if end < sentence_end && ctx.lower(end) == "," {
        if let Some(role) = appositive(ctx, end + 1, sentence_end) {
            // "the prime minister and leader of the Labour Party": a second
            // title joined by "and".
            let second = (role.title.1 + 1 < role.span.1 && ctx.lower(role.title.1) == "and")
                .then(|| second_title(ctx, role.title.1 + 1, role.span.1))
                .flatten();
            let (mut role, second) = (role, second);
            if let Some(second) = &second {
                // The first title's affiliation is what precedes it only.
                if role.affiliation == second.affiliation {
                    role.affiliation = Affiliation::default();
                    if let Some((e, _)) = ctx.affiliation_before(role.title.0).filter(|(_, s)| *s > end) {
                        role.affiliation = (ctx.affiliation_of)(e);
                    }
                }
                role.span.1 = role.title.1;
            }
            out.roles.push(role);
            out.roles.extend(second);
        }
    }
    out
}

/// Pronouns that make a title word a relation ("his sister").
const POSSESSIVE_PRONOUNS: [&str; 7] = ["his", "her", "their", "its", "my", "our", "your"];

/// Describing words allowed between an affiliation and its title.
const MAX_DESCRIBING_WORDS: usize = 2;

/// Longest appositive this reads, in tokens.
const MAX_APPOSITIVE_TOKENS: usize = 14;

/// "the president of Indonesia, X": a title, a link word and an
/// affiliation ending right before the comma at `comma`.
fn title_of_before_comma(ctx: &Context<'_>, comma: usize, sentence_start: usize) -> Option<FoundRole> {
    let e = ctx.entity_ending(comma)?;
    if !matches!(ctx.entity_labels[e], "ORG" | "GPE" | "LOC" | "NORP") {
        return None;
    }
    let mut k = ctx.entity_tokens[e].0;
    while k > sentence_start && cue(&ctx.lower(k - 1)) == Some(Cue::Opener) {
        k -= 1;
    }
    if k <= sentence_start || cue(&ctx.lower(k - 1)) != Some(Cue::Link) {
        return None;
    }
    let (title_start, title_end, former_inside) = ctx.title_before(k - 1)?;
    if title_start > 0 && POSSESSIVE_PRONOUNS.contains(&ctx.lower(title_start - 1).as_str()) {
        return None;
    }
    let (former, left) = ctx.former_before(title_start);
    Some(FoundRole {
        title: (title_start, title_end),
        affiliation: (ctx.affiliation_of)(e),
        former: former || former_inside,
        span: (left.max(sentence_start), comma),
    })
}

/// An appositive role starting at token `from` (after the comma).
fn appositive(ctx: &Context<'_>, from: usize, sentence_end: usize) -> Option<FoundRole> {
    let limit = sentence_end.min(from + MAX_APPOSITIVE_TOKENS);
    let stop = (from..limit).find(|&i| matches!(ctx.lower(i).as_str(), "," | ";" | "—" | "–" | "(" | ")")).unwrap_or(limit);
    if stop == from || (stop == limit && limit < sentence_end && limit == from + MAX_APPOSITIVE_TOKENS) {
        return None;
    }
    // Another person in the segment: a list of names, not an appositive.
    if (from..stop).any(|i| ctx.entity_at[i].is_some_and(|e| ctx.entity_labels[e] == "PERSON")) {
        return None;
    }
    let first = ctx.lower(from);
    let opens = matches!(cue(&first), Some(Cue::Opener | Cue::Former | Cue::Modifier))
        || ctx.title_starting.contains_key(&from)
        || ctx.entity_at[from].is_some();
    if !opens {
        return None;
    }
    // The first title in the segment.
    let (title_start, title_end) =
        (from..stop).find_map(|i| ctx.title_starting.get(&i).map(|&e| (i, e)).filter(|&(_, e)| e <= stop))?;
    let mut title_start = title_start;
    while title_start > from && cue(&ctx.lower(title_start - 1)) == Some(Cue::Modifier) {
        title_start -= 1;
    }
    let (title_start, former_inside) = ctx.trim_title(title_start, title_end);
    let former = former_inside || (from..title_start).any(|i| cue(&ctx.lower(i)) == Some(Cue::Former));
    // Affiliation: "of/for/at/to Y" after the title, else one before it.
    let after = (title_end < stop && cue(&ctx.lower(title_end)) == Some(Cue::Link))
        .then(|| {
            let mut k = title_end + 1;
            while k < stop && cue(&ctx.lower(k)) == Some(Cue::Opener) {
                k += 1;
            }
            ctx.entity_at.get(k).copied().flatten().filter(|&e| ctx.entity_tokens[e].0 == k)
        })
        .flatten();
    let before = ctx.affiliation_before(title_start).map(|(e, _)| e).filter(|&e| ctx.entity_tokens[e].0 >= from);
    let affiliation = after
        .or(before)
        .filter(|&e| matches!(ctx.entity_labels[e], "ORG" | "GPE" | "LOC" | "NORP"))
        .map(|e| (ctx.affiliation_of)(e))
        .unwrap_or_default();
    Some(FoundRole { title: (title_start, title_end), affiliation, former, span: (from, stop) })
}

/// A title starting at `from` with an optional "of/for Y" before `stop`.
fn second_title(ctx: &Context<'_>, from: usize, stop: usize) -> Option<FoundRole> {
    let mut start = from;
    while start < stop && cue(&ctx.lower(start)) == Some(Cue::Opener) {
        start += 1;
    }
    // "… and Labour Party leader": an affiliation before the title.
    let before = ctx
        .entity_at
        .get(start)
        .copied()
        .flatten()
        .filter(|&e| ctx.entity_tokens[e].0 == start && matches!(ctx.entity_labels[e], "ORG" | "GPE" | "LOC" | "NORP"));
    if let Some(e) = before {
        start = ctx.entity_tokens[e].1;
    }
    let end = *ctx.title_starting.get(&start)?;
    if end > stop {
        return None;
    }
    if let Some(e) = before {
        return Some(FoundRole { title: (start, end), affiliation: (ctx.affiliation_of)(e), former: false, span: (from, end) });
    }
    let affiliation = (end < stop && cue(&ctx.lower(end)) == Some(Cue::Link))
        .then(|| {
            let mut k = end + 1;
            while k < stop && cue(&ctx.lower(k)) == Some(Cue::Opener) {
                k += 1;
            }
            ctx.entity_at.get(k).copied().flatten().filter(|&e| ctx.entity_tokens[e].0 == k)
        })
        .flatten()
        .filter(|&e| matches!(ctx.entity_labels[e], "ORG" | "GPE" | "LOC" | "NORP"))
        .map(|e| (ctx.affiliation_of)(e))
        .unwrap_or_default();
    Some(FoundRole { title: (start, end), affiliation, former: false, span: (from, stop) })
}

/// Title phrases of the sentence of tokens `range`: longest phrase by end
/// and by start.
pub fn title_index(titles: &TitlePhrases, range: (usize, usize)) -> (FastMap<usize, usize>, FastMap<usize, usize>) {
    let mut by_end: FastMap<usize, usize> = FastMap::default();
    let mut by_start: FastMap<usize, usize> = FastMap::default();
    for &(s, e) in titles.starting_in(range.0, range.1) {
        let longer_end = by_end.get(&e).is_none_or(|&old| s < old);
        if longer_end {
            by_end.insert(e, s);
        }
        let longer_start = by_start.get(&s).is_none_or(|&old| e > old);
        if longer_start {
            by_start.insert(s, e);
        }
    }
    (by_end, by_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_cue_row_parses() {
        let rows = ROLE_CUES.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).count();
        assert_eq!(CUES.len(), rows, "a row of role_cues.tsv has an unknown kind or a duplicate word");
        assert_eq!(cue("former"), Some(Cue::Former));
        assert_eq!(cue("of"), Some(Cue::Link));
    }
}
