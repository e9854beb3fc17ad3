//! Temporal expressions: when things happen.
//!
//! Takes the content sentences' tokens and a reference date, gives every
//! temporal expression with its span, kind and, where determinable, an ISO
//! 8601 value:
//!
//! - `date`: "August 19, 2025", "19 Aug 2025", "2025-08-19", "19/08/2025"
//!   (only when the day is over 12; else the value is null), "March 2024",
//!   "2024", "1990s" (`199X`), "mid-2024";
//! - `relative`: "Tuesday", "last Friday", "yesterday", "next month", "two
//!   weeks ago", "earlier this year", "this week" (`2025-W34`), "Aug. 19" —
//!   resolved against the reference date; a weekday resolves to the most
//!   recent such day on or before it, or the next one after it when the
//!   sentence speaks of the future ("will", "is due to"). "A day after" and
//!   "a week later" are relative to another event: value null. Without a
//!   reference date every relative value is null: nothing is invented;
//! - `duration`: "two weeks" (`P2W`), "past two weeks", "48 hours" (`PT48H`),
//!   "year-long" (`P1Y`), "three-and-a-half-year" (`P3.5Y`), "a decade";
//! - `time`: "3 p.m." (`T15:00`), "10:30 a.m.", "noon", "14:00 GMT";
//! - `set`: "every Monday" (`P1W`), "weekly", "annually".
//!
//! Leading prepositions are not part of a span ("on Tuesday" → "Tuesday");
//! ages ("45-year-old") and words that only look like dates ("Theresa May",
//! "protesters march") are not expressions.

use std::sync::LazyLock;

use crate::dates::{day_number, days_in_month, month_number, year_number};
use crate::hash::FastSet;
use crate::model::DateMention;
use crate::segment::Segmentation;
use crate::text::LowerWord;
use crate::tokenize::TokenText;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(iso: &str) -> Option<Day> {
        let mut parts = iso.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        (parts.next().is_none() && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
    fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    fn plus_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// 0 = Monday … 6 = Sunday.
    fn weekday(self) -> u32 {
        (self.ordinal() + 3).rem_euclid(7) as u32
    }

    fn plus_months(self, n: i32) -> (i32, u32) {
        let total = self.year * 12 + self.month as i32 - 1 + n;
        (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// ISO week `YYYY-Www`.
    fn iso_week(self) -> String {
        let thursday = self.plus_days(3 - i64::from(self.weekday()));
        let jan1 = Day { year: thursday.year, month: 1, day: 1 };
        let week = (thursday.ordinal() - jan1.ordinal()) / 7 + 1;
        format!("{:04}-W{:02}", thursday.year, week)
    }
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Number words up to twenty and the tens, "a"/"an" = 1, "half".
fn number_word(word: &str) -> Option<f64> {
    const SMALL: [&str; 21] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];
    const TENS: [(&str, f64); 7] =
        [("thirty", 30.0), ("forty", 40.0), ("fifty", 50.0), ("sixty", 60.0), ("seventy", 70.0), ("eighty", 80.0), ("ninety", 90.0)];
    let w = LowerWord::ascii(word);
    let w = w.as_str();
    if let Some(n) = SMALL.iter().position(|x| *x == w) {
        return Some(n as f64);
    }
    if let Some(&(_, n)) = TENS.iter().find(|(x, _)| *x == w) {
        return Some(n);
    }
    match w {
        "a" | "an" => Some(1.0),
        "dozen" => Some(12.0),
        "half" => Some(0.5),
        _ => None,
    }
}

/// A number written in digits or in words.
fn number(word: &str) -> Option<f64> {
    // Most words have no comma to drop: parse them in place.
    let parsed = if word.contains(',') { word.replace(',', "").parse::<f64>() } else { word.parse::<f64>() };
    parsed.ok().filter(|n| n.is_finite() && *n >= 0.0).or_else(|| number_word(word))
}

/// A unit of time and its ISO designator (`None` for the time part).
fn unit(word: &str) -> Option<(char, bool, f64)> {
    // (designator, is a clock unit, multiplier)
    let w = LowerWord::ascii(word);
    let w = w.as_str().trim_end_matches('s');
    Some(match w {
        "year" | "yr" => ('Y', false, 1.0),
        "month" => ('M', false, 1.0),
        "week" => ('W', false, 1.0),
        "day" => ('D', false, 1.0),
        "decade" => ('Y', false, 10.0),
        "century" | "centurie" => ('Y', false, 100.0),
        "hour" => ('H', true, 1.0),
        "minute" => ('M', true, 1.0),
        _ => return None,
    })
}

/// `n` in decimal with at most six decimals, trailing zeros dropped ("2",
/// "1.5", "0.333333"). Durations are counts a text writes ("2.5 years",
/// "half an hour"): six places are more than any of them has, and rounding
/// there also hides binary noise (1.1 centuries is 110, not
/// 110.00000000000001; a count under half a millionth prints as 0). By
/// hand, not `{n}`: Rust's float printing is ~12 KB of the WebAssembly
/// package, and this was its only use.
fn decimal(n: f64) -> String {
    const PLACES: usize = 6;
    const UNITS: u64 = 10u64.pow(PLACES as u32);
    let magnitude = n.abs();
    // The whole part as an integer (u128 holds every f64 integer below
    // 2^128; `as` saturates past it and maps NaN to 0), the fraction in
    // millionths: `magnitude - trunc` is exact, so a large whole part does
    // not leak digits into the fraction.
    let whole_part = magnitude.trunc();
    let mut whole = whole_part as u128;
    let mut fraction = ((magnitude - whole_part) * UNITS as f64).round() as u64;
    if fraction == UNITS {
        // 0.9999997 rounds up into the whole part.
        whole = whole.saturating_add(1);
        fraction = 0;
    }
    let sign = if n < 0.0 && (whole, fraction) != (0, 0) { "-" } else { "" };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut places = PLACES;
    while fraction % 10 == 0 {
        fraction /= 10;
        places -= 1;
    }
    format!("{sign}{whole}.{fraction:0places$}")
}

fn duration_value(n: f64, (designator, clock, multiplier): (char, bool, f64)) -> String {
    let number = decimal(n * multiplier);
    if clock {
        format!("PT{number}{designator}")
    } else {
        format!("P{number}{designator}")
    }
}

/// Lowercase words that can start an expression (capitalized words and
/// digits are checked anyway).
const TRIGGERS: [&str; 67] = [
    "last", "next", "this", "past", "coming", "previous", "yesterday", "today", "tomorrow", "tonight", "noon", "midday",
    "midnight", "earlier", "later", "every", "each", "daily", "weekly", "monthly", "annually", "yearly", "mid", "early",
    "late", "the", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen", "half", "year", "decade", "month", "week", "day",
    "century", "hour", "minute", "zero", "several",
];

static TRIGGER_SET: LazyLock<FastSet<&'static str>> = LazyLock::new(|| TRIGGERS.into_iter().collect());

/// Words after which an expression is in the future.
const FUTURE_CUES: [&str; 11] =
    ["will", "'ll", "’ll", "would", "scheduled", "due", "plans", "expected", "upcoming", "likely", "set"];

struct Scanner<'a> {
    words: TokenText<'a>,
    reference: Option<Day>,
    /// The last whole sentence [`Scanner::future`] read, and its answer:
    /// "this Friday … this Monday" asks again for the same sentence, and a
    /// long unpunctuated paste is one sentence.
    sentence_future: std::cell::Cell<Option<((usize, usize), bool)>>,
}

impl Scanner<'_> {
    fn weekday(&self, i: usize) -> Option<u32> {
        let w = self.words.word(i);
        if !w.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(w)).map(|d| d as u32)
    }

    fn month(&self, i: usize) -> Option<u32> {
        let w = self.words.word(i);
        if !w.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        month_number(w)
    }

    /// Whether the sentence `[start, end)` speaks of the future.
    fn future(&self, start: usize, end: usize) -> bool {
        (start..end).any(|i| FUTURE_CUES.iter().any(|c| self.words.is(i, c)))
    }

    /// [`Scanner::future`] of a whole sentence, read once per sentence.
    fn sentence_is_future(&self, sentence: (usize, usize)) -> bool {
        match self.sentence_future.get() {
            Some((cached, future)) if cached == sentence => future,
            _ => {
                let future = self.future(sentence.0, sentence.1);
                self.sentence_future.set(Some((sentence, future)));
                future
            }
        }
    }

    /// A number spelled "three-and-a-half" or "two" or "48" at `i`:
    /// its value and the token after it.
    fn compound_number(&self, i: usize) -> Option<(f64, usize)> {
        let n = number(self.words.word(i))?;
        // "three-and-a-half"
        if self.words.is(i + 1, "-") && self.words.is(i + 2, "and") && self.words.is(i + 3, "-") && self.words.is(i + 4, "a") && self.words.is(i + 5, "-") && self.words.is(i + 6, "half") {
            return Some((n + 0.5, i + 7));
        }
        // "two and a half"
        if self.words.is(i + 1, "and") && self.words.is(i + 2, "a") && self.words.is(i + 3, "half") {
            return Some((n + 0.5, i + 4));
        }
        Some((n, i + 1))
    }

    /// The expression starting at token `i` of the sentence ending at `end`:
    /// `(end token, kind, value)`.
    fn at(&self, i: usize, sentence: (usize, usize)) -> Option<(usize, &'static str, Option<String>)> {
        let (_, end) = sentence;
        // Most tokens are ordinary words: rule them out before any work.
        let raw = self.words.word(i);
        if raw.len() > 12 || !raw.is_ascii() {
            return None;
        }
        // Lowercased on the stack: this runs for every token.
        let lower = LowerWord::ascii(raw);
        let w = lower.as_str();
        // Past the digits and the trigger words, a word opens an expression
        // only as a capitalized month, weekday or unit ("Decade-long"):
        // every rule below needs one of these, and ruling out the names
        // here saves running them all on every capitalized word.
        if !raw.starts_with(|c: char| c.is_ascii_digit())
            && !TRIGGER_SET.contains(w)
            && (!raw.starts_with(|c: char| c.is_ascii_uppercase())
                || (month_number(raw).is_none() && self.weekday(i).is_none() && unit(w).is_none()))
        {
            return None;
        }
        // "the next day", "the following week": the only expression "the"
        // opens (no rule below reads it as a date, month, weekday, unit or
        // number), and "the" is the most frequent trigger, so it goes no
        // further.
        if w == "the" {
            let next = matches!(LowerWord::ascii(self.words.word(i + 1)).as_str(), "next" | "following" | "previous");
            return (next && unit(self.words.word(i + 2)).is_some_and(|u| !u.1)).then_some((i + 3, "relative", None));
        }
        let reference = self.reference;
        // Absolute dates: reuse the byline parser's forms.
        if let Some((last, iso)) = self.absolute(i) {
            // "3 March" without a year depends on the reference year.
            let yearless = day_number(self.words.word(i)).is_some() && last == i + 2;
            return Some((last, if yearless { "relative" } else { "date" }, iso));
        }
        // Month + day without year, month + year, month alone after a
        // preposition.
        if let Some(month) = self.month(i) {
            if let Some(day) = day_number(self.words.word(i + 1)).filter(|_| i + 1 < end) {
                let value = reference.map(|r| format!("{:04}-{:02}-{:02}", r.year, month, day));
                return Some((i + 2, "relative", value));
            }
            if let Some(year) = year_number(self.words.word(i + 1)) {
                return Some((i + 2, "date", Some(format!("{year:04}-{month:02}"))));
            }
            let before = LowerWord::ascii(i.checked_sub(1).map_or("", |p| self.words.word(p)));
            if matches!(before.as_str(), "in" | "since" | "until" | "by" | "early" | "late" | "mid" | "last" | "next" | "this" | "through") {
                let value = reference.map(|r| format!("{:04}-{month:02}", r.year));
                return Some((i + 1, "relative", value));
            }
            return None;
        }
        // Decades: "1990s", "2020s".
        if w.len() == 5 && w.ends_with("0s") && w[..4].bytes().all(|b| b.is_ascii_digit()) {
            return Some((i + 1, "date", Some(format!("{}X", &w[..3]))));
        }
        // mid-2024, early 2025, late 2023, early 2000s, late March,
        // early next year: the modifier belongs to the expression.
        if matches!(w, "mid" | "early" | "late") {
            let k = if self.words.is(i + 1, "-") { i + 2 } else { i + 1 };
            if let Some(year) = year_number(self.words.word(k)) {
                return Some((k + 1, "date", Some(format!("{year:04}"))));
            }
            // Tested before reading the expression at `k`: a run of
            // "early early early …" would otherwise read one from every word
            // of the run, recursing to its end (quadratic, and a stack
            // overflow on a long run). None of these words opens with
            // "mid", "early" or "late", so this recurses once at most.
            let starts_right = self.month(k).is_some() || self.words.word(k).ends_with("0s") || self.words.is_any(k, &["next", "last", "this"]);
            if !starts_right {
                return None;
            }
            return self.at(k, sentence).filter(|(_, kind, _)| matches!(*kind, "date" | "relative"));
        }
        // A year on its own, not an amount ("2,000 troops" has a comma;
        // "2024 budget" is still the year).
        if let Some(year) = year_number(self.words.word(i)).filter(|y| (1900..=2100).contains(y)) {
            let before = i.checked_sub(1).map(|p| self.words.word(p)).unwrap_or("");
            let after = self.words.word(i + 1);
            let amount = matches!(before, "$" | "€" | "£" | "¥") || after.ends_with('%') || after == "%";
            let unit_after = after.chars().all(|c| c.is_lowercase()) && after.ends_with('s') && after.len() > 2;
            if !amount && !unit_after {
                return Some((i + 1, "date", Some(format!("{year:04}"))));
            }
            return None;
        }
        // Weekdays: "Tuesday", "last Friday", "next Monday", "this Sunday".
        if let Some(day) = self.weekday(i) {
            // "Sunday Times": a name.
            let next = self.words.word(i + 1);
            if next.starts_with(|c: char| c.is_uppercase()) && month_number(next).is_none() && !self.words.glued(i + 1) {
                return None;
            }
            // The tense of the clause around the weekday ("met on Monday
            // and will meet again on Saturday").
            let future = self.future(i.saturating_sub(6).max(sentence.0), i);
            let value = reference.map(|r| resolve_weekday(r, day, if future { 1 } else { 0 }).iso());
            return Some((i + 1, "relative", value));
        }
        // "will last six months": "last" the verb.
        let verb_last = w == "last" && i > 0 && self.words.is_any(i - 1, &["will", "to", "would", "could", "may", "might", "can", "should", "did", "does", "do", "'ll", "’ll"]);
        if !verb_last && matches!(w, "last" | "next" | "this" | "past" | "coming" | "previous") {
            if let Some(day) = self.weekday(i + 1) {
                let direction = match w {
                    "last" | "past" | "previous" => -1,
                    "next" | "coming" => 1,
                    _ => if self.sentence_is_future(sentence) { 1 } else { 0 },
                };
                let value = reference.map(|r| resolve_weekday(r, day, direction).iso());
                return Some((i + 2, "relative", value));
            }
            // "past two weeks", "last three years": durations.
            if matches!(w, "past" | "last" | "next" | "coming" | "previous") {
                if let Some((n, k)) = self.compound_number(i + 1) {
                    if let Some(u) = unit(self.words.word(k)) {
                        return Some((k + 1, "duration", Some(duration_value(n, u))));
                    }
                }
            }
            // "past decade", "past year": a duration of one unit.
            if w == "past" {
                if let Some(u) = unit(self.words.word(i + 1)) {
                    return Some((i + 2, "duration", Some(duration_value(1.0, u))));
                }
            }
            // "last month", "next year", "this week"
            if let Some((designator, _, _)) = unit(self.words.word(i + 1)).filter(|u| !u.1) {
                let offset = match w {
                    "last" | "past" | "previous" => -1,
                    "next" | "coming" => 1,
                    _ => 0,
                };
                let value = reference.and_then(|r| relative_period(r, designator, offset, self.words.word(i + 1)));
                return Some((i + 2, "relative", value));
            }
            return None;
        }
        match w {
            "yesterday" | "today" | "tomorrow" | "tonight" => {
                let offset = match w {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                return Some((i + 1, "relative", reference.map(|r| r.plus_days(offset).iso())));
            }
            "noon" | "midday" => return Some((i + 1, "time", Some("T12:00".into()))),
            "midnight" => return Some((i + 1, "time", Some("T00:00".into()))),
            "earlier" | "later" if self.words.is(i + 1, "this") => {
                if let Some((d, _, _)) = unit(self.words.word(i + 2)) {
                    let value = reference.and_then(|r| relative_period(r, d, 0, self.words.word(i + 2)));
                    return Some((i + 3, "relative", value));
                }
                return None;
            }
            "every" | "each" => {
                let (n, k) = self.compound_number(i + 1).filter(|(_, k)| unit(self.words.word(*k)).is_some()).unwrap_or((1.0, i + 1));
                if let Some(u) = unit(self.words.word(k)) {
                    return Some((k + 1, "set", Some(duration_value(n, u))));
                }
                if self.weekday(k).is_some() {
                    return Some((k + 1, "set", Some("P1W".into())));
                }
                return None;
            }
            "daily" => return Some((i + 1, "set", Some("P1D".into()))),
            "weekly" => return Some((i + 1, "set", Some("P1W".into()))),
            "monthly" => return Some((i + 1, "set", Some("P1M".into()))),
            "annually" | "yearly" => return Some((i + 1, "set", Some("P1Y".into()))),
            _ => {}
        }
        // Clock times: "3 p.m.", "10:30 a.m.", "3pm", "14:00 GMT".
        if let Some(time) = self.clock(i) {
            return Some(time);
        }
        // "decade-long", "year-long"
        if let Some(u) = unit(w).filter(|_| self.words.is(i + 1, "-") && self.words.is(i + 2, "long")) {
            return Some((i + 3, "duration", Some(duration_value(1.0, u))));
        }
        // Numbers of units: durations, "… ago", "… later".
        if let Some((n, k)) = self.compound_number(i) {
            // "three-and-a-half-year", "two-day", "10-year" (adjectives);
            // "45-year-old" is an age.
            if self.words.is(k, "-") {
                if let Some(u) = unit(self.words.word(k + 1)) {
                    if self.words.is(k + 2, "-") && self.words.is(k + 3, "old") {
                        return None;
                    }
                    let long = self.words.is(k + 2, "-") && self.words.is(k + 3, "long");
                    return Some((if long { k + 4 } else { k + 2 }, "duration", Some(duration_value(n, u))));
                }
                return None;
            }
            let u = unit(self.words.word(k))?;
            if self.words.is(k + 1, "ago") {
                let value = reference.and_then(|r| ago(r, n, u));
                return Some((k + 2, "relative", value));
            }
            if matches!(LowerWord::ascii(self.words.word(k + 1)).as_str(), "later" | "after" | "earlier" | "before") {
                return Some((k + 2, "relative", None));
            }
            if self.words.is(k + 1, "-") && self.words.is(k + 2, "old") {
                return None; // "45 years old" as an age
            }
            if self.words.is(k + 1, "old") {
                return None;
            }
            return Some((k + 1, "duration", Some(duration_value(n, u))));
        }
        None
    }

    /// Full dates in the byline forms, with the day-month order check.
    fn absolute(&self, i: usize) -> Option<(usize, Option<String>)> {
        let w = self.words.word(i);
        // 19/08/2025, 05/06/2025 (ambiguous: no value)
        if w.matches('/').count() == 2 && w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let mut parts = w.split('/');
            let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            let year = year_number(y)?;
            let value = match (a > 12, b > 12) {
                (true, false) => Some((b, a)),
                (false, true) => Some((a, b)),
                (false, false) if a == b => Some((a, b)),
                _ => None,
            };
            let iso = value.and_then(|(m, d)| (d <= days_in_month(year, m) && (1..=12).contains(&m)).then(|| format!("{year:04}-{m:02}-{d:02}")));
            return Some((i + 1, iso));
        }
        // 2025-08-19
        if let Some(year) = year_number(w) {
            if self.words.is(i + 1, "-") && self.words.glued(i + 1) && self.words.glued(i + 2) && self.words.is(i + 3, "-") && self.words.glued(i + 4) {
                let (m, d): (u32, u32) = (self.words.word(i + 2).parse().ok()?, self.words.word(i + 4).parse().ok()?);
                if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(year, m) {
                    return Some((i + 5, Some(format!("{year:04}-{m:02}-{d:02}"))));
                }
            }
            return None;
        }
        // August 19, 2025 / Aug. 19 2025
        if let Some(month) = self.month(i) {
            let day = day_number(self.words.word(i + 1))?;
            let year_at = if self.words.is(i + 2, ",") { i + 3 } else { i + 2 };
            let year = year_number(self.words.word(year_at))?;
            return (day <= days_in_month(year, month)).then(|| (year_at + 1, Some(format!("{year:04}-{month:02}-{day:02}"))));
        }
        // 19 August 2025
        if let Some(day) = day_number(w) {
            let month = self.month(i + 1)?;
            let year_at = if self.words.is(i + 2, ",") { i + 3 } else { i + 2 };
            return match year_number(self.words.word(year_at)) {
                Some(year) if day <= days_in_month(year, month) => Some((year_at + 1, Some(format!("{year:04}-{month:02}-{day:02}")))),
                Some(_) => None,
                // "3 March": no year — relative to the reference year.
                None => Some((i + 2, self.reference.map(|r| format!("{:04}-{month:02}-{day:02}", r.year)))),
            };
        }
        None
    }

    /// "3 p.m.", "10:30 a.m.", "3pm", "14:00 GMT".
    fn clock(&self, i: usize) -> Option<(usize, &'static str, Option<String>)> {
        let w = LowerWord::ascii(self.words.word(i));
        let (digits, suffix) = match w.find(|c: char| c.is_ascii_alphabetic()) {
            Some(p) => (&w[..p], &w[p..]),
            None => (w.as_str(), ""),
        };
        let (hour, minute): (u32, u32) = match digits.split_once(':') {
            Some((h, m)) => (h.parse().ok()?, m.parse().ok()?),
            None if !digits.is_empty() && digits.len() <= 2 => (digits.parse().ok()?, 0),
            None => return None,
        };
        if hour > 24 || minute > 59 {
            return None;
        }
        let next = LowerWord::ascii(self.words.word(i + 1));
        let (meridiem, end) = if matches!(suffix, "am" | "pm") {
            (Some(suffix == "pm"), i + 1)
        } else if suffix.is_empty() && matches!(next.as_str(), "a.m." | "p.m." | "am" | "pm") {
            (Some(next.starts_with('p')), i + 2)
        } else if suffix.is_empty() && digits.contains(':') {
            (None, i + 1)
        } else {
            return None;
        };
        let hour = match meridiem {
            Some(true) if hour < 12 => hour + 12,
            Some(false) if hour == 12 => 0,
            _ => hour,
        };
        // A time zone right after: "14:00 GMT", "3 p.m. ET".
        const ZONES: [&str; 12] = ["gmt", "utc", "bst", "cet", "cest", "et", "est", "edt", "pt", "pst", "pdt", "msk"];
        let end = if ZONES.contains(&LowerWord::ascii(self.words.word(end)).as_str()) && self.words.word(end).chars().all(|c| c.is_uppercase()) {
            end + 1
        } else {
            end
        };
        Some((end, "time", Some(format!("T{hour:02}:{minute:02}"))))
    }
}

/// The weekday `day` (0 = Monday) relative to `reference`: `0` the most
/// recent on or before it, `-1` strictly before it, `1` strictly after it.
fn resolve_weekday(reference: Day, day: u32, direction: i32) -> Day {
    let today = reference.weekday() as i64;
    let day = i64::from(day);
    match direction {
        1 => reference.plus_days((day - today - 1).rem_euclid(7) + 1),
        -1 => reference.plus_days(-((today - day - 1).rem_euclid(7) + 1)),
        _ => reference.plus_days(-((today - day).rem_euclid(7))),
    }
}

/// "last month" (`YYYY-MM`), "next year" (`YYYY`), "this week" (`YYYY-Www`).
fn relative_period(reference: Day, designator: char, offset: i32, word: &str) -> Option<String> {
    let lower = LowerWord::ascii(word);
    match (designator, lower.as_str().trim_end_matches('s')) {
        ('Y', "year") => Some(format!("{:04}", reference.year + offset)),
        ('M', "month") => {
            let (y, m) = reference.plus_months(offset);
            Some(format!("{y:04}-{m:02}"))
        }
        ('W', _) => Some(reference.plus_days(7 * i64::from(offset)).iso_week()),
        ('D', _) => Some(reference.plus_days(i64::from(offset)).iso()),
        _ => None,
    }
}

/// "two weeks ago" (a day), "three months ago" (a month), "a year ago".
fn ago(reference: Day, n: f64, (designator, clock, multiplier): (char, bool, f64)) -> Option<String> {
    if clock || n.fract() != 0.0 {
        return None;
    }
    let n = (n * multiplier) as i64;
    match designator {
        'D' => Some(reference.plus_days(-n).iso()),
        'W' => Some(reference.plus_days(-7 * n).iso()),
        'M' => {
            let (y, m) = reference.plus_months(-(n as i32));
            Some(format!("{y:04}-{m:02}"))
        }
        'Y' => Some(format!("{:04}", i64::from(reference.year) - n)),
        _ => None,
    }
}

/// Leading words that are not part of an expression.
const PREPOSITIONS: [&str; 11] = ["on", "in", "at", "by", "since", "until", "from", "during", "for", "over", "within"];

/// Every temporal expression of the content sentences.
pub fn find_dates(text: &str, segmentation: &Segmentation, reference: Option<Day>) -> Vec<DateMention> {
    let scanner = Scanner { words: TokenText { text, tokens: &segmentation.tokens }, reference, sentence_future: std::cell::Cell::new(None) };
    let mut out = Vec::new();
    // A preposition never opens an expression ("on Monday" is "Monday"). It
    // is tested only where an expression was found, which is rare: a test
    // per token cost more than the scan.
    let preposition = |i: usize| PREPOSITIONS.iter().any(|p| scanner.words.is(i, p));
    for sentence in &segmentation.sentences {
        let range = (sentence.tokens.start, sentence.tokens.end);
        let mut i = range.0;
        while i < range.1 {
            match scanner.at(i, range) {
                Some((end, kind, value)) if end > i && end <= range.1 && !preposition(i) => {
                    let (s, e) = (scanner.words.tokens[i].start, scanner.words.tokens[end - 1].end);
                    out.push(DateMention { start: s, end: e, text: text[s..e].to_string(), kind: kind.to_string(), value });
                    i = end;
                }
                _ => i += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_arithmetic() {
        let d = Day::parse("2025-08-19").unwrap();
        assert_eq!(d.weekday(), 1); // a Tuesday
        assert_eq!(d.plus_days(-19).iso(), "2025-07-31");
        assert_eq!(Day::parse("2024-03-01").unwrap().plus_days(-1).iso(), "2024-02-29");
        assert_eq!(d.iso_week(), "2025-W34");
        assert_eq!(Day::parse("2021-01-01").unwrap().iso_week(), "2020-W53");
        assert_eq!(resolve_weekday(d, 1, 0).iso(), "2025-08-19");
        assert_eq!(resolve_weekday(d, 4, 0).iso(), "2025-08-15");
        assert_eq!(resolve_weekday(d, 4, 1).iso(), "2025-08-22");
        assert_eq!(resolve_weekday(d, 1, -1).iso(), "2025-08-12");
        assert_eq!(Day::parse("2025-13-01"), None);
    }

    #[test]
    fn decimals_are_short_and_exact_enough() {
        for (n, text) in [
            (2.0, "2"),
            (1.5, "1.5"),
            (0.25, "0.25"),
            (110.00000000000001, "110"),
            (1.0 / 3.0, "0.333333"),
            (0.0000004, "0"),
            (-2.5, "-2.5"),
            (-0.0000001, "0"),
            (12_345_678.125, "12345678.125"),
            (0.9999997, "1"),
            (2.9999999, "3"),
            (999_999_999_999.0, "999999999999"),
            (123_456_789_012.5, "123456789012.5"),
            (2e13, "20000000000000"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1e30, "1000000000000000019884624838656"),
            (f64::NAN, "0"),
        ] {
            assert_eq!(decimal(n), text, "{n}");
        }
        assert_eq!(duration_value(2.5, ('Y', false, 10.0)), "P25Y");
        assert_eq!(duration_value(1.5, ('H', true, 1.0)), "PT1.5H");
    }
}
