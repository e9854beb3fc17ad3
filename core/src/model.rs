//! The output types: what every host (Rust, CLI, JavaScript, Python) sees.
//!
//! One [`Article`] per input text. Everything that points into the input is a
//! span with `start`, `end` (end exclusive) and the `text` it covers, so a UI
//! can highlight exactly what the user pasted. Core produces UTF-8 byte
//! offsets; [`Article::offset_unit`] says which unit the numbers are in after a
//! host converted them (see [`crate::offsets`]).
//!
//! The JSON shape is versioned by [`SCHEMA_VERSION`]: adding a field is a minor
//! change, renaming or removing one bumps the major number.

use serde::{Deserialize, Serialize};

/// Version of the JSON schema of [`Article`] (`major.minor`).
pub const SCHEMA_VERSION: &str = "1.1";

/// The unit of every `start`/`end` in an [`Article`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-8 bytes: Rust `&str` indices. What core produces.
    #[default]
    Utf8,
    /// UTF-16 code units: JavaScript string indices.
    Utf16,
    /// Unicode scalar values: Python `str` indices.
    Codepoint,
}

/// A pasted news article, cleaned and annotated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Article {
    /// See [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Unit of every offset in this article.
    pub offset_unit: OffsetUnit,
    /// For HTML input: the clean text every span of this article points
    /// into (the blocks' texts in page order, separated by blank lines).
    /// Absent for text input, whose spans point into the input itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The site's name, when an HTML page states it (`og:site_name`,
    /// JSON-LD `publisher`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The article's address, when an HTML page states it (canonical link,
    /// `og:url`, JSON-LD `url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The headline (its first occurrence), when the paste has one.
    pub title: Option<String>,
    /// The dek below the headline, when there is one.
    pub subtitle: Option<String>,
    /// The byline as written ("By Jane Doe and John Roe, Reuters").
    pub byline: Option<Byline>,
    /// Writers named in the byline, in order ("Jane Doe", "John Roe").
    pub authors: Vec<String>,
    /// The dateline ("MOSCOW (Reuters)", "LONDON 1996-08-30").
    pub dateline: Option<Dateline>,
    /// Publication date (ISO 8601, possibly partial) when the text states it
    /// in its byline or dateline area. Never guessed.
    pub published: Option<String>,
    /// Every block of the input, in order; boilerplate is kept, marked as such.
    pub blocks: Vec<Block>,
    /// Sentences of the content blocks (not of boilerplate, bylines or datelines).
    pub sentences: Vec<Sentence>,
    /// Entity mentions, sorted and non-overlapping.
    pub entities: Vec<EntityMention>,
    /// The people the article names, in order of first mention.
    pub people: Vec<Person>,
    /// The organizations, in order of first mention.
    pub organizations: Vec<Organization>,
    /// The places, in order of first mention.
    pub places: Vec<Place>,
    /// Nationalities, religious, ethnic and political groups (NORP).
    pub groups: Vec<Group>,
    /// Quotations (filled by the quotes stage).
    pub quotes: Vec<Quote>,
    /// Temporal expressions with their normalized values.
    pub dates: Vec<DateMention>,
    /// Money, percentages and counts.
    pub numbers: Vec<NumberMention>,
    /// The three most informative sentences and the keyphrases.
    pub summary: Summary,
    /// The date relative expressions were resolved against (the `published`
    /// option, else the date the article states), when there is one.
    pub reference_date: Option<String>,
    /// Things the caller should know about the input or the result.
    pub warnings: Vec<Warning>,
}

/// What a block of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Headline,
    Subtitle,
    Heading,
    Paragraph,
    ListItem,
    Byline,
    Dateline,
    Caption,
    /// Page furniture: comment forms, share prompts, ads, navigation, …
    /// Kept (never dropped) but excluded from extraction.
    Boilerplate,
}

impl BlockKind {
    /// Whether the block's text is article content that later stages read.
    pub fn is_content(self) -> bool {
        !matches!(self, BlockKind::Boilerplate | BlockKind::Byline | BlockKind::Dateline)
    }

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Headline => "headline",
            BlockKind::Subtitle => "subtitle",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list_item",
            BlockKind::Byline => "byline",
            BlockKind::Dateline => "dateline",
            BlockKind::Caption => "caption",
            BlockKind::Boilerplate => "boilerplate",
        }
    }
}

/// One paragraph-level unit of the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
    /// The block's text, without a list marker and surrounding whitespace.
    pub text: String,
    /// For a repeated headline: index of the block it repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<usize>,
    /// For boilerplate: why ("comment_form", "share", "advertisement", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// For list items: the bullet or number as written ("•", "2.", "b)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// For HTML input: where the block's text sits in the HTML (from its
    /// first to its last piece of text), in the article's offset unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRange>,
}

/// A range of the original HTML (see [`Block::source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct SourceRange {
    pub start: usize,
    pub end: usize,
}

/// One sentence of a content block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Index of the block the sentence belongs to.
    pub block: usize,
}

/// The byline: who wrote the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Byline {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Writers' names, in order.
    pub authors: Vec<String>,
    /// News agency or outlet named in the byline ("Reuters"), if any.
    pub source: Option<String>,
}

/// The dateline that opens a wire story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Dateline {
    pub start: usize,
    pub end: usize,
    /// The dateline without its trailing dash ("MOSCOW (Reuters)").
    pub text: String,
    /// The place as written ("KYIV, Ukraine").
    pub place: String,
    /// The agency ("Reuters", "AP"), if named.
    pub source: Option<String>,
    /// ISO date when the dateline states one.
    pub date: Option<String>,
}

/// Longest entity mention, in bytes (and longest name of a custom lexicon
/// entry). No real name comes near it; a longer run of capitalized words
/// is not read as a name, since a record's name is repeated in every quote
/// and role that refers to it.
pub const MAX_MENTION_BYTES: usize = 200;

/// One mention of a named entity, of at most [`MAX_MENTION_BYTES`] bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct EntityMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// PERSON, ORG, GPE, LOC, NORP or MISC.
    pub label: String,
    /// Id of the record (person, organization, place or group, see [`RecordCore::id`]) this mention belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

impl Article {
    /// Every entity record: people, then organizations, places and groups.
    pub fn records(&self) -> impl Iterator<Item = &RecordCore> {
        self.people
            .iter()
            .map(|p| &p.record)
            .chain(self.organizations.iter().map(|o| &o.record))
            .chain(self.places.iter().map(|p| &p.record))
            .chain(self.groups.iter().map(|g| &g.record))
    }
}

/// What every entity record has: who or what, and where the text names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct RecordCore {
    /// Stable within one article: `person-1`, `org-2`, `place-3`, `group-4`,
    /// numbered in order of first mention.
    pub id: String,
    /// Canonical name: the fullest form the text uses (for places and
    /// groups, the gazetteer's name when it has one: "U.S." → "United States").
    pub name: String,
    /// Other forms the text uses, in order of appearance.
    pub aliases: Vec<String>,
    pub mentions: Vec<Span>,
    pub count: usize,
    /// Offset of the first mention.
    pub first_mention: usize,
    /// 0–1: how central the record is to the article (see `records`).
    pub salience: f64,
}

/// A person named in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Person {
    #[serde(flatten)]
    pub record: RecordCore,
    /// Titles and affiliations the text gives the person.
    pub roles: Vec<Role>,
    /// The person's country (ISO-3166 alpha-2), from a role or a possessive
    /// ("France’s Macron").
    pub country: Option<String>,
    /// Whether the person is a byline author of the article.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub author: bool,
    /// Ids of the quotes the person is credited with (quotes stage).
    pub quotes: Vec<String>,
}

/// A title or office held by a person, as the text states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Role {
    /// The title as written ("President", "Press Secretary", "chief").
    pub title: String,
    /// The organization the title belongs to ("White House", "NATO").
    pub organization: Option<String>,
    /// The country it belongs to (ISO-3166 alpha-2: "RU" for "Russian
    /// President").
    pub country: Option<String>,
    /// "former President …", "ex-minister …".
    pub former: bool,
    /// Where the text states it (affiliation and title).
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An organization named in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Organization {
    #[serde(flatten)]
    pub record: RecordCore,
    /// Short form when the text or the gazetteer pairs one with the name
    /// ("NATO" for "North Atlantic Treaty Organization").
    pub acronym: Option<String>,
    /// The organization's country, when it is national (ISO-3166 alpha-2).
    pub country: Option<String>,
}

/// A place named in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Place {
    #[serde(flatten)]
    pub record: RecordCore,
    /// "country", "state", "city" or "region" (null when the gazetteers do
    /// not know the place).
    pub kind: Option<String>,
    /// ISO-3166 alpha-2 code of the country the place is or lies in.
    pub country: Option<String>,
}

/// A nationality or group (NORP).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Group {
    #[serde(flatten)]
    pub record: RecordCore,
    /// "nationality", "religion", "ethnic", "political" or "supranational".
    pub kind: Option<String>,
    /// The country of a nationality (ISO-3166 alpha-2: "Russian" → "RU").
    pub country: Option<String>,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Quote {
    /// `quote-1`, `quote-2`, … in text order.
    pub id: String,
    /// "direct" (a quoted sentence), "partial" (quoted words inside the
    /// writer's sentence) or "indirect" (reported speech).
    pub kind: String,
    /// The quoted words, without the quote marks (for indirect speech, the
    /// reported clause).
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The speaker's display name: the person's (or organization's) record
    /// name when there is one, else the words naming the speaker ("a
    /// Kremlin spokesman", "diplomatic sources"); null when unknown.
    pub speaker: Option<String>,
    /// Id of the speaker's record (`person-…` or `org-…`).
    pub speaker_id: Option<String>,
    /// Where the text names the speaker for this quote (a name, a pronoun or
    /// a phrase).
    pub speaker_mention: Option<Span>,
    /// The verb that attributes the quote ("said", "emphasized").
    pub cue: Option<Span>,
}

/// A temporal expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// "date", "time", "duration", "set" or "relative".
    pub kind: String,
    /// Normalized ISO 8601 value when determinable ("2025-08-19", "2025-08",
    /// "199X", "P2W", "T15:00", "2025-W34"); null rather than a guess.
    pub value: Option<String>,
}

/// A money amount, a percentage or a count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct NumberMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// "money", "percent" or "quantity".
    pub kind: String,
    /// The value: 1200000000 for "$1.2 billion", 3.5 for "3.5%".
    pub amount: f64,
    /// ISO-4217 code of money ("USD").
    pub currency: Option<String>,
    /// What a quantity counts ("troops").
    pub unit: Option<String>,
}

/// What the article says, in three sentences and a few phrases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Summary {
    /// The three most informative sentences, in article order.
    pub sentences: Vec<Span>,
    /// 5–10 keyphrases: salient names, then frequent words.
    pub keyphrases: Vec<String>,
}

/// A plain span of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Something about the input or the result worth telling the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Warning {
    /// Stable identifier ("control_characters", "replacement_characters", …).
    pub code: String,
    pub message: String,
}
