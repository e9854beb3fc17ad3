//! Numbers: money, percentages and simple counts.
//!
//! Takes the content sentences' tokens, gives `money` ("$1.2 billion",
//! "€50m", "1.5 trillion rubles", "50 cents") with the amount and its
//! ISO-4217 currency, `percent` ("3.5%", "3.5 percent", "3.5 per cent"), and
//! `quantity` — a number and the plural noun it counts ("3,000 troops",
//! "two million barrels"). Years, dates, times, ages, scores and ordinals are
//! not numbers here (dates are [`crate::temporal`]'s).

use crate::model::NumberMention;
use crate::segment::Segmentation;
use crate::text::LowerWord;
use crate::tokenize::TokenText;

/// Currency signs and prefixes, with their ISO-4217 code.
const SIGNS: [(&str, &str); 12] = [
    ("$", "USD"), ("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₽", "RUB"),
    ("C$", "CAD"), ("A$", "AUD"), ("HK$", "HKD"), ("R$", "BRL"), ("₴", "UAH"),
];

/// Currency abbreviations written before an amount with a space ("Rs 500
/// crore", "CHF 300 million", "USD 5 million").
const PREFIXES: [(&str, &str); 12] = [
    ("Rs", "INR"), ("Rs.", "INR"), ("INR", "INR"), ("CHF", "CHF"), ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP"),
    ("JPY", "JPY"), ("CNY", "CNY"), ("RMB", "CNY"), ("RUB", "RUB"), ("UAH", "UAH"),
];

/// Currency words after an amount, with their code.
const WORDS: [(&str, &str); 30] = [
    ("dollars", "USD"), ("dollar", "USD"), ("euros", "EUR"), ("euro", "EUR"), ("pounds", "GBP"), ("pound", "GBP"),
    ("yen", "JPY"), ("yuan", "CNY"), ("renminbi", "CNY"), ("rubles", "RUB"), ("roubles", "RUB"), ("ruble", "RUB"),
    ("rupees", "INR"), ("rupee", "INR"), ("francs", "CHF"), ("hryvnias", "UAH"), ("hryvnia", "UAH"), ("reais", "BRL"),
    ("real", "BRL"), ("pesos", "MXN"), ("lira", "TRY"), ("won", "KRW"), ("shekels", "ILS"), ("dirhams", "AED"),
    ("riyals", "SAR"), ("rand", "ZAR"), ("zloty", "PLN"), ("krona", "SEK"), ("kronor", "SEK"), ("cents", "USD"),
];

/// Scale words and suffixes.
fn scale(word: &str) -> Option<f64> {
    Some(match LowerWord::ascii(word).as_str() {
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" | "mln" => 1e6,
        "billion" | "bn" | "b" | "bln" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        "crore" => 1e7,
        "lakh" => 1e5,
        _ => return None,
    })
}

/// Number words for counts.
fn number_word(word: &str) -> Option<f64> {
    const WORDS: [&str; 21] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];
    let w = LowerWord::ascii(word);
    let w = w.as_str();
    WORDS.iter().position(|x| *x == w).map(|n| n as f64).or(match w {
        "thirty" => Some(30.0),
        "forty" => Some(40.0),
        "fifty" => Some(50.0),
        "hundred" => Some(100.0),
        "dozen" => Some(12.0),
        _ => None,
    })
}

/// Nouns counted by time, money or measure: not quantities here.
const NOT_UNITS: [&str; 22] = [
    "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries", "percent", "cents",
    "dollars", "euros", "pounds", "points", "goals", "runs", "wickets", "times", "others", "s", "ones",
];

struct Reader<'a> {
    words: TokenText<'a>,
}

impl Reader<'_> {
    /// A number at `i` in digits ("3,000", "1.2", "50m") or words: its
    /// value and the token after it (a glued scale suffix included).
    fn amount(&self, i: usize) -> Option<(f64, usize)> {
        let w = self.words.word(i);
        if w.starts_with(|c: char| c.is_ascii_digit()) {
            let digits: String = w.chars().take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.').collect();
            let suffix = &w[digits.len()..];
            let mut value: f64 = digits.replace(',', "").parse().ok()?;
            if !suffix.is_empty() {
                value *= scale(suffix)?;
            }
            let mut next = i + 1;
            if let Some(s) = scale(self.words.word(next)).filter(|_| self.words.word(next).len() > 2) {
                value *= s;
                next += 1;
            }
            return Some((value, next));
        }
        if w.len() > 9 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        // "a dozen"
        if (w == "a" || w == "A") && self.words.word(i + 1).eq_ignore_ascii_case("dozen") {
            return Some((12.0, i + 2));
        }
        let mut value = number_word(w)?;
        let mut next = i + 1;
        // "Thirty-five"
        if value >= 20.0 && value % 10.0 == 0.0 && self.words.word(next) == "-" && self.words.glued(next) {
            if let Some(units) = number_word(self.words.word(next + 1)).filter(|u| *u >= 1.0 && *u <= 9.0) {
                value += units;
                next += 2;
            }
        }
        if let Some(s) = scale(self.words.word(next)).filter(|_| self.words.word(next).len() > 2) {
            value *= s;
            next += 1;
        }
        Some((value, next))
    }
}

/// Money, percentages and counts in the content sentences.
pub fn find_numbers(text: &str, segmentation: &Segmentation) -> Vec<NumberMention> {
    let r = Reader { words: TokenText { text, tokens: &segmentation.tokens } };
    let mut out = Vec::new();
    for sentence in &segmentation.sentences {
        let (start, end) = (sentence.tokens.start, sentence.tokens.end);
        let mut i = start;
        while i < end {
            if let Some((mention, next)) = number_at(&r, i, start, end) {
                out.push(mention);
                i = next;
            } else {
                i += 1;
            }
        }
    }
    out
}

fn number_at(r: &Reader<'_>, i: usize, sentence_start: usize, end: usize) -> Option<(NumberMention, usize)> {
    let make = |first: usize, last: usize, kind: &str, amount: f64, currency: Option<&str>, unit: Option<String>| {
        let (s, e) = (r.words.tokens[first].start, r.words.tokens[last - 1].end);
        NumberMention {
            start: s,
            end: e,
            text: r.words.text[s..e].to_string(),
            kind: kind.to_string(),
            amount,
            currency: currency.map(str::to_string),
            unit,
        }
    };
    let w = r.words.word(i);
    // "US$5": "US" glued to "$".
    let (sign_start, sign, after_sign) = if w == "US" || w == "C" || w == "A" || w == "HK" || w == "R" {
        let joined = format!("{w}{}", r.words.word(i + 1));
        match SIGNS.iter().find(|(s, _)| *s == joined).filter(|_| r.words.glued(i + 1)) {
            Some(&(_, code)) => (i, Some(code), i + 2),
            None => (i, None, i),
        }
    } else if let Some(&(_, code)) = PREFIXES.iter().find(|(p, _)| *p == w).filter(|_| !r.words.glued(i + 1)) {
        (i, Some(code), i + 1)
    } else {
        (i, SIGNS.iter().find(|(s, _)| *s == w).map(|&(_, c)| c), i + 1)
    };
    if let Some(code) = sign {
        let (amount, next) = r.amount(after_sign).filter(|_| after_sign < end)?;
        // "$1-2 billion": a range, not one amount.
        if r.words.word(next) == "-" && r.words.glued(next) {
            return None;
        }
        return Some((make(sign_start, next, "money", amount, Some(code), None), next));
    }
    let (amount, next) = r.amount(i)?;
    // A year, a clock time or part of a date is not a number here.
    if w.contains(':') || w.matches('/').count() > 0 {
        return None;
    }
    let after = LowerWord::ascii(r.words.word(next));
    let after = after.as_str();
    // Percentages.
    if after == "%" && r.words.glued(next) {
        return Some((make(i, next + 1, "percent", amount, None, None), next + 1));
    }
    if after == "percent" {
        return Some((make(i, next + 1, "percent", amount, None, None), next + 1));
    }
    if after == "per" && r.words.word(next + 1).eq_ignore_ascii_case("cent") {
        return Some((make(i, next + 2, "percent", amount, None, None), next + 2));
    }
    // Currency words after the amount: "1.5 trillion rubles", "50 cents".
    if let Some(&(word, code)) = WORDS.iter().find(|(word, _)| *word == after) {
        let value = if word == "cents" { amount / 100.0 } else { amount };
        // "Swiss francs"
        return Some((make(i, next + 1, "money", value, Some(code), None), next + 1));
    }
    if after == "swiss" && r.words.word(next + 1).eq_ignore_ascii_case("francs") {
        return Some((make(i, next + 2, "money", amount, Some("CHF"), None), next + 2));
    }
    // Counts: a number and the plural noun it counts.
    let digits = w.starts_with(|c: char| c.is_ascii_digit());
    let plain_year = digits && w.len() == 4 && !w.contains([',', '.']) && (1900..=2100).contains(&(amount as i64));
    let counted = after.len() > 2
        && after.chars().all(|c| c.is_ascii_lowercase())
        && (after.ends_with('s') || matches!(after, "people" | "police" | "children" | "men" | "women" | "staff" | "personnel"))
        && !NOT_UNITS.contains(&after)
        && next < end
        && !r.words.glued(next);
    // "45-year-old", "3-1" scores: hyphenated numbers are not counts; nor
    // is a number that ends a name ("Fortune 500 companies", "FTSE 100").
    let named = i > sentence_start && r.words.word(i - 1).len() > 1 && r.words.word(i - 1).starts_with(char::is_uppercase);
    let hyphenated = i > 0 && r.words.word(i - 1) == "-" && r.words.glued(i);
    if counted && !plain_year && !named && !hyphenated {
        return Some((make(i, next + 1, "quantity", amount, None, Some(r.words.word(next).to_string())), next + 1));
    }
    None
}
