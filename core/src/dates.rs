//! Calendar dates written out in full.
//!
//! Takes a short piece of text (a byline, a dateline, a "Published …" line),
//! gives the first complete calendar date in it as ISO 8601 (`2025-08-19`).
//! Recognized forms: `2025-08-19`, `August 19, 2025`, `Aug. 19 2025`,
//! `19 August 2025`, `19th Aug 2025`, and `19/08/2025` / `08/19/2025` only when
//! the day is over 12, so the order cannot be mistaken. Dates without a year
//! are not returned: nutgraf never invents a year.
//!
//! The dates stage itself — every temporal expression of the article, with
//! its kind and normalized value — is [`crate::temporal`].

use crate::tokenize::{tokenize, Token, TokenKind};

/// Month names and abbreviations, lowercase, with their number.
const MONTHS: [(&str, u32); 24] = [
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6),
    ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9),
    ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
];

/// A calendar date found in text: `text[start..end]` reads as `iso`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub iso: String,
}

/// The first full calendar date in `text`.
pub fn find_date(text: &str) -> Option<FoundDate> {
    // Every form below has a four-digit year: a text without four digits
    // in a row ("Arsenal 2 Chelsea 1") needs no tokenizing.
    let mut run = 0;
    if !text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    }) {
        return None;
    }
    let tokens = tokenize(text);
    (0..tokens.len()).find_map(|i| date_at(text, &tokens, i))
}

/// Whether `word` names a month ("August", "Aug", "Aug.").
pub fn is_month_name(word: &str) -> bool {
    month_number(word).is_some()
}

pub(crate) fn month_number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    MONTHS.iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map(|&(_, n)| n)
}

/// A day number, possibly with an ordinal suffix ("19", "19th", "1st").
pub(crate) fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

pub(crate) fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn date_at(text: &str, tokens: &[Token], i: usize) -> Option<FoundDate> {
    let word = |k: usize| tokens.get(k).map(|t| t.text(text)).unwrap_or("");
    let found = |last: usize, iso: String| Some(FoundDate { start: tokens[i].start, end: tokens[last].end, iso });
    let first = tokens.get(i)?;
    // 2025-08-19
    if let Some(year) = year_number(word(i)) {
        let glued = |k: usize| tokens.get(k).is_some_and(|t| !t.space_before);
        if word(i + 1) == "-" && word(i + 3) == "-" && (1..=4).all(|k| glued(i + k)) {
            let month = word(i + 2).parse().ok().filter(|_| word(i + 2).len() <= 2)?;
            let day = word(i + 4).parse().ok().filter(|_| word(i + 4).len() <= 2)?;
            return found(i + 4, iso(year, month, day)?);
        }
        return None;
    }
    // 19/08/2025 or 08/19/2025, only when unambiguous.
    if first.kind == TokenKind::Number && word(i).matches('/').count() == 2 {
        let mut parts = word(i).split('/');
        let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
        let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        let year = year_number(y)?;
        let (day, month) = match (a > 12, b > 12) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            _ => return None,
        };
        return found(i, iso(year, month, day)?);
    }
    // August 19, 2025 / Aug. 19 2025
    if let Some(month) = month_number(word(i)) {
        let day = day_number(word(i + 1))?;
        let year_at = if word(i + 2) == "," { i + 3 } else { i + 2 };
        let year = year_number(word(year_at))?;
        return found(year_at, iso(year, month, day)?);
    }
    // 19 August 2025 / 19th Aug. 2025
    if let Some(day) = day_number(word(i)) {
        let month = month_number(word(i + 1))?;
        let year_at = if word(i + 2) == "," { i + 3 } else { i + 2 };
        let year = year_number(word(year_at))?;
        return found(year_at, iso(year, month, day)?);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso_of(text: &str) -> Option<String> {
        find_date(text).map(|d| d.iso)
    }

    #[test]
    fn full_dates() {
        assert_eq!(iso_of("LONDON 1996-08-30").as_deref(), Some("1996-08-30"));
        assert_eq!(iso_of("Published August 19, 2025 at 10:32 AM").as_deref(), Some("2025-08-19"));
        assert_eq!(iso_of("Updated: 19 Aug 2025").as_deref(), Some("2025-08-19"));
        assert_eq!(iso_of("Aug. 19 2025").as_deref(), Some("2025-08-19"));
        assert_eq!(iso_of("the 1st of nothing, 3rd March 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(iso_of("19/08/2025").as_deref(), Some("2025-08-19"));
        assert_eq!(iso_of("08/19/2025").as_deref(), Some("2025-08-19"));
    }

    #[test]
    fn span_covers_the_date() {
        let text = "Published August 19, 2025 at 10:32";
        let d = find_date(text).unwrap();
        assert_eq!(&text[d.start..d.end], "August 19, 2025");
    }

    #[test]
    fn ambiguous_or_incomplete_dates_are_not_returned() {
        assert_eq!(iso_of("05/06/2025"), None);
        assert_eq!(iso_of("WASHINGTON, Aug 19 (Reuters)"), None);
        assert_eq!(iso_of("2025-02-30"), None);
        assert_eq!(iso_of("May I say"), None);
        assert_eq!(iso_of(""), None);
    }
}
