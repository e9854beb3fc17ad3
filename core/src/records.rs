//! Entity records: who and what the article is about.
//!
//! Takes the entity mentions, gives one record per person, organization,
//! place and group (NORP), each with a stable id, a canonical name, aliases,
//! mentions, a count, the first mention and a salience, and links every
//! mention to its record (`EntityMention::entity`). People also get their
//! roles (via [`crate::roles`]) and country.
//!
//! **People: coreference of names.** Multi-word names are read first, so a
//! surname in the headline ("Putin") finds the full name given later
//! ("Vladimir Putin"). Two names are one person when their surnames match —
//! exactly, or as another spelling of the same name ("Zelensky" /
//! "Zelenskyy" / "Zelenskiy": same first four letters, at most two edits) —
//! and their given names agree (equal, one an initial of the other, "J.D." =
//! "JD", or spelling variants such as "Sergey"/"Sergei"). Different given
//! names keep people apart ("George W. Bush" and "Jeb Bush"). A single word
//! joins the person whose surname or given name it is; when several people
//! share it, the one mentioned most recently before it.
//!
//! **Organizations, places and groups** are grouped by their gazetteer
//! identity where the gazetteer knows them ("U.S." and "United States" are
//! one place, US; "Russian" and "Russians" one group, RU; "NATO" and "North
//! Atlantic Treaty Organization" one organization), else by their words. An
//! acronym the text defines ("the North Atlantic Treaty Organization
//! (NATO)") joins its expansion, and so does an acronym that spells the
//! initials of exactly one organization of the article ("the British Medical
//! Association … the BMA"). A place mention that names an organization
//! of the article ("at the White House") joins the organization.
//!
//! **Salience** (0–1) is 0.4 if the headline or subtitle mentions the
//! record, plus 0.3 if the lead paragraph does, plus 0.3 × its mention count
//! divided by the highest mention count of the article; rounded to three
//! decimals.

use std::collections::BTreeSet;

use crate::gazetteer::{category, gazetteer, key_of_phrase, TitlePhrases};
use crate::hash::{FastMap, FastSet};
use crate::model::{
    Block, BlockKind, Byline, EntityMention, Group, Organization, Person, Place, RecordCore, Role, Span,
};
use crate::roles::{roles_of, title_index, Affiliation, Context};
use crate::segment::Segmentation;
use crate::text::{is_space, within_edits};

/// The records of an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub people: Vec<Person>,
    pub organizations: Vec<Organization>,
    pub places: Vec<Place>,
    pub groups: Vec<Group>,
}

/// What a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Person,
    Organization,
    Place,
    Group,
}

impl Kind {
    fn of(label: &str) -> Option<Kind> {
        match label {
            "PERSON" => Some(Kind::Person),
            "ORG" => Some(Kind::Organization),
            "GPE" | "LOC" => Some(Kind::Place),
            "NORP" => Some(Kind::Group),
            _ => None,
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "org",
            Kind::Place => "place",
            Kind::Group => "group",
        }
    }
}

/// A person's name, normalized for comparison.
#[derive(Debug, Clone)]
struct Name {
    /// Lowercased words; initials are merged ("J. D." and "J.D." → "jd").
    words: Vec<String>,
}

impl Name {
    fn parse(text: &str) -> Name {
        let mut words: Vec<String> = Vec::new();
        let mut initials = String::new();
        for raw in text.split(char::is_whitespace) {
            if raw.is_empty() {
                continue;
            }
            let mut bare: String = raw.chars().filter(|c| *c != '.').flat_map(char::to_lowercase).collect();
            // "el-Sisi" is "Sisi", "al-Ghais" is "Ghais": Arabic articles
            // come and go in news spellings.
            for article in ["al-", "el-", "ad-", "ash-", "as-", "at-", "az-", "ar-"] {
                if bare.len() > article.len() + 2 && bare.starts_with(article) {
                    bare = bare[article.len()..].to_string();
                    break;
                }
            }
            // "J.D." and "J." are initials; "JD" in caps too.
            let is_initials = raw.contains('.') && bare.chars().count() <= 3
                || (bare.chars().count() <= 2 && raw.chars().all(char::is_uppercase) && raw.chars().count() <= 2);
            if is_initials {
                initials.push_str(&bare);
                continue;
            }
            if !initials.is_empty() {
                words.push(std::mem::take(&mut initials));
            }
            words.push(bare);
        }
        if !initials.is_empty() {
            words.push(initials);
        }
        Name { words }
    }
}

/// The last word of a name's words.
fn surname_of(words: &[String]) -> Option<&str> {
    words.last().map(String::as_str)
}

/// The first word of a name of two words or more.
fn given_of(words: &[String]) -> Option<&str> {
    (words.len() >= 2).then(|| words.first().map(String::as_str)).flatten()
}

/// Two spellings of one name: equal, or long enough, sharing four letters
/// and at most two edits apart.
fn same_name_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.chars().count() < 5 || b.chars().count() < 5 || !a.chars().take(4).eq(b.chars().take(4)) {
        return false;
    }
    // The letters of names of up to 32 letters are copied to the stack:
    // a long text of many similar names makes millions of these tests.
    let (mut a_letters, mut b_letters) = (['\0'; 32], ['\0'; 32]);
    match (letters_into(a, &mut a_letters), letters_into(b, &mut b_letters)) {
        (Some(a), Some(b)) => within_edits(a, b, 2),
        _ => within_edits(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), 2),
    }
}

/// The letters of `word` in `buffer`, if they fit.
fn letters_into<'b>(word: &str, buffer: &'b mut [char; 32]) -> Option<&'b [char]> {
    let mut n = 0;
    for c in word.chars() {
        *buffer.get_mut(n)? = c;
        n += 1;
    }
    buffer.get(..n)
}

/// Given names agree: equal, variants, or one is the other's initial(s).
fn given_names_agree(a: &str, b: &str) -> bool {
    if same_name_word(a, b) {
        return true;
    }
    let initial_of = |short: &str, long: &str| short.chars().count() <= 3 && long.starts_with(short.chars().next().unwrap_or(' '));
    (a.chars().count() <= 3 && initial_of(a, b)) || (b.chars().count() <= 3 && initial_of(b, a))
}

/// Words inside names that never identify a person alone.
const PARTICLES: [&str; 16] = ["bin", "ibn", "bint", "al", "el", "de", "da", "do", "dos", "van", "von", "der", "den", "di", "du", "la"];

/// Whether `part` (two or more words) is a tail or an inner run of `full`:
/// "von der Leyen" of "Ursula von der Leyen", "López Obrador" of
/// "Andrés Manuel López Obrador".
fn is_name_part(part: &[String], full: &[String]) -> bool {
    part.len() < full.len() && full.windows(part.len()).skip(1).any(|w| w.iter().zip(part).all(|(a, b)| same_name_word(a, b)))
}

/// Whether a full name (two words or more) belongs to the person whose
/// longest name is `other`: the same person (same surname, agreeing given
/// names) or a tail or inner run of the longer name.
fn full_name_matches(words: &[String], other: &[String]) -> bool {
    let same_person = match (surname_of(words), surname_of(other), given_of(words), given_of(other)) {
        (Some(s1), Some(s2), Some(g1), Some(g2)) => same_name_word(s1, s2) && given_names_agree(g1, g2),
        _ => false,
    };
    same_person || is_name_part(words, other)
}

/// How a single name word is tested against one word of a person's
/// longest name (see [`word_roles`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum WordRole {
    /// The surname (or the one word of a one-word name): a
    /// [`same_name_word`].
    Last,
    /// The given name of a name of two words or more: the same word.
    First,
    /// Any word of a name of three words or more ("Lula", "Tedros"): a
    /// [`same_name_word`] of four letters or more that is no particle.
    Inner,
}

impl WordRole {
    /// Whether `word` stands for the person through `name_word` in this role.
    fn admits(self, word: &str, name_word: &str) -> bool {
        match self {
            WordRole::Last => same_name_word(word, name_word),
            WordRole::First => word == name_word,
            WordRole::Inner => word.chars().count() >= 4 && !PARTICLES.contains(&word) && same_name_word(word, name_word),
        }
    }
}

/// The words of a longest name that a single word is tested against, each
/// with its role.
fn word_roles(full: &[String]) -> impl Iterator<Item = (WordRole, &str)> {
    let last = full.last().map(|w| (WordRole::Last, w.as_str()));
    let first = full.first().filter(|_| full.len() >= 2).map(|w| (WordRole::First, w.as_str()));
    let inner = full.iter().filter(move |_| full.len() >= 3).map(|w| (WordRole::Inner, w.as_str()));
    last.into_iter().chain(first).chain(inner)
}

/// The blocking key of a name word: its first four characters. Words that
/// are [`same_name_word`]s share it (equal words trivially, spelling
/// variants because they must share their first four letters), so a name
/// need only be compared with the people that have a word under one of its
/// words' keys, not with every person of the article: with all of them,
/// clustering a long text of many people was quadratic.
fn name_key(word: &str) -> &str {
    let end = word.char_indices().nth(4).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// The people of the full names, for [`cluster_people`]: each cluster's
/// mentions and its longest name, and indexes to the clusters (ascending)
/// whose names could match another full name:
///
/// - `by_inner`: by the key of each word after the first, for a full name
///   that may be a tail or inner run of a longer one (its first and last
///   words are among those);
/// - for a full name that may be the same person (same surname, agreeing
///   given names), by the surname's key and
///   - `by_surname_given`: the given name's key;
///   - `by_surname_letter`: the given name's first letter;
///   - `by_surname_initial`: the given name's first letter, for initials
///     (given names of at most three letters) only.
///
/// Given names that agree share their key, or share their first letter
/// with one of the two an initial. So a long given name is looked up in
/// `by_surname_given` and `by_surname_initial`, an initial in
/// `by_surname_letter`, and a common surname ("Kim", "Smith") or given
/// name ("John") does not make all its bearers candidates.
#[derive(Default)]
struct PeopleSoFar<'a> {
    clusters: Vec<Vec<usize>>,
    /// The longest name of each cluster of full names. The clusters that
    /// single words open later have none here: [`SingleWordIndex`] keeps
    /// their words.
    longest: Vec<&'a [String]>,
    by_inner: FastMap<&'a str, Vec<usize>>,
    by_surname_given: FastMap<(&'a str, &'a str), Vec<usize>>,
    by_surname_letter: FastMap<(&'a str, char), Vec<usize>>,
    by_surname_initial: FastMap<(&'a str, char), Vec<usize>>,
}

/// Adds cluster `k` to `index` under `key` (once: clusters come in ascending order).
fn index_under<K: std::hash::Hash + Eq>(index: &mut FastMap<K, Vec<usize>>, key: K, k: usize) {
    let list = index.entry(key).or_default();
    if list.last() != Some(&k) {
        list.push(k);
    }
}

/// Whether a given name is short enough to be an initial (see
/// [`given_names_agree`]).
fn is_initial(given: &str) -> bool {
    given.chars().count() <= 3
}

/// What a full name is indexed and looked up under in [`PeopleSoFar`]: the
/// [`name_key`]s of its surname and given name, the given name's first
/// letter, and whether the given name is an initial.
struct PersonKeys<'a> {
    surname: &'a str,
    given: &'a str,
    letter: char,
    initial: bool,
}

impl PersonKeys<'_> {
    /// The keys of a name of two words or more.
    fn of(words: &[String]) -> Option<PersonKeys<'_>> {
        let (surname, given) = (surname_of(words)?, given_of(words)?);
        Some(PersonKeys {
            surname: name_key(surname),
            given: name_key(given),
            letter: given.chars().next().unwrap_or(' '),
            initial: is_initial(given),
        })
    }
}

impl<'a> PeopleSoFar<'a> {
    fn open(&mut self, mention: usize, words: &'a [String]) {
        let k = self.clusters.len();
        self.clusters.push(vec![mention]);
        self.longest.push(words);
        for w in words.iter().skip(1) {
            index_under(&mut self.by_inner, name_key(w), k);
        }
        if let Some(keys) = PersonKeys::of(words) {
            index_under(&mut self.by_surname_given, (keys.surname, keys.given), k);
            index_under(&mut self.by_surname_letter, (keys.surname, keys.letter), k);
            if keys.initial {
                index_under(&mut self.by_surname_initial, (keys.surname, keys.letter), k);
            }
        }
    }
}

/// The entries (clusters or groups, ascending) under `key` in `index`.
fn under<'s, K, Q>(index: &'s FastMap<K, Vec<usize>>, key: &Q) -> &'s [usize]
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
{
    index.get(key).map_or(&[], Vec::as_slice)
}

/// How many of the people (or name words) under one key a name is
/// compared with: the last indexed.
///
/// The keys of [`name_key`] bound the comparisons in news: the longest
/// list a name is compared with on CoNLL-2003 train and dev and the
/// modern-news and quote sets holds 3 people. But a long text can gather
/// any number under four letters — 64,000 different surnames "Mart…ez"
/// gave a few hundred people there, all compared with each name: 9.2 s for
/// 16 MB, three times longer per doubling. So past 32, a name is compared
/// with the people indexed last: full names are indexed longest first,
/// then in text order, and a single word's groups when the word is first
/// met, so these are the recent people of a long text, not always those
/// mentioned last. A single word is also always compared with the people
/// of the very same word ([`SingleWordIndex::choose`]).
const COMPARED_PER_KEY: usize = 32;

/// The last [`COMPARED_PER_KEY`] of `entries` (ascending, as indexed).
fn most_recent(entries: &[usize]) -> &[usize] {
    &entries[entries.len().saturating_sub(COMPARED_PER_KEY)..]
}

/// The people a single name word may stand for, for [`cluster_people`]
/// once the full names are read: the words of every person's longest name
/// in groups by [`WordRole`] and word, each group with the mentions of its
/// people ordered by start.
///
/// A single word goes to the person, among those it can stand for, with a
/// mention nearest before it (else the first mentioned). Comparing it with
/// every person it can stand for was quadratic in a text of many people
/// of one surname (a "Kim" after each of 30,000 different Kims took 7 s).
/// Here the word is tested once per distinct name word under its
/// [`name_key`] (as [`same_name_word`]s share it), and each group that
/// admits it answers "the latest mention before" with one search of its
/// ordered mentions: mentions are `(start, cluster)` pairs, so the greatest
/// pair before the word is the latest mention and, between people
/// mentioned at the same start, the later cluster, as the scan of every
/// candidate chose (the earliest pair, for the first mention, likewise).
#[derive(Default)]
struct SingleWordIndex<'a> {
    /// Each group's mentions of its people, as `(start, cluster)`.
    groups: Vec<GroupMentions>,
    /// Each group's role and word.
    group_words: Vec<(WordRole, &'a str)>,
    by_word: FastMap<(WordRole, &'a str), usize>,
    /// The groups under the [`name_key`] of their word.
    by_key: FastMap<&'a str, Vec<usize>>,
    /// The groups of each cluster.
    of_cluster: Vec<Vec<usize>>,
}

/// The mentions of a group's people, as `(start, cluster)` pairs, ordered.
#[derive(Default)]
struct GroupMentions(BTreeSet<(usize, usize)>);

impl GroupMentions {
    /// The greatest mention before `at`.
    fn latest_before(&self, at: usize) -> Option<(usize, usize)> {
        self.0.range(..(at, 0)).next_back().copied()
    }

    /// The first mention.
    fn first(&self) -> Option<(usize, usize)> {
        self.0.first().copied()
    }
}

impl<'a> SingleWordIndex<'a> {
    /// The index of the clusters of the full names, with their mentions.
    fn of_full_names(mentions: &[EntityMention], so_far: &PeopleSoFar<'a>) -> SingleWordIndex<'a> {
        let mut index = SingleWordIndex::default();
        for (k, (cluster, words)) in so_far.clusters.iter().zip(&so_far.longest).enumerate() {
            index.add_cluster(words);
            for &m in cluster {
                for &g in &index.of_cluster[k] {
                    index.groups[g].0.insert((mentions[m].start, k));
                }
            }
        }
        index
    }

    /// Adds the next cluster, with its longest name.
    fn add_cluster(&mut self, words: &'a [String]) {
        let mut groups = Vec::new();
        for (role, word) in word_roles(words) {
            let next = self.groups.len();
            let g = *self.by_word.entry((role, word)).or_insert(next);
            if g == next {
                self.groups.push(GroupMentions::default());
                self.group_words.push((role, word));
                self.by_key.entry(name_key(word)).or_default().push(g);
            }
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        self.of_cluster.push(groups);
    }

    /// Adds a single-word mention of cluster `k` at `start` (in any order).
    fn add_single_word(&mut self, k: usize, start: usize) {
        for &g in self.of_cluster.get(k).map_or(&[][..], Vec::as_slice) {
            self.groups[g].0.insert((start, k));
        }
    }

    /// The cluster `word`, mentioned at `at`, stands for, if any.
    fn choose(&self, word: &'a str, at: usize) -> Option<usize> {
        // The groups of the word itself, however many others share its
        // key: a name met again is always found.
        let exact = [WordRole::Last, WordRole::First, WordRole::Inner].map(|role| self.by_word.get(&(role, word)).copied());
        let admitting = || {
            most_recent(under(&self.by_key, name_key(word)))
                .iter()
                .chain(exact.iter().flatten())
                .filter(|&&g| {
                    let (role, name_word) = self.group_words[g];
                    role.admits(word, name_word)
                })
                .map(|&g| &self.groups[g])
        };
        let latest_before = admitting().filter_map(|mentions| mentions.latest_before(at)).max();
        let first = || admitting().filter_map(GroupMentions::first).min();
        latest_before.or_else(first).map(|(_, k)| k)
    }
}

/// Groups person mentions (indices into `mentions`) into people.
fn cluster_people(mentions: &[EntityMention], people: &[usize]) -> Vec<Vec<usize>> {
    let names: FastMap<usize, Name> = people.iter().map(|&m| (m, Name::parse(&mentions[m].text))).collect();
    // Each cluster keeps its longest name for comparisons.
    let mut so_far = PeopleSoFar::default();
    let mut candidates: Vec<usize> = Vec::new();
    // Full names first, longest first, so shorter forms find them.
    let mut multi: Vec<usize> = people.iter().copied().filter(|m| names[m].words.len() >= 2).collect();
    multi.sort_by_key(|m| (std::cmp::Reverse(names[m].words.len()), mentions[*m].start));
    // The cluster each full name went to, by the mention's text (which
    // gives its words). The same name later goes there again. Up to
    // COMPARED_PER_KEY people per key, its candidates only gain clusters
    // opened later, so the first that matches stays the first, and a name
    // that opened a cluster matches it; past that, a name keeps the person
    // it was first given. (Looking again was quadratic for thousands of
    // people "X Garcia Lopez" and as many "Garcia Lopez": every one of them
    // is a candidate of the tail.)
    let mut went_to: FastMap<&str, usize> = FastMap::default();
    for m in multi {
        let name = &names[&m];
        if let Some(&k) = went_to.get(mentions[m].text.as_str()) {
            so_far.clusters[k].push(m);
            continue;
        }
        // A match is the same person or has this name as its tail or an
        // inner run (see PeopleSoFar for the indexes): the first cluster in
        // order among the candidates, as a scan of all clusters would find
        // (of the last COMPARED_PER_KEY under each key).
        candidates.clear();
        if let Some(keys) = PersonKeys::of(&name.words) {
            if keys.initial {
                candidates.extend_from_slice(most_recent(under(&so_far.by_surname_letter, &(keys.surname, keys.letter))));
            } else {
                candidates.extend_from_slice(most_recent(under(&so_far.by_surname_given, &(keys.surname, keys.given))));
                candidates.extend_from_slice(most_recent(under(&so_far.by_surname_initial, &(keys.surname, keys.letter))));
            }
            // A tail or inner run has its first and its last word among the
            // words after the first: the shorter of the two lists ("de la
            // Cruz" is looked up among the Cruzes, not among every "de").
            let by_first = under(&so_far.by_inner, &keys.given);
            let by_last = under(&so_far.by_inner, &keys.surname);
            candidates.extend_from_slice(most_recent(if by_first.len() <= by_last.len() { by_first } else { by_last }));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates.iter().copied().find(|&k| full_name_matches(&name.words, so_far.longest[k]));
        let k = match found {
            Some(k) => {
                so_far.clusters[k].push(m);
                k
            }
            None => {
                so_far.open(m, &name.words);
                so_far.clusters.len() - 1
            }
        };
        went_to.insert(&mentions[m].text, k);
    }
    // Then single words: a surname, a given name, or (in names of three
    // words or more) another word of the name ("Lula", "Tedros").
    // (The index of the full names is built only when some person is
    // named by one word.)
    let single_words: Vec<usize> = people.iter().copied().filter(|m| names[m].words.len() < 2).collect();
    if single_words.is_empty() {
        return so_far.clusters;
    }
    let mut single = SingleWordIndex::of_full_names(mentions, &so_far);
    for m in single_words {
        let Some(word) = names[&m].words.first() else { continue };
        // Several people may share the word: the one mentioned most
        // recently before it, else (a headline) the first one the text goes
        // on to name.
        let at = mentions[m].start;
        let k = match single.choose(word, at) {
            Some(k) => {
                so_far.clusters[k].push(m);
                k
            }
            None => {
                so_far.clusters.push(vec![m]);
                single.add_cluster(&names[&m].words);
                so_far.clusters.len() - 1
            }
        };
        single.add_single_word(k, at);
    }
    so_far.clusters
}

/// Groups mentions by a key, keeping first-appearance order.
fn cluster_by_key(mentions: &[EntityMention], indices: &[usize], key: impl Fn(&EntityMention) -> String) -> Vec<(String, Vec<usize>)> {
    let mut order: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: FastMap<String, usize> = FastMap::default();
    for &m in indices {
        let k = key(&mentions[m]);
        match at.get(&k) {
            Some(&c) => order[c].1.push(m),
            None => {
                at.insert(k.clone(), order.len());
                order.push((k, vec![m]));
            }
        }
    }
    order
}

/// The gazetteer identity of a phrase: its canonical name's key, else its own key.
fn identity(text: &str) -> String {
    let g = gazetteer();
    let key = key_of_phrase(text);
    match g.get(&key).and_then(|e| g.canonical(e)) {
        Some(canonical) => key_of_phrase(canonical),
        None => key,
    }
}

fn is_all_caps(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// The fullest surface form: most words, then most characters, preferring
/// mixed case to capitals.
fn fullest<'a>(forms: impl Iterator<Item = &'a str>) -> String {
    let rank = |f: &str| (!is_all_caps(f) || f.chars().count() <= 5, f.split_whitespace().count(), f.chars().count());
    // The first of equally full forms: the text's own first choice.
    forms.fold(None::<&str>, |best, f| match best {
        Some(b) if rank(b) >= rank(f) => Some(b),
        _ => Some(f),
    })
    .unwrap_or("")
    .to_string()
}

/// Distinct forms other than `name`, in order, ignoring case.
fn aliases<'a>(name: &str, forms: impl Iterator<Item = &'a str>) -> Vec<String> {
    // A set: one person may be written hundreds of different ways in a
    // long text, and a list of them was searched for each form.
    let mut seen: FastSet<String> = FastSet::default();
    seen.insert(name.to_lowercase());
    let mut out = Vec::new();
    for f in forms {
        if seen.insert(f.to_lowercase()) {
            out.push(f.to_string());
        }
    }
    out
}

/// Where each mention sits: in the headline/subtitle, in the lead paragraph.
struct Positions {
    headline: Vec<(usize, usize)>,
    lead: Option<(usize, usize)>,
}

impl Positions {
    fn of(blocks: &[Block]) -> Positions {
        let headline = blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Headline | BlockKind::Subtitle))
            .map(|b| (b.start, b.end))
            .collect();
        let lead = blocks.iter().find(|b| b.kind == BlockKind::Paragraph).map(|b| (b.start, b.end));
        Positions { headline, lead }
    }

    fn in_headline(&self, m: &EntityMention) -> bool {
        // Blocks are in text order and do not overlap, so only the last
        // one starting at or before the mention can hold it (a search of
        // all was quadratic in a paste repeating its headline between
        // paragraphs: every copy is a headline block).
        let after = self.headline.partition_point(|&(s, _)| s <= m.start);
        after.checked_sub(1).and_then(|i| self.headline.get(i)).is_some_and(|&(_, e)| m.end <= e)
    }

    fn in_lead(&self, m: &EntityMention) -> bool {
        self.lead.is_some_and(|(s, e)| m.start >= s && m.end <= e)
    }
}

/// Builds the records of an article and links each mention to its record.
/// `titles` are the article's title phrases (from
/// [`crate::entities::recognize_with_titles`]).
pub fn build(
    text: &str,
    segmentation: &Segmentation,
    blocks: &[Block],
    byline: Option<&Byline>,
    titles: &TitlePhrases,
    mentions: &mut [EntityMention],
) -> Records {
    let by_kind = |kind: Kind| -> Vec<usize> {
        (0..mentions.len()).filter(|&i| Kind::of(&mentions[i].label) == Some(kind)).collect()
    };
    let person_indices = by_kind(Kind::Person);
    let org_indices = by_kind(Kind::Organization);
    let place_indices = by_kind(Kind::Place);
    let group_indices = by_kind(Kind::Group);

    // Organizations first: places may join them.
    let mut orgs = cluster_by_key(mentions, &org_indices, |m| identity(&m.text));
    join_defined_acronyms(text, mentions, &mut orgs);
    join_initialisms(mentions, &mut orgs);
    let mut places: Vec<(String, Vec<usize>)> = Vec::new();
    let mut org_by_key: FastMap<&str, usize> = FastMap::default();
    for (k, (key, _)) in orgs.iter().enumerate() {
        org_by_key.entry(key.as_str()).or_insert(k);
    }
    let mut joined: Vec<(usize, Vec<usize>)> = Vec::new();
    for (key, members) in cluster_by_key(mentions, &place_indices, |m| identity(&m.text)) {
        match org_by_key.get(key.as_str()) {
            Some(&k) => joined.push((k, members)),
            None => places.push((key, members)),
        }
    }
    for (k, members) in joined {
        orgs[k].1.extend(members);
    }
    let groups = cluster_by_key(mentions, &group_indices, |m| {
        let g = gazetteer();
        let key = key_of_phrase(&m.text);
        match g.get(&key).and_then(|e| e.country_code().filter(|_| e.categories & category::DEMONYM != 0 || e.exact_categories & category::DEMONYM != 0)) {
            Some(code) => format!("country:{code}"),
            None => key,
        }
    });
    let people = cluster_people(mentions, &person_indices);

    let positions = Positions::of(blocks);
    let max_count = people
        .iter()
        .map(Vec::len)
        .chain(orgs.iter().map(|o| o.1.len()))
        .chain(places.iter().map(|p| p.1.len()))
        .chain(groups.iter().map(|g| g.1.len()))
        .max()
        .unwrap_or(1)
        .max(1);

    let mut records = Records::default();
    let mut link: Vec<Option<String>> = vec![None; mentions.len()];
    let core = |kind: Kind, number: usize, mut members: Vec<usize>, name: Option<String>, link: &mut Vec<Option<String>>| {
        members.sort_by_key(|&m| mentions[m].start);
        let id = format!("{}-{}", kind.prefix(), number);
        for &m in &members {
            link[m] = Some(id.clone());
        }
        let forms = || members.iter().map(|&m| mentions[m].text.as_str());
        let name = name.unwrap_or_else(|| fullest(forms()));
        let headline = members.iter().any(|&m| positions.in_headline(&mentions[m]));
        let lead = members.iter().any(|&m| positions.in_lead(&mentions[m]));
        let salience = 0.4 * f64::from(u8::from(headline))
            + 0.3 * f64::from(u8::from(lead))
            + 0.3 * members.len() as f64 / max_count as f64;
        RecordCore {
            id,
            aliases: aliases(&name, forms()),
            name,
            mentions: members
                .iter()
                .map(|&m| Span { start: mentions[m].start, end: mentions[m].end, text: mentions[m].text.clone() })
                .collect(),
            count: members.len(),
            first_mention: members.first().map_or(0, |&m| mentions[m].start),
            salience: (salience.min(1.0) * 1000.0).round() / 1000.0,
        }
    };

    // Organizations, places and groups: in order of first mention.
    let sort_clusters = |clusters: &mut Vec<(String, Vec<usize>)>| {
        for c in clusters.iter_mut() {
            c.1.sort_by_key(|&m| mentions[m].start);
        }
        clusters.sort_by_key(|c| c.1.first().map_or(usize::MAX, |&m| mentions[m].start));
    };
    sort_clusters(&mut orgs);
    sort_clusters(&mut places);
    let mut groups = groups;
    sort_clusters(&mut groups);

    let g = gazetteer();
    for (k, (_, members)) in orgs.iter().enumerate() {
        let org_members: Vec<usize> = members.iter().copied().filter(|&m| mentions[m].label == "ORG").collect();
        let name_forms = if org_members.is_empty() { members.clone() } else { org_members };
        let name = fullest(name_forms.iter().map(|&m| mentions[m].text.as_str()));
        let record = core(Kind::Organization, k + 1, members.clone(), Some(name), &mut link);
        let acronym = record
            .aliases
            .iter()
            .chain(std::iter::once(&record.name))
            .find(|f| is_acronym(f) && f.as_str() != record.name)
            .cloned();
        let country = g.lookup(&record.name).and_then(|e| e.country_code()).map(str::to_string);
        records.organizations.push(Organization { record, acronym, country });
    }
    for (k, (_, members)) in places.iter().enumerate() {
        let first = &mentions[members[0]].text;
        let entry = g.lookup(first);
        let canonical = entry.and_then(|e| g.canonical(e)).map(str::to_string);
        let name = canonical.or_else(|| {
            // A country's own name is canonical; otherwise the fullest form.
            entry.filter(|e| e.categories & category::COUNTRY != 0).map(|_| fullest(members.iter().map(|&m| mentions[m].text.as_str())))
        });
        let record = core(Kind::Place, k + 1, members.clone(), name, &mut link);
        let (kind, country) = place_kind(&record, members.iter().map(|&m| mentions[m].text.as_str()));
        records.places.push(Place { record, kind, country });
    }
    for (k, (_, members)) in groups.iter().enumerate() {
        let entry = g.lookup(&mentions[members[0]].text);
        let kind = entry.and_then(|e| e.group_kind()).map(str::to_string);
        let country = entry.and_then(|e| e.country_code()).map(str::to_string);
        let record = core(Kind::Group, k + 1, members.clone(), None, &mut link);
        records.groups.push(Group { record, kind, country });
    }

    // People, with roles.
    let mut people = people;
    for c in people.iter_mut() {
        c.sort_by_key(|&m| mentions[m].start);
    }
    people.sort_by_key(|c| c.first().map_or(usize::MAX, |&m| mentions[m].start));
    let person_roles = collect_roles(text, segmentation, titles, mentions, &records, &link, &people);
    for (k, members) in people.into_iter().enumerate() {
        let author = byline.is_some_and(|b| members.iter().any(|&m| mentions[m].start >= b.start && mentions[m].end <= b.end));
        let (roles, country) = person_roles.get(k).cloned().unwrap_or_default();
        let record = core(Kind::Person, k + 1, members, None, &mut link);
        records.people.push(Person { record, roles, country, author, quotes: Vec::new() });
    }
    for (m, id) in mentions.iter_mut().zip(link) {
        m.entity = id;
    }
    records
}

/// "NATO", "EU", "U.N.": capitals (dots allowed), 2–6 letters.
fn is_acronym(form: &str) -> bool {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && is_all_caps(form) && !form.contains(' ')
}

/// "the North Atlantic Treaty Organization (NATO)": the bracketed acronym
/// joins its expansion.
fn join_defined_acronyms(text: &str, mentions: &[EntityMention], orgs: &mut Vec<(String, Vec<usize>)>) {
    let indices: Vec<usize> = orgs.iter().flat_map(|(_, ms)| ms.iter().copied()).collect();
    // Looked up, not searched, so that a long text of many organizations
    // stays linear: the cluster of each mention (a joined cluster is
    // emptied, and dropped at the end) and the acronym mention at each start.
    let mut cluster_of: FastMap<usize, usize> = FastMap::default();
    for (k, (_, members)) in orgs.iter().enumerate() {
        for &m in members {
            cluster_of.entry(m).or_insert(k);
        }
    }
    let mut acronym_at: FastMap<usize, usize> = FastMap::default();
    for &a in indices.iter().filter(|&&a| is_acronym(&mentions[a].text)) {
        acronym_at.entry(mentions[a].start).or_insert(a);
    }
    for &m in &indices {
        // An ORG mention followed by " (" + an acronym mention + ")".
        let after = &text[mentions[m].end..];
        let trimmed = after.trim_start();
        if !trimmed.starts_with('(') {
            continue;
        }
        let open = mentions[m].end + (after.len() - trimmed.len());
        let Some(&acronym) = acronym_at.get(&(open + 1)) else {
            continue;
        };
        if !text[mentions[acronym].end..].starts_with(')') {
            continue;
        }
        let (Some(&a), Some(&b)) = (cluster_of.get(&m), cluster_of.get(&acronym)) else { continue };
        if a != b {
            let moved = std::mem::take(&mut orgs[b].1);
            for &x in &moved {
                cluster_of.insert(x, a);
            }
            orgs[a].1.extend(moved);
        }
    }
    orgs.retain(|(_, members)| !members.is_empty());
}

/// "the British Medical Association … The BMA said": an organization
/// named only by an acronym joins the one organization of the article whose
/// initials spell it (function words skipped). Two candidates ("Bank of
/// America", "British Airways" for "BA") join neither.
fn join_initialisms(mentions: &[EntityMention], orgs: &mut Vec<(String, Vec<usize>)>) {
    let initials = |name: &str| -> String {
        name.split(|c: char| is_space(c) || c == '-')
            .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "and" | "the" | "for" | "&" | "de" | "du" | "des" | "on"))
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect()
    };
    // Initials → the organizations with a spelled-out form having them, built
    // once so the join stays linear in the mentions (a long input can hold
    // thousands of acronyms).
    let mut spelled_out: FastMap<String, Vec<usize>> = FastMap::default();
    for (cluster, (_, members)) in orgs.iter().enumerate() {
        for &m in members.iter().filter(|&&m| !is_acronym(&mentions[m].text)) {
            index_under(&mut spelled_out, initials(&mentions[m].text), cluster);
        }
    }
    // An organization named only by acronyms, whose letters spell exactly one
    // other organization's initials. Such a cluster has no spelled-out form,
    // so it is never a target itself: the joins do not chain.
    let joins: Vec<(usize, usize)> = (0..orgs.len())
        .filter_map(|a| {
            let forms = &orgs[a].1;
            let first = forms.first()?;
            if !forms.iter().all(|&m| is_acronym(&mentions[m].text)) {
                return None;
            }
            let letters: String = mentions[*first].text.chars().filter(|c| c.is_alphabetic()).collect();
            match spelled_out.get(&letters).map(Vec::as_slice) {
                Some(&[b]) => Some((a, b)),
                _ => None,
            }
        })
        .collect();
    for (a, b) in joins {
        let moved = std::mem::take(&mut orgs[a].1);
        orgs[b].1.extend(moved);
    }
    orgs.retain(|(_, members)| !members.is_empty());
}

/// A place's kind and country from the gazetteer: country > state > city >
/// region, the first form the gazetteer knows.
fn place_kind<'a>(record: &'a RecordCore, forms: impl Iterator<Item = &'a str>) -> (Option<String>, Option<String>) {
    let g = gazetteer();
    for form in std::iter::once(record.name.as_str()).chain(forms) {
        let Some(entry) = g.lookup(form) else { continue };
        let c = g.categories_for(entry, form.trim());
        let kind = if c & (category::COUNTRY | category::DEMONYM) != 0 {
            "country"
        } else if c & category::SUBDIVISION != 0 {
            "state"
        } else if c & category::CITY != 0 {
            "city"
        } else if c & category::REGION != 0 {
            "region"
        } else {
            continue;
        };
        return (Some(kind.to_string()), entry.country_code().map(str::to_string));
    }
    (None, None)
}

/// Roles and country of each person cluster.
fn collect_roles(
    text: &str,
    segmentation: &Segmentation,
    titles: &TitlePhrases,
    mentions: &[EntityMention],
    records: &Records,
    link: &[Option<String>],
    people: &[Vec<usize>],
) -> Vec<(Vec<Role>, Option<String>)> {
    let tokens = &segmentation.tokens;
    // Token ranges of the mentions that lie in content sentences.
    let index = segmentation.index_spans(mentions.iter().map(|m| (m.start, m.end)));
    let (entity_tokens, entity_at) = (index.ranges, index.at);
    let labels: Vec<&str> = mentions.iter().map(|m| m.label.as_str()).collect();
    let sentence_of = segmentation.sentence_of_tokens();
    // Title phrases of the sentences that have people in them.
    let mut title_ending = FastMap::default();
    let mut title_starting = FastMap::default();
    let mut done = FastSet::default();
    for members in people {
        for &m in members {
            let (s, _) = entity_tokens[m];
            if s == usize::MAX || !done.insert(sentence_of[s]) {
                continue;
            }
            let (by_end, by_start) = title_index(titles, sentence_of[s]);
            title_ending.extend(by_end);
            title_starting.extend(by_start);
        }
    }
    // Records by id, looked up per affiliation (a search of every record
    // made a long text of many people and organizations quadratic).
    fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> FastMap<&str, &T> {
        let mut map = FastMap::default();
        for item in items {
            map.entry(id(item)).or_insert(item);
        }
        map
    }
    let organizations = by_id(&records.organizations, |o| o.record.id.as_str());
    let places = by_id(&records.places, |p| p.record.id.as_str());
    let groups = by_id(&records.groups, |g| g.record.id.as_str());
    let record_name = |id: &str| -> Option<String> { organizations.get(id).map(|o| o.record.name.clone()) };
    let record_country = |id: &str| -> Option<String> {
        places
            .get(id)
            .and_then(|p| p.country.clone())
            .or_else(|| groups.get(id).and_then(|g| g.country.clone()))
            .or_else(|| organizations.get(id).and_then(|o| o.country.clone()))
    };
    // An organization affiliates by name; a country or nationality by its
    // code; a state or city ("governor of Florida") by name and country.
    let affiliation_of = |e: usize| -> Affiliation {
        let Some(id) = link[e].as_deref() else { return Affiliation::default() };
        if mentions[e].label == "ORG" {
            return Affiliation { organization: record_name(id), country: None };
        }
        let sub_national =
            places.get(id).filter(|p| p.kind.as_deref() != Some("country")).map(|p| p.record.name.clone());
        Affiliation { organization: record_name(id).or(sub_national), country: record_country(id) }
    };
    let ctx = Context {
        text,
        tokens,
        entity_at: &entity_at,
        entity_tokens: &entity_tokens,
        entity_labels: &labels,
        affiliation_of: &affiliation_of,
        title_ending: &title_ending,
        title_starting: &title_starting,
    };
    people
        .iter()
        .map(|members| {
            let mut roles: Vec<Role> = Vec::new();
            // The roles of each lowercased title, in order: one person may
            // hold thousands of roles in a long text, and a search of all
            // the roles so far for each was quadratic. (A title has a role
            // per affiliation at most, as a role is only added when none
            // has its title and affiliation.)
            let mut by_title: FastMap<String, Vec<usize>> = FastMap::default();
            let mut country = None;
            for &m in members {
                let (s, e) = entity_tokens[m];
                if s == usize::MAX {
                    continue;
                }
                let found = roles_of(&ctx, (s, e), sentence_of[s]);
                country = country.or(found.country);
                for r in found.roles {
                    let title_text = text[tokens[r.title.0].start..tokens[r.title.1 - 1].end].to_string();
                    let (start, end) = (tokens[r.span.0].start, tokens[r.span.1 - 1].end);
                    let key = (title_text.to_lowercase(), r.affiliation.organization.clone(), r.affiliation.country.clone());
                    let bare = key.1.is_none() && key.2.is_none();
                    // The same title again, or again without its affiliation
                    // ("Argentine President Javier Milei … President Milei").
                    let titled = by_title.get(&key.0).map_or(&[][..], Vec::as_slice);
                    let same = if bare {
                        titled.first()
                    } else {
                        titled.iter().find(|&&k| roles.get(k).is_some_and(|x| (&x.organization, &x.country) == (&key.1, &key.2)))
                    };
                    match same.copied().and_then(|k| roles.get_mut(k)) {
                        // The same role stated twice: one role, former if
                        // the text ever says so.
                        Some(existing) => existing.former |= r.former,
                        None => {
                            by_title.entry(key.0).or_default().push(roles.len());
                            roles.push(Role {
                                title: title_text,
                                organization: r.affiliation.organization,
                                country: r.affiliation.country,
                                former: r.former,
                                start,
                                end,
                                text: text[start..end].to_string(),
                            });
                        }
                    }
                }
            }
            // A role without a country borrows the possessive one; the person's
            // country is the first stated.
            let country = roles.iter().find_map(|r| r.country.clone()).or(country);
            (roles, country)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize_initials() {
        assert_eq!(Name::parse("J.D. Vance").words, ["jd", "vance"]);
        assert_eq!(Name::parse("J. D. Vance").words, ["jd", "vance"]);
        assert_eq!(Name::parse("JD Vance").words, ["jd", "vance"]);
        assert_eq!(Name::parse("George W. Bush").words, ["george", "w", "bush"]);
    }

    #[test]
    fn name_words() {
        assert!(same_name_word("zelensky", "zelenskyy"));
        assert!(same_name_word("zelenskiy", "zelenskyy"));
        assert!(!same_name_word("bush", "busch"));
        assert!(given_names_agree("sergey", "sergei"));
        assert!(given_names_agree("j", "john"));
        assert!(!given_names_agree("george", "jeb"));
    }

    #[test]
    fn name_keys_cover_same_name_words() {
        for (a, b) in [("zelensky", "zelenskyy"), ("zelenskiy", "zelenskyy"), ("sergey", "sergei"), ("li", "li"), ("łukasz", "łukasz")] {
            assert!(same_name_word(a, b));
            assert_eq!(name_key(a), name_key(b), "{a} {b}");
        }
        assert_eq!(name_key("łódź"), "łódź");
        assert_eq!(name_key("ab"), "ab");
    }

    /// Whether a single name word can stand for the person whose longest
    /// name is `full`: their surname, their given name, a longer word inside
    /// a name of three words or more, or their one word.
    fn single_word_matches(word: &str, full: &[String]) -> bool {
        word_roles(full).any(|(role, name_word)| role.admits(word, name_word))
    }

    /// The clustering before [`PeopleSoFar`] and [`SingleWordIndex`]: every
    /// name compared with every cluster, the most recent mention found by
    /// scanning members.
    fn cluster_people_by_scan(mentions: &[EntityMention], people: &[usize]) -> Vec<Vec<usize>> {
        let names: FastMap<usize, Name> = people.iter().map(|&m| (m, Name::parse(&mentions[m].text))).collect();
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        let mut longest: Vec<Vec<String>> = Vec::new();
        let mut multi: Vec<usize> = people.iter().copied().filter(|m| names[m].words.len() >= 2).collect();
        multi.sort_by_key(|m| (std::cmp::Reverse(names[m].words.len()), mentions[*m].start));
        for m in multi {
            let name = &names[&m];
            let found = (0..clusters.len()).find(|&k| full_name_matches(&name.words, &longest[k]));
            match found {
                Some(k) => clusters[k].push(m),
                None => {
                    clusters.push(vec![m]);
                    longest.push(name.words.clone());
                }
            }
        }
        for &m in people.iter().filter(|m| names[m].words.len() < 2) {
            let Some(word) = names[&m].words.first() else { continue };
            let candidates: Vec<usize> = (0..clusters.len()).filter(|&k| single_word_matches(word, &longest[k])).collect();
            let chosen = match candidates.len() {
                0 => None,
                1 => Some(candidates[0]),
                _ => {
                    let at = mentions[m].start;
                    let last_before = |k: usize| clusters[k].iter().map(|&i| mentions[i].start).filter(|&s| s < at).max();
                    let first = |k: usize| clusters[k].iter().map(|&i| mentions[i].start).min().unwrap_or(usize::MAX);
                    candidates
                        .iter()
                        .copied()
                        .filter(|&k| last_before(k).is_some())
                        .max_by_key(|&k| last_before(k))
                        .or_else(|| candidates.iter().copied().min_by_key(|&k| first(k)))
                }
            };
            match chosen {
                Some(k) => clusters[k].push(m),
                None => {
                    clusters.push(vec![m]);
                    longest.push(names[&m].words.clone());
                }
            }
        }
        clusters
    }

    #[test]
    fn indexed_clustering_equals_the_scan_of_every_cluster() {
        // Given names and surnames with spelling variants, initials,
        // particles, shared words and non-ASCII letters, combined by a
        // fixed pseudo-random sequence into full names, surnames alone,
        // given names alone and name tails, at shuffled positions.
        let given = ["Sergey", "Sergei", "J.", "J.D.", "John", "Jeb", "George", "Ursula", "Andrés Manuel", "Lula", "Łukasz", "Li", "Al"];
        let surnames = [
            "Zelensky", "Zelenskyy", "Zelenskiy", "Bush", "Busch", "von der Leyen", "López Obrador", "Lavrov", "Li",
            "Wang", "al-Ghais", "Ghais", "Smith", "Smyth", "Kowalski",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for round in 0..40 {
            let count = 5 + round * 5;
            let mut mentions = Vec::new();
            for _ in 0..count {
                let g = given[next(given.len())];
                let s = surnames[next(surnames.len())];
                let full = format!("{g} {s}");
                let words: Vec<&str> = full.split(' ').collect();
                let text = match next(6) {
                    0 | 1 => full.clone(),
                    2 => s.to_string(),
                    3 => g.to_string(),
                    // An inner run of a long name ("Manuel López").
                    4 if words.len() >= 4 => words[1..words.len() - 1].join(" "),
                    _ => s.split(' ').next_back().unwrap_or(s).to_string(),
                };
                // Odd rounds put mentions at shared starts, where ties
                // between people decide.
                let start = next(if round % 2 == 0 { 100_000 } else { count });
                mentions.push(EntityMention { start, end: start + text.len(), text, label: "PERSON".into(), entity: None });
            }
            mentions.sort_by_key(|m| m.start);
            // People in a shuffled order, as the pipeline does not promise
            // text order: single words then come out of order too.
            let mut people: Vec<usize> = (0..mentions.len()).collect();
            for i in (1..people.len()).rev() {
                people.swap(i, next(i + 1));
            }
            assert_eq!(cluster_people(&mentions, &people), cluster_people_by_scan(&mentions, &people), "round {round}");
        }
    }

    #[test]
    fn a_name_is_compared_with_the_most_recent_people_under_its_key() {
        // People "Jose Martaaaaez", "Jose Martbbbbez", …: one key ("mart"),
        // spellings four edits apart, so each is a person of their own.
        // Then one more mention: does it join the first person?
        let letter = |i: usize| if i < 26 { char::from(b'a' + i as u8) } else { char::from_u32(0xE0 + i as u32 - 26).unwrap_or('z') };
        let surname = |i: usize| format!("Mart{}ez", letter(i).to_string().repeat(4));
        let joins_the_first = |people_count: usize, last: String| {
            let mut texts: Vec<String> = (0..people_count).map(|i| format!("Jose {}", surname(i))).collect();
            texts.push(last);
            texts.push(surname(people_count - 1));
            let mentions: Vec<EntityMention> = texts
                .into_iter()
                .enumerate()
                .map(|(i, text)| EntityMention { start: i * 40, end: i * 40 + text.len(), text, label: "PERSON".into(), entity: None })
                .collect();
            let people: Vec<usize> = (0..mentions.len()).collect();
            let clusters = cluster_people(&mentions, &people);
            let of = |m: usize| clusters.iter().position(|c| c.contains(&m));
            // The last person is among the most recent: always found.
            assert_eq!(of(people_count + 1), of(people_count - 1));
            of(people_count) == of(0)
        };
        // A lone spelling variant of the first surname, and a full name
        // with it: compared with the first person up to COMPARED_PER_KEY
        // people under the key, not past it.
        let variant = format!("{}a", surname(0));
        for last in [variant.clone(), format!("Jose {variant}")] {
            assert!(joins_the_first(COMPARED_PER_KEY, last.clone()), "{last}");
            assert!(!joins_the_first(COMPARED_PER_KEY + 1, last.clone()), "{last}");
        }
        // The very same surname alone always finds its person.
        assert!(joins_the_first(COMPARED_PER_KEY + 8, surname(0)));
    }

    #[test]
    fn indexed_clustering_equals_the_scan_for_many_people_of_one_surname() {
        // Hundreds of different Kims (and Kims as given names), each with
        // its full name then "Kim" alone, and lone "Kim"s at the start and
        // in between: the single words must each find the latest one.
        let mut mentions = Vec::new();
        let mut at = 0;
        let mut push = |text: String| {
            mentions.push(EntityMention { start: at, end: at + text.len(), text, label: "PERSON".into(), entity: None });
            at += 40;
        };
        push("Kim".to_string());
        for i in 0..300 {
            let given = format!("Ja{}{}son", char::from(b'a' + (i % 26) as u8), char::from(b'a' + (i / 26) as u8));
            push(format!("{given} Kim"));
            push("Kim".to_string());
            if i % 7 == 0 {
                push(format!("Kim {given}"));
                push(given.clone());
            }
            if i % 11 == 0 {
                push(format!("{given} Kimm"));
                push("Kimm".to_string());
            }
        }
        let people: Vec<usize> = (0..mentions.len()).collect();
        let clusters = cluster_people(&mentions, &people);
        assert_eq!(clusters, cluster_people_by_scan(&mentions, &people));
        assert!(clusters.len() > 300);
    }
}
