//! Cleaning: from a pasted article to typed blocks.
//!
//! Takes the raw text exactly as pasted, gives [`Block`]s (headline, subtitle,
//! heading, paragraph, list item, byline, dateline, caption, boilerplate) with
//! byte spans into that text, plus what the blocks say about the article: its
//! title, subtitle, byline and authors, dateline and stated publication date.
//!
//! Nothing is dropped: page furniture (comment forms, share prompts, ads,
//! navigation, cookie and newsletter notices, wire credits, pull quotes that
//! repeat the body) becomes `boilerplate` blocks with a `cue` saying why, so a
//! UI can show it struck through and later stages skip it.
//!
//! It works in three passes, each simple on its own:
//!
//! 1. **Lines.** The input is cut into lines (`\n`, `\r\n` or `\r`), each
//!    trimmed of whitespace including non-breaking and zero-width spaces. Each
//!    line gets a first guess from its own text alone: list item (a bullet or
//!    number marker), boilerplate or caption (the cue lexicon in
//!    `data/boilerplate.tsv`), byline, standalone dateline, or plain text.
//! 2. **Units.** Blank lines separate units. Inside a run of non-blank lines,
//!    a plain line continues the one above it only when the text is visibly
//!    hard-wrapped (see `WrapStyle`); otherwise every line is its own unit,
//!    because pastes from web pages put one paragraph per line.
//! 3. **Roles.** Units get their kind from their place in the article: the
//!    first title-like unit is the headline and later copies of it are marked
//!    `duplicate_of`; a unit right after the headline is the subtitle when it
//!    reads like a dek; short title-like lines in the body are headings; a
//!    comment form swallows everything after it; a wire dateline is found at
//!    the start of the first paragraph.
//!
//! What it does not do: it does not split sentences ([`crate::segment`]) and
//! does not parse HTML: [`crate::html`] reads pages and hands their blocks
//! to [`clean_structured`].

use memchr::{memchr2, memmem};

use crate::dates::{find_date, is_month_name};
use crate::lexicon::{agencies, cue_table, CueMatch};
use crate::model::{Block, BlockKind, Byline, Dateline};
use crate::text::{
    count_words_up_to, ends_with_ignore_ascii_case, find_ignore_ascii_case, is_closing_quote, is_dash, is_opening_quote, is_space,
    is_terminal, normalize_for_matching, starts_with_ignore_ascii_case, trim_spaces,
};

/// The result of cleaning: blocks and the article metadata they state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub blocks: Vec<Block>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub byline: Option<Byline>,
    pub dateline: Option<Dateline>,
    pub published: Option<String>,
}

/// Lines longer than this (in words) are never cue-matched as boilerplate:
/// real article paragraphs can contain "all rights reserved" or "sign up for".
const MAX_CUE_WORDS: usize = 40;
/// Bylines, datelines and breadcrumbs are short lines.
const MAX_BYLINE_WORDS: usize = 20;
/// Headlines are short; a longer first unit is a lead paragraph.
const MAX_HEADLINE_WORDS: usize = 30;
/// A dek is at most a long sentence.
const MAX_SUBTITLE_WORDS: usize = 45;
/// Section headings inside the body.
const MAX_HEADING_WORDS: usize = 15;
/// Pull quotes are checked against the rest of the text; the check is a
/// linear search, so it is capped to keep cleaning linear on adversarial
/// input (a paste of thousands of quoted lines).
const MAX_PULL_QUOTE_CHECKS: usize = 64;

/// Cleans `text` into blocks.
pub fn clean(text: &str) -> Cleaned {
    let lines = split_lines(text);
    let wrap = WrapStyle::detect(text, &lines);
    let units = build_units(text, &lines, wrap);
    assign_roles(text, units)
}

/// What a page's markup says a unit is (HTML input; see [`crate::html`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Structure {
    Headline,
    Subtitle,
    Heading,
    Paragraph,
    ListItem,
    Caption,
    Byline,
    /// Page furniture, with the reason ("navigation", "comments", "share", …).
    Boilerplate(&'static str),
}

/// A unit whose kind the markup states: byte range into the text and structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructuredUnit {
    pub start: usize,
    pub end: usize,
    pub structure: Structure,
}

/// Cleans text whose blocks are already known (from HTML).
///
/// Pass 1 and 2 are replaced by the markup: each unit is one block, and the
/// markup's kind stands (a `<h2>` is a heading, an `<li>` a list item, page
/// furniture is boilerplate). Paragraphs still get pass 1's guess from their
/// own text, so a "Share this:" or "By Jane Doe" paragraph inside the article
/// is recognized as in pasted text, and pass 3's rules that read the text
/// (cue followers, repeated headlines, pull quotes, bylines, datelines) run
/// unchanged. The ones that guess structure from layout (headline, subtitle
/// and heading detection, menu runs) do not: the markup already said.
pub fn clean_structured(text: &str, units: &[StructuredUnit]) -> Cleaned {
    let mut normalized = String::new();
    // Units must be non-empty ranges of `text` on char boundaries.
    let units: Vec<&StructuredUnit> = units
        .iter()
        .filter(|u| u.start < u.end && u.end <= text.len() && text.is_char_boundary(u.start) && text.is_char_boundary(u.end))
        .collect();
    let internal: Vec<Unit> = units
        .iter()
        .map(|u| {
            let line = Line { start: u.start, end: u.end };
            let guess = match u.structure {
                Structure::Boilerplate(cue) => LineGuess::Cue(cue),
                Structure::ListItem => LineGuess::ListItem { marker_end: u.start, content_start: u.start },
                Structure::Caption => LineGuess::Caption,
                Structure::Byline => LineGuess::Byline,
                Structure::Paragraph => match guess_line(text, line, &mut normalized) {
                    LineGuess::ListItem { .. } => LineGuess::Text,
                    guess => guess,
                },
                Structure::Headline | Structure::Subtitle | Structure::Heading => LineGuess::Text,
            };
            Unit { start: u.start, end: u.end, guess, after_blank: true }
        })
        .collect();
    let structures: Vec<Structure> = units.iter().map(|u| u.structure).collect();
    let mut blocks = unit_blocks(text, &internal);
    for (block, structure) in blocks.iter_mut().zip(&structures) {
        match structure {
            Structure::Heading if block.kind == BlockKind::Paragraph => block.kind = BlockKind::Heading,
            Structure::Subtitle if block.kind == BlockKind::Paragraph => block.kind = BlockKind::Subtitle,
            _ => {}
        }
    }
    mark_comment_region(&mut blocks);
    mark_about_region(&mut blocks);
    mark_cue_followers(&mut blocks, &internal);
    // (No mark_caption_texts: a <figcaption> says where the caption ends,
    // and the paragraph before it is not part of it.)
    let headline = structures.iter().position(|s| *s == Structure::Headline).filter(|&h| blocks[h].kind == BlockKind::Paragraph);
    if let Some(h) = headline {
        blocks[h].kind = BlockKind::Headline;
        mark_repeats(&mut blocks, h);
    }
    let subtitle = blocks.iter().position(|b| b.kind == BlockKind::Subtitle);
    let body_start = blocks.iter().position(|b| b.kind == BlockKind::Paragraph).unwrap_or(blocks.len());
    mark_pull_quotes(text, &mut blocks);
    finish(text, blocks, headline, subtitle, body_start)
}

// ---------------------------------------------------------------- pass 1: lines

/// One line: its trimmed content range (absolute byte offsets).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut pos = 0;
    while pos <= bytes.len() {
        let (line_end, next) = match memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(k) => {
                let at = pos + k;
                let skip = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { 2 } else { 1 };
                (at, at + skip)
            }
            None => (bytes.len(), bytes.len() + 1),
        };
        let (offset, trimmed) = trim_spaces(&text[pos..line_end]);
        let start = pos + offset;
        lines.push(Line { start, end: start + trimmed.len() });
        pos = next;
    }
    lines
}

/// First guess for a line from its own text.
#[derive(Debug, Clone, PartialEq)]
enum LineGuess {
    Text,
    /// Marker text range and the content start.
    ListItem { marker_end: usize, content_start: usize },
    Cue(&'static str),
    Caption,
    Byline,
    Dateline,
}

impl LineGuess {
    /// Whether the line stands alone (never joined to its neighbours).
    fn is_standalone(&self) -> bool {
        !matches!(self, LineGuess::Text)
    }
}

fn guess_line(text: &str, line: Line, normalized: &mut String) -> LineGuess {
    let content = &text[line.start..line.end];
    if let Some((marker_len, content_offset)) = list_marker(content) {
        return LineGuess::ListItem { marker_end: line.start + marker_len, content_start: line.start + content_offset };
    }
    // Every test below is for short lines; most of a paste's bytes are in
    // long paragraphs, which skip them all (counting stops past the limit).
    let words = count_words_up_to(content, MAX_CUE_WORDS);
    if words > MAX_CUE_WORDS {
        return LineGuess::Text;
    }
    // The cue automaton ignores ASCII case, so plain single-spaced ASCII
    // needs no normalizing copy; anything else (curly apostrophes,
    // non-breaking or doubled spaces) is normalized first.
    let haystack: &str = if content.is_ascii() && !content.contains("  ") && !content.contains('\t') {
        content
    } else {
        normalize_for_matching(content, normalized);
        normalized
    };
    if let Some(cue) = match_cue(haystack, words, content.contains('*')) {
        return if cue == "caption" { LineGuess::Caption } else { LineGuess::Cue(cue) };
    }
    if words > MAX_BYLINE_WORDS {
        return LineGuess::Text;
    }
    if is_breadcrumb(haystack) {
        return LineGuess::Cue("navigation");
    }
    if standalone_dateline(content).is_some() {
        return LineGuess::Dateline;
    }
    if parse_byline(content).is_some() || is_timestamp_line(haystack, content, words) {
        return LineGuess::Byline;
    }
    LineGuess::Text
}

/// Bullets that open list items.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '▸', '►', '‣', '⁃', '●', '○', '■', '□', '·', '-', '*', '–', '—', '+', '✓', '✔', '➤', '→',
    '∙',
];

/// `(marker length, content offset)` when the line starts with a list marker.
fn list_marker(line: &str) -> Option<(usize, usize)> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    let marker_len = if BULLETS.contains(&first) {
        first.len_utf8()
    } else if first.is_ascii_digit() || first == '(' {
        // 1.  12)  (3)  (a)
        let bytes = line.as_bytes();
        let open = usize::from(first == '(');
        let digits = bytes[open..].iter().take_while(|b| b.is_ascii_digit()).count();
        let letter = digits == 0 && open == 1 && bytes.get(1).is_some_and(|b| b.is_ascii_lowercase());
        let body = if letter { 1 } else { digits };
        if body == 0 || body > 3 {
            return None;
        }
        let close = bytes.get(open + body)?;
        let ok = if open == 1 { *close == b')' } else { matches!(close, b'.' | b')') };
        if !ok {
            return None;
        }
        open + body + 1
    } else if first.is_ascii_lowercase() && line.as_bytes().get(1) == Some(&b')') {
        2 // a) b) c)
    } else {
        return None;
    };
    let rest = &line[marker_len..];
    let spaces: usize = rest.chars().take_while(|c| is_space(*c)).map(char::len_utf8).sum();
    // A marker needs a space after it and some text ("-5 degrees" is no list).
    (spaces > 0 && marker_len + spaces < line.len()).then_some((marker_len, marker_len + spaces))
}

/// The boilerplate cue of a line (normalized, or plain single-spaced ASCII
/// in any case), if any. `words` is the line's
/// word count; `starred` whether it contains `*` (a required form field).
fn match_cue(normalized: &str, words: usize, starred: bool) -> Option<&'static str> {
    if words > MAX_CUE_WORDS || normalized.is_empty() {
        return None;
    }
    let table = cue_table();
    let core_start = normalized.find(|c: char| c.is_alphabetic()).unwrap_or(normalized.len());
    let core_end = normalized.rfind(|c: char| c.is_alphabetic()).map_or(core_start, |i| {
        i + normalized[i..].chars().next().map_or(1, char::len_utf8)
    });
    let first_alnum = normalized.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
    let ends_with_period = normalized.ends_with('.');
    let mut best: Option<(u8, usize, &'static str)> = None;
    for m in table.automaton.find_overlapping_iter(normalized) {
        let cue = &table.cues[m.pattern().as_usize()];
        if !at_word_boundaries(normalized, m.start(), m.end()) {
            continue;
        }
        let priority = match cue.matching {
            CueMatch::Line if m.start() == core_start && m.end() == core_end => 0,
            CueMatch::Prefix if m.start() <= first_alnum => 1,
            CueMatch::Contains => 2,
            CueMatch::Tail if !ends_with_period && normalized.len() - m.end() <= 30 => 3,
            _ => continue,
        };
        let name = match cue.cue {
            "comment_field" if !starred => continue,
            "comment_field" => "comment_form",
            other => other,
        };
        if best.is_none_or(|(p, s, _)| (priority, m.start()) < (p, s)) {
            best = Some((priority, m.start(), name));
        }
    }
    best.map(|(_, _, name)| name)
}

fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    // Only a phrase edge that is a letter needs a non-letter beside it.
    let ok_before = !(first.is_some_and(char::is_alphanumeric) && before.is_some_and(char::is_alphanumeric));
    let ok_after = !(last.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric));
    ok_before && ok_after
}

/// "Home > World > Europe", "News | Politics | Elections".
fn is_breadcrumb(normalized: &str) -> bool {
    let separators = ['>', '›', '»', '|', '/'];
    if !normalized.contains(separators) || is_terminal(normalized.chars().next_back().unwrap_or(' ')) {
        return false;
    }
    let segments: Vec<&str> = normalized.split(separators).map(str::trim).collect();
    if segments.len() < 3 || segments.iter().any(|s| s.is_empty() || count_words_up_to(s, 4) > 4) {
        return false;
    }
    segments[0].eq_ignore_ascii_case("home") || segments[0].eq_ignore_ascii_case("news") || segments.iter().all(|s| count_words_up_to(s, 3) <= 3)
}

/// "Published August 19, 2025 at 10:32 AM", "Updated: 19 Aug 2025", or a
/// line that is nothing but a date.
fn is_timestamp_line(normalized: &str, content: &str, words: usize) -> bool {
    const OPENERS: [&str; 7] = ["published", "updated", "last updated", "first published", "posted", "posted on", "modified"];
    let opener = OPENERS.iter().any(|o| {
        starts_with_ignore_ascii_case(normalized, o) && normalized[o.len()..].starts_with([' ', ':'])
    });
    if !opener && (words > 8 || !content.contains(|c: char| c.is_ascii_digit())) {
        return false;
    }
    let Some(date) = find_date(content) else { return false };
    // A bare date line, possibly with a time: "August 19, 2025 3:15 PM UTC".
    opener || date.start == 0 || date.end - date.start >= content.len() * 6 / 10
}

// ---------------------------------------------------------------- bylines and datelines

/// What a byline line says.
#[derive(Debug, Clone, PartialEq)]
struct BylineParse {
    authors: Vec<String>,
    source: Option<String>,
}

/// Words that describe the writer rather than name them.
const ROLE_WORDS: &[&str] = &[
    "correspondent", "reporter", "editor", "writer", "staff", "contributor", "columnist", "analyst", "bureau",
    "chief", "senior", "political", "foreign", "desk", "news", "team", "intern", "producer", "photographer",
];

/// Particles inside names ("Ursula von der Leyen", "Luiz Inácio Lula da Silva").
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "van", "von", "der", "den", "la", "le", "du", "bin", "ibn", "al", "el", "y", "di",
    "del", "ter",
];

/// How a byline line may start (lowercase): "By …", "Written by …".
pub(crate) const BYLINE_PREFIXES: [&str; 6] = ["by ", "written by ", "words by ", "story by ", "posted by ", "text by "];

/// Parses "By Jane Doe and John Roe, Reuters", "Jane Doe | Reuters",
/// "By JANE DOE Associated Press", "Written by Jane Doe".
fn parse_byline(line: &str) -> Option<BylineParse> {
    if count_words_up_to(line, MAX_BYLINE_WORDS) > MAX_BYLINE_WORDS || line.ends_with(['.', '!', '?', ':']) && !line.ends_with("Jr.") {
        return None;
    }
    let rest = BYLINE_PREFIXES
        .iter()
        .find(|p| starts_with_ignore_ascii_case(line, p))
        .map(|p| &line[p.len()..]);
    let by_inside = find_ignore_ascii_case(line, " by ");
    match rest {
        Some(rest) => {
            let rest = rest.trim_start_matches(is_space);
            if !rest.starts_with(|c: char| c.is_uppercase()) {
                return None; // "By the close, Yorkshire had…"
            }
            let parse = parse_byline_parts(rest);
            (!parse.authors.is_empty() || parse.source.is_some()).then_some(parse)
        }
        None if by_inside.is_some() && find_date(line).is_some() => {
            // "Posted on August 12, 2025 by Maria Keller"
            let at = by_inside.map_or(line.len(), |i| i + 4);
            let parse = parse_byline_parts(&line[at..]);
            (!parse.authors.is_empty()).then_some(parse)
        }
        None => {
            // "Jane Doe | Reuters": a name and an agency and nothing else.
            if !agencies().iter().any(|a| ends_with_ignore_ascii_case(line, a)) {
                return None;
            }
            let parse = parse_byline_parts(line);
            let agency_named = parse.source.is_some();
            (agency_named && !parse.authors.is_empty() && parse.authors.len() <= 3).then_some(parse)
        }
    }
}

fn parse_byline_parts(rest: &str) -> BylineParse {
    let mut authors = Vec::new();
    let mut source = None;
    for part in split_byline(rest) {
        let mut part = part.trim_matches(|c: char| is_space(c) || c == ',');
        if part.is_empty() || find_date(part).is_some() {
            continue;
        }
        // "JANE DOE Associated Press": an agency glued to the end of a name.
        if let Some(agency) = agencies().iter().find(|a| {
            part.len() > a.len()
                && part.ends_with(*a)
                && part[..part.len() - a.len()].ends_with(is_space)
        }) {
            source.get_or_insert_with(|| agency.to_string());
            part = part[..part.len() - agency.len()].trim_end_matches(is_space);
        }
        if let Some(agency) = agencies().iter().find(|a| part.eq_ignore_ascii_case(a)) {
            source.get_or_insert_with(|| agency.to_string());
        } else if looks_like_name(part) {
            authors.push(tidy_name(part));
        }
    }
    BylineParse { authors, source }
}

/// Splits a byline at " and ", ", ", " & ", " | ", " · ", dashes and the like.
fn split_byline(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let sep_len = if rest.starts_with(" and ") || rest.starts_with(" AND ") {
            5
        } else if rest.starts_with(" & ") || rest.starts_with(" | ") || rest.starts_with(" / ") {
            3
        } else if rest.starts_with(" · ") || rest.starts_with(" — ") || rest.starts_with(" – ") {
            2 + rest[1..].chars().next().map_or(1, char::len_utf8)
        } else if rest.starts_with(" - ") {
            3
        } else if bytes[i] == b',' || bytes[i] == b';' || bytes[i] == b'|' {
            1
        } else {
            0
        };
        if sep_len > 0 {
            parts.push(&text[start..i]);
            i += sep_len;
            start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(&text[start..]);
    parts
}

/// One to five capitalized words (particles and initials allowed), no digits,
/// no writer-role words.
fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 5 || text.chars().any(|c| c.is_numeric()) {
        return false;
    }
    let mut capitalized = 0;
    for w in &words {
        let lower = w.to_lowercase();
        if ROLE_WORDS.contains(&lower.trim_end_matches(['.', ','])) {
            return false;
        }
        if w.starts_with(|c: char| c.is_uppercase()) {
            capitalized += 1;
        } else if !NAME_PARTICLES.contains(&lower.as_str()) {
            return false;
        }
    }
    capitalized >= 1 && (words.len() >= 2 || text.chars().count() > 2)
}

/// "JANE DOE" → "Jane Doe"; mixed-case names stay as written.
fn tidy_name(name: &str) -> String {
    let has_lower = name.chars().any(char::is_lowercase);
    if has_lower {
        return name.split(is_space).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    }
    name.split(is_space)
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut out = String::with_capacity(w.len());
            let mut upper_next = true;
            for c in w.chars() {
                if upper_next {
                    out.push(c);
                } else {
                    out.extend(c.to_lowercase());
                }
                upper_next = !c.is_alphabetic();
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A dateline found in text: the parts, relative to the text given.
#[derive(Debug, Clone, PartialEq)]
struct DatelineParse {
    /// End of the dateline text (before the dash), relative.
    text_end: usize,
    place: String,
    source: Option<String>,
    date: Option<String>,
}

/// A dateline alone on its line: "LONDON 1996-08-30", "WASHINGTON (Reuters) -".
fn standalone_dateline(line: &str) -> Option<DatelineParse> {
    let place_end = caps_place_end(line)?;
    let rest = line[place_end..].trim_matches(is_space);
    if rest.is_empty() {
        return None;
    }
    if let Some(date) = find_date(rest) {
        let after = rest[date.end..].trim_matches(|c: char| is_space(c) || is_dash(c));
        // Between place and date: nothing, or ", Region" ("MILWAUKEE, Wisconsin").
        let between = rest[..date.start].trim_matches(is_space);
        let region = between.strip_prefix(',').map(|r| r.trim_matches(|c: char| is_space(c) || c == ','));
        let region_ok = match region {
            None => between.is_empty(),
            Some(r) => !r.is_empty() && count_words_up_to(r, 4) <= 4 && r.starts_with(|c: char| c.is_uppercase()),
        };
        if region_ok && after.is_empty() {
            let place_len = line.len() - rest.len() + between.len();
            return Some(DatelineParse {
                text_end: line.len(),
                place: line[..place_len].trim_end_matches([' ', ',']).to_string(),
                source: None,
                date: Some(date.iso),
            });
        }
    }
    // "WASHINGTON (Reuters) -" with nothing after the dash.
    let parse = dateline_prefix(line)?;
    line[parse.0..].trim_matches(is_space).is_empty().then_some(parse.1)
}

/// End of a leading all-caps place name ("KYIV", "RIO DE JANEIRO", "ST. LOUIS").
fn caps_place_end(text: &str) -> Option<usize> {
    let mut end = 0;
    let mut letters = 0;
    for (i, c) in text.char_indices() {
        if c.is_uppercase() {
            letters += 1;
        } else if c.is_lowercase() {
            return None;
        } else if c.is_numeric() || !matches!(c, ' ' | '.' | '\'' | '’' | '-') {
            // A date ("LONDON 1996-08-30"), a comma, a bracket or a dash
            // other than the hyphen ends the place.
            break;
        } else if c == '-' && text[i + 1..].starts_with(' ') {
            break; // "CRICKET - " is a separator, not part of a name
        }
        end = i + c.len_utf8();
    }
    let place = text[..end].trim_end_matches([' ', '-']);
    (letters >= 3 && count_words_up_to(place, 4) <= 4).then_some(place.len())
}

/// A dateline at the start of a paragraph: "MOSCOW (Reuters) - ",
/// "KYIV, Ukraine (AP) — ", "WASHINGTON, Aug 19 (Reuters) - ".
/// Returns the offset where the paragraph's own text starts, and the parse.
fn dateline_prefix(text: &str) -> Option<(usize, DatelineParse)> {
    let place_end = caps_place_end(text)?;
    let mut pos = place_end;
    let mut place_end_full = place_end;
    // ", Ukraine" / ", Calif." / ", Aug 19": up to four words before "(" or a dash.
    if text[pos..].starts_with(',') {
        let rest = &text[pos + 1..];
        let stop = rest.find(['(', '-', '–', '—']).unwrap_or(rest.len());
        let region = rest[..stop].trim_matches(is_space);
        if region.is_empty() || count_words_up_to(region, 4) > 4 || !region.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        pos = pos + 1 + stop;
        // "WASHINGTON, Aug 19": a date, not part of the place.
        let region_is_date = region.split(is_space).next().is_some_and(is_month_name);
        if !region_is_date {
            place_end_full = pos - (rest[..stop].len() - rest[..stop].trim_end_matches(is_space).len());
        }
    }
    let mut source = None;
    let after_place = text[pos..].trim_start_matches(is_space);
    pos = text.len() - after_place.len();
    if after_place.starts_with('(') {
        let close = after_place.find(')')?;
        let inner = after_place[1..close].trim();
        if inner.is_empty() || count_words_up_to(inner, 4) > 4 {
            return None;
        }
        source = Some(inner.to_string());
        pos += close + 1;
    }
    let text_end = pos;
    let after = text[pos..].trim_start_matches(is_space);
    let dash_len: usize = after.chars().take_while(|c| is_dash(*c)).map(char::len_utf8).sum();
    if dash_len == 0 {
        return None;
    }
    let body = &after[dash_len..];
    if !body.is_empty() && !body.starts_with(is_space) {
        return None;
    }
    let body_start = text.len() - body.trim_start_matches(is_space).len();
    // Wire headlines ("CRICKET - LEICESTERSHIRE TAKE OVER") are all caps:
    // a dateline is followed by ordinary prose, or by nothing.
    let body = &text[body_start..];
    if !body.is_empty() && !body.chars().any(char::is_lowercase) {
        return None;
    }
    let place_text = text[..place_end_full].trim_end_matches(is_space);
    // A date in the region part ("WASHINGTON, Aug 19 2025").
    let date = find_date(&text[..text_end]).map(|d| d.iso);
    Some((body_start, DatelineParse { text_end, place: place_text.to_string(), source, date }))
}

// ---------------------------------------------------------------- pass 2: units

/// How the paste breaks its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WrapStyle {
    /// One paragraph per line (web pastes): lines are joined only when the
    /// upper one visibly stops mid-sentence and the lower starts in lowercase.
    Paragraphs,
    /// Hard-wrapped at about `width` characters (email, wire, terminals):
    /// a line that reaches near the width continues on the next line.
    HardWrapped { width: usize },
}

impl WrapStyle {
    fn detect(text: &str, lines: &[Line]) -> WrapStyle {
        // Long lines' lengths in chars; hard-wrapped text has many of them,
        // none very long, and some that stop without punctuation.
        let mut long = 0usize;
        let mut max = 0usize;
        let mut unpunctuated_followed = 0usize;
        for (k, line) in lines.iter().enumerate() {
            let content = &text[line.start..line.end];
            // 100 characters are at most 400 bytes.
            if content.len() > 400 {
                return WrapStyle::Paragraphs;
            }
            let chars = content.chars().count();
            if chars > 100 {
                return WrapStyle::Paragraphs;
            }
            if chars >= 40 {
                long += 1;
                max = max.max(chars);
                let next_is_text = lines.get(k + 1).is_some_and(|n| !n.is_blank());
                if next_is_text && !content.ends_with(|c: char| is_terminal(c) || is_closing_quote(c)) {
                    unpunctuated_followed += 1;
                }
            }
        }
        if long >= 3 && unpunctuated_followed >= 2 {
            WrapStyle::HardWrapped { width: max }
        } else {
            WrapStyle::Paragraphs
        }
    }

    /// Whether `next` continues `line` as part of one paragraph.
    fn continues(self, upper: &str, lower: &str) -> bool {
        let ends_open = !upper.ends_with(|c: char| is_terminal(c) || is_closing_quote(c) || c == ':');
        let starts_lower = lower.starts_with(|c: char| c.is_lowercase());
        match self {
            WrapStyle::Paragraphs => ends_open && starts_lower,
            WrapStyle::HardWrapped { width } => {
                let upper_chars = upper.chars().count();
                (upper_chars * 10 >= width * 6 && (ends_open || upper_chars * 10 >= width * 8)) || (ends_open && starts_lower)
            }
        }
    }
}

/// A paragraph-level unit before its role is known.
#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
    guess: LineGuess,
    /// Whether a blank line (or the start of the text) precedes the unit.
    after_blank: bool,
}

fn build_units(text: &str, lines: &[Line], wrap: WrapStyle) -> Vec<Unit> {
    let mut normalized = String::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut previous_blank = true;
    let mut open_unit: Option<usize> = None; // index of a Text unit that may continue
    for line in lines {
        if line.is_blank() {
            previous_blank = true;
            open_unit = None;
            continue;
        }
        let guess = guess_line(text, *line, &mut normalized);
        if guess == LineGuess::Text {
            if let Some(k) = open_unit {
                let upper = &text[units[k].start..units[k].end];
                let upper_last_line = upper.rsplit(['\n', '\r']).next().unwrap_or(upper);
                if wrap.continues(upper_last_line.trim_matches(is_space), &text[line.start..line.end]) {
                    units[k].end = line.end;
                    continue;
                }
            }
        }
        let standalone = guess.is_standalone();
        units.push(Unit { start: line.start, end: line.end, guess, after_blank: previous_blank });
        open_unit = (!standalone).then_some(units.len() - 1);
        previous_blank = false;
    }
    units
}

// ---------------------------------------------------------------- pass 3: roles

/// One block per unit, kinds from the units' guesses.
fn unit_blocks(text: &str, units: &[Unit]) -> Vec<Block> {
    units
        .iter()
        .map(|u| {
            let (start, marker) = match u.guess {
                LineGuess::ListItem { marker_end, content_start } => {
                    (content_start, Some(text[u.start..marker_end].to_string()))
                }
                _ => (u.start, None),
            };
            let (kind, cue) = match u.guess {
                LineGuess::Text => (BlockKind::Paragraph, None),
                LineGuess::ListItem { .. } => (BlockKind::ListItem, None),
                LineGuess::Cue(cue) => (BlockKind::Boilerplate, Some(cue.to_string())),
                LineGuess::Caption => (BlockKind::Caption, None),
                LineGuess::Byline => (BlockKind::Byline, None),
                LineGuess::Dateline => (BlockKind::Dateline, None),
            };
            let marker = marker.filter(|m| !m.is_empty());
            Block { kind, start, end: u.end, text: text[start..u.end].to_string(), duplicate_of: None, cue, marker, source: None }
        })
        .collect()
}

fn assign_roles(text: &str, units: Vec<Unit>) -> Cleaned {
    let mut blocks = unit_blocks(text, &units);

    mark_comment_region(&mut blocks);
    mark_about_region(&mut blocks);
    mark_cue_followers(&mut blocks, &units);
    mark_menu_runs(&mut blocks);
    mark_caption_texts(&mut blocks);
    let headline = find_headline(&blocks);
    if let Some(h) = headline {
        blocks[h].kind = BlockKind::Headline;
        mark_repeats(&mut blocks, h);
    }
    mark_name_bylines(&mut blocks);
    let subtitle = headline.and_then(|h| find_subtitle(&blocks, h));
    if let Some(s) = subtitle {
        blocks[s].kind = BlockKind::Subtitle;
        mark_repeats(&mut blocks, s);
    }
    let body_start = blocks.iter().position(|b| b.kind == BlockKind::Paragraph).unwrap_or(blocks.len());
    mark_headings(&mut blocks, &units, body_start);
    mark_pull_quotes(text, &mut blocks);
    finish(text, blocks, headline, subtitle, body_start)
}

/// The metadata the final blocks state: dateline, byline, publication date,
/// title and subtitle.
fn finish(text: &str, blocks: Vec<Block>, headline: Option<usize>, subtitle: Option<usize>, body_start: usize) -> Cleaned {
    let dateline = find_dateline(text, &blocks, body_start);
    let (byline, published_in_byline) = find_byline(text, &blocks);
    let published = published_in_byline.or_else(|| dateline.as_ref().and_then(|d| d.date.clone()));
    Cleaned {
        title: headline.map(|h| blocks[h].text.clone()),
        subtitle: subtitle.map(|s| blocks[s].text.clone()),
        byline,
        dateline,
        published,
        blocks,
    }
}

/// A press release ends with "About <Company>" (the issuer's boilerplate),
/// then legal notes and contacts; an article may end with "About the
/// author". From such a heading on, everything is furniture. Only a short
/// line of capitalized words in the second half of the content counts, so
/// "About 200 people came" or a section "About" early on never matches.
fn mark_about_region(blocks: &mut [Block]) {
    let content: Vec<usize> = (0..blocks.len()).filter(|&k| blocks[k].kind.is_content()).collect();
    let Some(second_half) = content.get(content.len() / 2..) else { return };
    let start = second_half.iter().copied().find(|&k| {
        let text = blocks[k].text.as_str();
        let Some(rest) = text.strip_prefix("About ") else { return false };
        let words: Vec<&str> = rest.split_whitespace().collect();
        (1..=6).contains(&words.len())
            && !text.ends_with(['.', '!', '?', ',', ';'])
            && words[0].starts_with(|c: char| c.is_uppercase() || c == 't')
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "the" | "of" | "and" | "&" | "for" | "de" | "author" | "authors")
            })
    });
    let Some(start) = start else { return };
    for block in &mut blocks[start..] {
        if block.kind != BlockKind::Boilerplate {
            block.kind = BlockKind::Boilerplate;
            block.cue = Some("about".to_string());
        }
    }
}

/// After a comment form starts, everything is page furniture.
fn mark_comment_region(blocks: &mut [Block]) {
    let Some(start) = blocks.iter().position(|b| b.cue.as_deref() == Some("comment_form")) else { return };
    for block in &mut blocks[start..] {
        if block.kind != BlockKind::Boilerplate {
            block.kind = BlockKind::Boilerplate;
            block.cue = Some("comment_form".to_string());
        }
    }
}

/// Cues whose label line is followed by the furniture it labels: a share box
/// lists networks ("Share this:" / "Facebook" / "X"), "READ MORE" is followed
/// by a linked title.
fn follower_limit(cue: &str) -> Option<(usize, bool)> {
    // (max words of a follower, whether followers may come after a blank line)
    match cue {
        "share" | "social" => Some((3, false)),
        "read_more" | "related" => Some((20, true)),
        _ => None,
    }
}

fn mark_cue_followers(blocks: &mut [Block], units: &[Unit]) {
    let mut k = 0;
    while k < blocks.len() {
        let limit = blocks[k].cue.as_deref().filter(|_| blocks[k].kind == BlockKind::Boilerplate).and_then(follower_limit);
        let Some((max_words, across_blank)) = limit else {
            k += 1;
            continue;
        };
        // Only a bare label ("READ MORE", "Share this:") announces followers.
        if count_words_up_to(&blocks[k].text, 4) > 4 {
            k += 1;
            continue;
        }
        let cue = blocks[k].cue.clone();
        let mut j = k + 1;
        while j < blocks.len() && blocks[j].kind == BlockKind::Paragraph {
            let b = &blocks[j];
            let words = count_words_up_to(&b.text, max_words);
            let fits = words <= max_words && !b.text.ends_with('.') && !b.text.contains(['\n', '\r']);
            if !fits || (units[j].after_blank && !across_blank) {
                break;
            }
            blocks[j].kind = BlockKind::Boilerplate;
            blocks[j].cue = cue.clone();
            j += 1;
            if across_blank {
                break; // one linked title per label
            }
        }
        k = j.max(k + 1);
    }
}

/// Site menus pasted above the article: three or more one- or two-word lines
/// in a row before any real text ("World", "Business", "Sport").
fn mark_menu_runs(blocks: &mut [Block]) {
    let is_menu_item = |b: &Block| {
        b.kind == BlockKind::Paragraph
            && count_words_up_to(&b.text, 2) <= 2
            && !b.text.ends_with(|c: char| is_terminal(c) || c == ',' || c == ':')
    };
    let mut k = 0;
    while k < blocks.len() {
        match blocks[k].kind {
            BlockKind::Boilerplate => k += 1,
            BlockKind::Paragraph if is_menu_item(&blocks[k]) => {
                let run = blocks[k..].iter().take_while(|b| is_menu_item(b)).count();
                if run >= 3 {
                    for b in &mut blocks[k..k + run] {
                        b.kind = BlockKind::Boilerplate;
                        b.cue = Some("navigation".to_string());
                    }
                }
                k += run;
            }
            _ => return, // the article has started
        }
    }
}

/// The caption text above a photo credit ("Photo: Jane Doe/Reuters") is a
/// caption too, when it is short.
fn mark_caption_texts(blocks: &mut [Block]) {
    for k in 1..blocks.len() {
        if blocks[k].kind == BlockKind::Caption
            && blocks[k - 1].kind == BlockKind::Paragraph
            && count_words_up_to(&blocks[k - 1].text, 40) <= 40
            && inner_sentence_breaks(&blocks[k - 1].text) == 0
            && !blocks[k - 1].text.contains(['\n', '\r'])
        {
            blocks[k - 1].kind = BlockKind::Caption;
        }
    }
}

/// The first content block, when it reads like a headline.
fn find_headline(blocks: &[Block]) -> Option<usize> {
    let first = blocks.iter().position(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))?;
    let block = &blocks[first];
    if block.kind != BlockKind::Paragraph || block.text.contains(['\n', '\r']) {
        return None;
    }
    let words = count_words_up_to(&block.text, MAX_HEADLINE_WORDS);
    if words == 0 || words > MAX_HEADLINE_WORDS || !block.text.starts_with(|c: char| !c.is_lowercase()) {
        return None;
    }
    let next_is_meta = blocks[first + 1..]
        .iter()
        .find(|b| b.kind != BlockKind::Boilerplate)
        .is_some_and(|b| matches!(b.kind, BlockKind::Byline | BlockKind::Dateline));
    let all_caps = !block.text.chars().any(char::is_lowercase);
    let ends_with_period = block.text.ends_with('.');
    let sentences = inner_sentence_breaks(&block.text);
    let ok = if ends_with_period {
        // A one-sentence lead paragraph also ends in a period; a headline
        // with one is a wire headline (caps), short, or sits above metadata.
        all_caps || next_is_meta || (words <= 15 && sentences == 0)
    } else {
        sentences <= 1
    };
    ok.then_some(first)
}

/// Rough count of ". X" sentence breaks inside a line.
fn inner_sentence_breaks(text: &str) -> usize {
    text.match_indices(". ").filter(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_uppercase())).count()
}

/// Later blocks repeating block `original` word for word become copies of it.
fn mark_repeats(blocks: &mut [Block], original: usize) {
    let mut key = String::new();
    normalize_for_matching(&blocks[original].text, &mut key);
    let mut other = String::new();
    for k in original + 1..blocks.len() {
        let b = &blocks[k];
        // A repeat has about the same length (only spacing and quote
        // styles may differ): skip normalizing everything else.
        let len = blocks[original].text.len();
        if b.duplicate_of.is_some() || b.text.len().abs_diff(len) > len / 4 + 4 {
            continue;
        }
        normalize_for_matching(&b.text, &mut other);
        if other == key && b.kind != BlockKind::Boilerplate {
            blocks[k].kind = blocks[original].kind;
            blocks[k].duplicate_of = Some(original);
        }
    }
}

/// The dek: the next content block after the headline, when it reads like one.
fn find_subtitle(blocks: &[Block], headline: usize) -> Option<usize> {
    let mut rest = blocks.iter().enumerate().skip(headline + 1).filter(|(_, b)| {
        b.kind != BlockKind::Boilerplate && b.duplicate_of.is_none() && b.kind != BlockKind::Caption
    });
    let (k, candidate) = rest.next()?;
    if candidate.kind != BlockKind::Paragraph || candidate.text.contains(['\n', '\r']) {
        return None;
    }
    let (_, after) = rest.next()?; // a dek is never the last thing in the paste
    let words = count_words_up_to(&candidate.text, MAX_SUBTITLE_WORDS);
    if words == 0 || words > MAX_SUBTITLE_WORDS || candidate.text.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let ends_open = !candidate.text.ends_with(|c: char| is_terminal(c) || is_closing_quote(c));
    let metadata_follows = matches!(after.kind, BlockKind::Byline | BlockKind::Dateline);
    let single_sentence = inner_sentence_breaks(&candidate.text) <= 1;
    ((ends_open && single_sentence) || (metadata_follows && words <= 40)).then_some(k)
}

/// A bare name between the headline and a dateline ("Peter Blackburn").
fn mark_name_bylines(blocks: &mut [Block]) {
    for k in 1..blocks.len().saturating_sub(1) {
        let (before, rest) = blocks.split_at_mut(k);
        let (block, after) = rest.split_at_mut(1);
        let block = &mut block[0];
        if block.kind == BlockKind::Paragraph
            && before[k - 1].kind == BlockKind::Headline
            && after[0].kind == BlockKind::Dateline
            && looks_like_name(&block.text)
            && count_words_up_to(&block.text, 2) >= 2
        {
            block.kind = BlockKind::Byline;
        }
    }
}

/// Short title-like lines in the body become headings.
fn mark_headings(blocks: &mut [Block], units: &[Unit], body_start: usize) {
    // Kind of the next non-boilerplate block after each block, computed
    // backwards in one pass (a forward search per block would be quadratic
    // on a paste with thousands of boilerplate lines).
    let mut next_kinds = vec![None; blocks.len()];
    for k in (0..blocks.len().saturating_sub(1)).rev() {
        let next = &blocks[k + 1];
        next_kinds[k] = if next.kind == BlockKind::Boilerplate { next_kinds[k + 1] } else { Some(next.kind) };
    }
    for k in body_start..blocks.len() {
        let next_kind = next_kinds[k];
        let block = &blocks[k];
        // 120 characters are at most 480 bytes: cheap tests first.
        if block.kind != BlockKind::Paragraph || block.text.len() > 480 || next_kind.is_none() {
            continue;
        }
        if block.text.contains(['\n', '\r']) || block.text.chars().count() > 120 {
            continue;
        }
        let words = count_words_up_to(&block.text, MAX_HEADING_WORDS);
        if words == 0 || words > MAX_HEADING_WORDS {
            continue;
        }
        let first = block.text.chars().next().unwrap_or(' ');
        if !(first.is_uppercase() || first.is_numeric()) {
            continue;
        }
        // Rows of results tables ("Burnley 4 2 0 2 6 7 6") are not headings.
        let numbers = block.text.split(is_space).filter(|w| w.starts_with(|c: char| c.is_numeric() || c == '.')).count();
        if numbers >= 2 {
            continue;
        }
        let last = block.text.chars().next_back().unwrap_or(' ');
        let title_like = match last {
            '?' | '!' => words <= 10,
            ':' => words <= 4 && next_kind == Some(BlockKind::ListItem),
            c => !(is_terminal(c) || matches!(c, ',' | ';') || is_closing_quote(c)),
        };
        // A heading stands apart: blank lines around it, or a one-line unit
        // between longer paragraphs in a paste without blank lines.
        if title_like && (units[k].after_blank || words <= 12) {
            blocks[k].kind = BlockKind::Heading;
        }
    }
}

/// A short quoted line whose words appear elsewhere in the text is a pull quote.
fn mark_pull_quotes(text: &str, blocks: &mut [Block]) {
    let mut checks = 0;
    for block in blocks.iter_mut() {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading) || !block.text.starts_with(is_opening_quote) {
            continue;
        }
        if count_words_up_to(&block.text, 60) > 60 || checks >= MAX_PULL_QUOTE_CHECKS {
            continue;
        }
        // The quoted words, without marks and without an attribution after
        // the closing mark ("“…” — Jane Doe").
        let inner = block.text.trim_start_matches(is_opening_quote);
        let close = inner.rfind(is_closing_quote).unwrap_or(inner.len());
        let inner = inner[..close].trim_matches(|c: char| is_space(c) || is_closing_quote(c));
        if inner.len() < 20 {
            continue;
        }
        checks += 1;
        let finder = memmem::Finder::new(inner.as_bytes());
        let repeated = finder.find(&text.as_bytes()[..block.start]).is_some()
            || finder.find(&text.as_bytes()[block.end..]).is_some();
        if repeated {
            block.kind = BlockKind::Boilerplate;
            block.cue = Some("pull_quote".to_string());
        }
    }
}

/// A standalone dateline block, or one opening the first body paragraph.
fn find_dateline(text: &str, blocks: &[Block], body_start: usize) -> Option<Dateline> {
    let standalone = blocks.iter().take(body_start.saturating_add(1)).find(|b| b.kind == BlockKind::Dateline);
    if let Some(block) = standalone {
        let parse = standalone_dateline(&block.text)?;
        return Some(make_dateline(text, block.start, parse));
    }
    let first = blocks.get(body_start)?;
    let (_, parse) = dateline_prefix(&first.text)?;
    Some(make_dateline(text, first.start, parse))
}

fn make_dateline(text: &str, offset: usize, parse: DatelineParse) -> Dateline {
    let end = offset + parse.text_end;
    let (_, trimmed) = trim_spaces(&text[offset..end]);
    let end = offset + trimmed.len();
    let source = parse.source.map(|s| {
        agencies().iter().find(|a| a.eq_ignore_ascii_case(&s)).map_or(s, |a| a.to_string())
    });
    Dateline { start: offset, end, text: text[offset..end].to_string(), place: parse.place, source, date: parse.date }
}

/// The byline (the first byline block naming writers) and a date stated in
/// any byline block.
fn find_byline(text: &str, blocks: &[Block]) -> (Option<Byline>, Option<String>) {
    let mut byline = None;
    let mut published = None;
    for block in blocks.iter().filter(|b| b.kind == BlockKind::Byline) {
        if published.is_none() {
            published = find_date(&block.text).map(|d| d.iso);
        }
        if byline.is_none() {
            let parse = parse_byline(&block.text).or_else(|| {
                looks_like_name(&block.text).then(|| BylineParse { authors: vec![tidy_name(&block.text)], source: None })
            });
            if let Some(parse) = parse {
                byline = Some(Byline {
                    start: block.start,
                    end: block.end,
                    text: text[block.start..block.end].to_string(),
                    authors: parse.authors,
                    source: parse.source,
                });
            }
        }
    }
    (byline, published)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        clean(text).blocks.into_iter().map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker("• item"), Some((3, 4)));
        assert_eq!(list_marker("12. item"), Some((3, 4)));
        assert_eq!(list_marker("(a) item"), Some((3, 4)));
        assert_eq!(list_marker("b) item"), Some((2, 3)));
        assert_eq!(list_marker("-5 degrees"), None);
        assert_eq!(list_marker("2025. A year"), None);
        assert_eq!(list_marker("•"), None);
    }

    #[test]
    fn cues() {
        let m = |s: &str| {
            let mut n = String::new();
            normalize_for_matching(s, &mut n);
            match_cue(&n, count_words_up_to(s, MAX_CUE_WORDS), s.contains('*'))
        };
        assert_eq!(m("Leave a Reply"), Some("comment_form"));
        assert_eq!(m("Your email address will not be published. Required fields are marked *"), Some("comment_form"));
        assert_eq!(m("Share this article"), Some("share"));
        assert_eq!(m("ADVERTISEMENT"), Some("advertisement"));
        assert_eq!(m("Comments (12)"), Some("comment_form"));
        assert_eq!(m("Name *"), Some("comment_form"));
        assert_eq!(m("Name"), None);
        assert_eq!(m("More investors said so."), None);
        assert_eq!(m("Putin speaks in Moscow. (AP Photo/Alexander Zemlianichenko)"), Some("caption"));
        assert_eq!(m("A Reuters/Ipsos poll found support fell."), None);
        assert_eq!(m("Share prices fell sharply on Monday."), None);
    }

    #[test]
    fn bylines() {
        let p = parse_byline("By Jane Doe and John Roe, Reuters").unwrap();
        assert_eq!(p.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(p.source.as_deref(), Some("Reuters"));
        let p = parse_byline("By JANE DOE Associated Press").unwrap();
        assert_eq!(p.authors, ["Jane Doe"]);
        assert_eq!(p.source.as_deref(), Some("Associated Press"));
        let p = parse_byline("Jane Doe | Reuters").unwrap();
        assert_eq!(p.authors, ["Jane Doe"]);
        assert_eq!(parse_byline("By the close Yorkshire had turned that into a lead"), None);
        assert_eq!(parse_byline("Essex | Surrey"), None);
        let p = parse_byline("By Ursula von der Leyen, Senior Correspondent").unwrap();
        assert_eq!(p.authors, ["Ursula von der Leyen"]);
    }

    #[test]
    fn datelines() {
        let (start, d) = dateline_prefix("MOSCOW (Reuters) - Russia said on Monday").unwrap();
        assert_eq!((d.place.as_str(), d.source.as_deref(), start), ("MOSCOW", Some("Reuters"), 19));
        let (_, d) = dateline_prefix("KYIV, Ukraine (AP) — Ukraine said").unwrap();
        assert_eq!((d.place.as_str(), d.source.as_deref()), ("KYIV, Ukraine", Some("AP")));
        assert_eq!(dateline_prefix("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP."), None);
        let d = standalone_dateline("LONDON 1996-08-30").unwrap();
        assert_eq!((d.place.as_str(), d.date.as_deref()), ("LONDON", Some("1996-08-30")));
        assert_eq!(standalone_dateline("RIO DE JANEIRO 1996-08-22").unwrap().place, "RIO DE JANEIRO");
        assert_eq!(standalone_dateline("London is big"), None);
        let d = standalone_dateline("MILWAUKEE, Wisconsin 1996-08-29").unwrap();
        assert_eq!((d.place.as_str(), d.date.as_deref()), ("MILWAUKEE, Wisconsin", Some("1996-08-29")));
        assert_eq!(standalone_dateline("NICE, the city, was 1996-08-30"), None);
    }

    #[test]
    fn headline_repeat_subtitle_and_comment_form() {
        let text = "Big News Today\n\nBig News Today\n\nA dek that explains it all\n\nFirst paragraph here. It has words.\n\nSection Heading\n\nMore text follows here.\n\nLeave a Reply\n\nYour email address will not be published.";
        let k = kinds(text);
        assert_eq!(k[0].0, BlockKind::Headline);
        assert_eq!(k[1].0, BlockKind::Headline);
        assert_eq!(k[2].0, BlockKind::Subtitle);
        assert_eq!(k[3].0, BlockKind::Paragraph);
        assert_eq!(k[4].0, BlockKind::Heading);
        assert_eq!(k[5].0, BlockKind::Paragraph);
        assert_eq!(k[6].0, BlockKind::Boilerplate);
        assert_eq!(k[7].0, BlockKind::Boilerplate);
        let cleaned = clean(text);
        assert_eq!(cleaned.blocks[1].duplicate_of, Some(0));
        assert_eq!(cleaned.title.as_deref(), Some("Big News Today"));
    }

    #[test]
    fn hard_wrapped_paragraph_is_one_block() {
        let text = "The minister said on Monday that the talks would resume next week in\nGeneva, where delegations from both countries are expected to arrive\non Sunday evening for three days of meetings with mediators.\n\nSecond paragraph of the story is here and it is long enough to count\nas a wrapped line in this small test of the wrapping detector.";
        let k = kinds(text);
        assert_eq!(k.len(), 2, "{k:?}");
        assert!(k[0].1.contains("in\nGeneva"));
    }

    #[test]
    fn crlf_and_empty() {
        assert!(clean("").blocks.is_empty());
        assert!(clean(" \n\r\n\u{00A0}").blocks.is_empty());
        let k = kinds("Title Here\r\n\r\nBody text goes on. And on.\r\n");
        assert_eq!(k[0], (BlockKind::Headline, "Title Here".to_string()));
        assert_eq!(k[1].1, "Body text goes on. And on.");
    }
}
