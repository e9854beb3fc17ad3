//! Character classes shared by the stages.
//!
//! Pasted news mixes ASCII with typographic characters: curly quotes,
//! non-breaking and thin spaces, zero-width characters, em dashes glued to
//! words. These predicates say once what counts as what, so every stage
//! treats `“` like `"` and U+00A0 like a space.

/// Whitespace, including the invisible characters pastes carry (zero-width
/// space, word joiner, byte-order mark) that Unicode does not call white space.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Quote marks that can open a quotation.
#[inline]
pub fn is_opening_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '„' | '‚' | '«' | '‹' | '「' | '『' | '‟' | '‛')
}

/// Quote marks that can close a quotation.
#[inline]
pub fn is_closing_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | '」' | '』' | '“')
}

/// Any quote mark.
#[inline]
pub fn is_quote(c: char) -> bool {
    is_opening_quote(c) || is_closing_quote(c)
}

/// Apostrophes, straight and typographic.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Dashes and hyphens that separate words.
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// Brackets that close.
#[inline]
pub fn is_closing_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '）' | '】')
}

/// Brackets that open.
#[inline]
pub fn is_opening_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '（' | '【')
}

/// Terminal punctuation of a sentence, Western and CJK.
#[inline]
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉')
}

/// CJK full stops end a sentence without a following space.
#[inline]
pub fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Ideographs and kana: written without spaces, so each is its own token.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Combining marks and joiners that belong to the preceding character.
#[inline]
pub fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0xFE00..=0xFE0F | 0x200C | 0x200D | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Letters and digits that make words (combining marks included).
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (is_combining(c) && !matches!(c, '\u{200C}' | '\u{200D}'))
}

/// Control characters other than tab, newline and carriage return.
#[inline]
pub fn is_unexpected_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `text` without leading and trailing [`is_space`] characters, with the
/// byte offset of the trimmed start.
pub fn trim_spaces(text: &str) -> (usize, &str) {
    let trimmed_start = text.trim_start_matches(is_space);
    let offset = text.len() - trimmed_start.len();
    (offset, trimmed_start.trim_end_matches(is_space))
}

/// A lowercased word, without a heap string when it is short (as almost
/// every word is): the scanners lowercase each token to compare it with
/// their lists, and a heap string per token per scanner was most of their
/// allocations. [`LowerWord::ascii`] lowercases ASCII letters only (the
/// text of [`str::to_ascii_lowercase`]) and borrows a word that has no
/// ASCII capital, most words of running text, which also spares the UTF-8
/// check that reading a lowercased copy back as `str` costs;
/// [`LowerWord::owned`] holds a word a caller lowercased by other rules.
pub struct LowerWord<'a>(Lowered<'a>);

enum Lowered<'a> {
    /// The word itself: it had no ASCII capital.
    Borrowed(&'a str),
    /// A short word with its ASCII capitals lowercased.
    Inline { bytes: [u8; LowerWord::INLINE], len: u8 },
    Owned(String),
}

impl<'a> LowerWord<'a> {
    const INLINE: usize = 24;

    /// `word` with its ASCII letters lowercased.
    pub fn ascii(word: &'a str) -> LowerWord<'a> {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return LowerWord(Lowered::Borrowed(word));
        }
        let mut bytes = [0u8; Self::INLINE];
        match bytes.get_mut(..word.len()) {
            Some(buffer) => {
                buffer.copy_from_slice(word.as_bytes());
                buffer.make_ascii_lowercase();
                LowerWord(Lowered::Inline { bytes, len: word.len() as u8 })
            }
            None => LowerWord(Lowered::Owned(word.to_ascii_lowercase())),
        }
    }

    /// A word already lowercased by other rules (Unicode case, say).
    pub fn owned(word: String) -> LowerWord<'a> {
        LowerWord(Lowered::Owned(word))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Lowered::Borrowed(word) => word,
            // ASCII case changes keep UTF-8 valid, so this never fails.
            Lowered::Inline { bytes, len } => std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or(&[])).unwrap_or(""),
            Lowered::Owned(word) => word,
        }
    }
}

impl PartialEq<&str> for LowerWord<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::ops::Deref for LowerWord<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Words of `text`, counting stops once past `limit` (cheap on long
/// paragraphs when only a bound matters): the count when it is at most
/// `limit`, `limit + 1` otherwise.
pub fn count_words_up_to(text: &str, limit: usize) -> usize {
    // Eight ASCII bytes at a time where the text is ASCII (SWAR: a space
    // mask of the eight bytes, then a word starts at each non-space byte
    // after a space), char by char elsewhere. The char loop alone was a
    // third of the line guesser's time: it runs on every line of a paste.
    let bytes = text.as_bytes();
    let cap = limit.saturating_add(1);
    let mut count = 0usize;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            let x = u64::from_le_bytes(chunk);
            if x & HIGH_BITS == 0 {
                let space = ascii_space_bytes(x);
                let word = !space & HIGH_BITS;
                // The byte before each byte is a space: shifted in from the
                // chunk before for the first byte.
                let after_space = (space << 8) | if in_word { 0 } else { 0x80 };
                count += (word & after_space).count_ones() as usize;
                if count >= cap {
                    return cap;
                }
                in_word = word >> 63 != 0;
                i += 8;
                continue;
            }
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
        i += c.len_utf8();
        // ASCII whitespace as `char::is_ascii_whitespace` has it (no
        // vertical tab); `is_space` beyond ASCII.
        let space = if c.is_ascii() { c.is_ascii_whitespace() } else { is_space(c) };
        if !space && !in_word {
            count += 1;
            if count >= cap {
                return cap;
            }
        }
        in_word = !space;
    }
    count
}

/// The high bit of each of eight bytes: set in none of them when all are
/// ASCII.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (eight ASCII bytes) that is ASCII
/// whitespace: space, tab, line feed, form feed or carriage return.
fn ascii_space_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // A byte of `x ^ b * ONES` is zero where `x` has `b`; with every high
    // bit clear, adding 0x7F to a byte sets its high bit unless it is
    // zero, and no carry crosses into the next byte.
    let equal = |b: u8| !((x ^ u64::from(b) * ONES) + LOW7) & HIGH_BITS;
    equal(b' ') | equal(b'\t') | equal(b'\n') | equal(0x0C) | equal(b'\r')
}

/// Whether the Levenshtein distance of `a` and `b` is at most `limit`
/// (computed row by row, stopping as soon as every cell of a row exceeds
/// the limit). Used to recognize spellings of one name ("Zelensky" /
/// "Zelenskyy").
///
/// The two rows live on the stack for words of up to [`ROW_ON_STACK`]
/// letters: a long text of many similar names makes millions of these
/// tests, and two allocations each were most of their cost.
pub fn within_edits<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> bool {
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let mut stack = [[0usize; ROW_ON_STACK + 1]; 2];
    let mut heap: Vec<usize>;
    let (mut previous, mut current) = if b.len() <= ROW_ON_STACK {
        let [p, c] = &mut stack;
        (&mut p[..=b.len()], &mut c[..=b.len()])
    } else {
        heap = vec![0; 2 * (b.len() + 1)];
        heap.split_at_mut(b.len() + 1)
    };
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > limit {
            return false;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= limit
}

/// Words of up to this many letters are compared by [`within_edits`]
/// without allocating.
const ROW_ON_STACK: usize = 32;

/// Whether `text` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `text` ends with `suffix`, ignoring ASCII case.
pub fn ends_with_ignore_ascii_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len() && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Byte offset of the last occurrence of `needle` in `text`, ignoring ASCII
/// case. `needle` must be ASCII, so the offset is a char boundary.
pub fn find_ignore_ascii_case(text: &str, needle: &str) -> Option<usize> {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    if n.is_empty() || t.len() < n.len() {
        return None;
    }
    (0..=t.len() - n.len()).rev().find(|&i| t[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Writes `text` into `out` in the form lexicons are matched against:
/// lowercase, curly apostrophes and quotes straightened, every run of spaces
/// a single ASCII space. Offsets are not preserved: use for matching only.
pub fn normalize_for_matching(text: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            '’' | '‘' | 'ʼ' => out.push('\''),
            '“' | '”' | '„' => out.push('"'),
            '–' | '—' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nbsp_and_zero_width_are_spaces() {
        assert!(is_space('\u{00A0}'));
        assert!(is_space('\u{200B}'));
        assert!(is_space('\u{FEFF}'));
        assert!(!is_space('a'));
    }

    #[test]
    fn trim_reports_offset() {
        assert_eq!(trim_spaces("\u{00A0} ab \n"), (3, "ab"));
        assert_eq!(trim_spaces("   "), (3, ""));
    }

    #[test]
    fn normalization_folds_typography() {
        let mut out = String::new();
        normalize_for_matching("  Leave\u{00A0}a   Reply’s “X”—É ", &mut out);
        assert_eq!(out, "leave a reply's \"x\"-é");
    }

    #[test]
    fn edit_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_edits(&c("zelensky"), &c("zelenskyy"), 1));
        assert!(within_edits(&c("zelenskiy"), &c("zelenskyy"), 1));
        assert!(!within_edits(&c("zelensky"), &c("zelenskaya"), 1));
        assert!(within_edits(&c(""), &c("ab"), 2));
        assert!(!within_edits(&c("abc"), &c("xyz"), 2));
    }

    /// Rows on the stack up to 32 letters, on the heap past them: both
    /// sides of the boundary, on chars and on bytes, against a plain
    /// full-matrix Levenshtein distance.
    #[test]
    fn within_edits_on_both_sides_of_the_stack_rows() {
        fn distance(a: &[u8], b: &[u8]) -> usize {
            let mut d: Vec<Vec<usize>> = (0..=a.len()).map(|i| (0..=b.len()).map(|j| if i == 0 { j } else if j == 0 { i } else { 0 }).collect()).collect();
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    d[i][j] = (d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1])).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
                }
            }
            d[a.len()][b.len()]
        }
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        let base = "abcdefghijklmnopqrstuvwxyzabcdefghij";
        for len in [0, 1, 5, 31, 32, 33, 34, 36] {
            let a = &base[..len];
            let mut variants = vec![a.to_string(), format!("{a}x"), format!("x{a}"), format!("{a}xy"), format!("{a}xyz")];
            if len >= 3 {
                variants.push(format!("{}q{}", &a[..len / 2], &a[len / 2 + 1..]));
                variants.push(format!("{}{}", &a[..len / 3], &a[len / 3 + 2..]));
                variants.push(a.chars().rev().collect());
            }
            for b in &variants {
                for limit in 0..=3 {
                    let expected = distance(a.as_bytes(), b.as_bytes()) <= limit;
                    assert_eq!(within_edits(a.as_bytes(), b.as_bytes(), limit), expected, "{a} {b} {limit}");
                    assert_eq!(within_edits(&c(b), &c(a), limit), expected, "{b} {a} {limit}");
                }
            }
        }
    }

    #[test]
    fn ascii_case_helpers() {
        assert!(starts_with_ignore_ascii_case("By Jane", "by "));
        assert!(!starts_with_ignore_ascii_case("B", "by "));
        assert!(ends_with_ignore_ascii_case("Jane Doe | REUTERS", "Reuters"));
        assert_eq!(find_ignore_ascii_case("Posted on X BY Jane by Bo", " by "), Some(19));
        assert_eq!(find_ignore_ascii_case("é by", " by"), Some(2));
        assert_eq!(find_ignore_ascii_case("ab", " by "), None);
    }

    #[test]
    fn lower_word_matches_std() {
        for word in ["", "Putin", "MONDAY", "Zürich", "ÉCOLE", "a", "Mixed-Case’s", &"Long".repeat(10), "exactly24characterslong!", "Exactly24CharactersLong!", "Exactly25CharactersLong!!"] {
            assert_eq!(LowerWord::ascii(word).as_str(), word.to_ascii_lowercase(), "{word}");
        }
    }

    /// The char-wise rule the eight-byte count restates.
    fn count_words_by_chars(text: &str, limit: usize) -> usize {
        let mut count = 0;
        let mut in_word = false;
        for c in text.chars() {
            let space = if c.is_ascii() { c.is_ascii_whitespace() } else { is_space(c) };
            if !space && !in_word {
                count += 1;
                if count > limit {
                    break;
                }
            }
            in_word = !space;
        }
        count
    }

    #[test]
    fn eight_byte_word_count_matches_char_wise() {
        let pieces = ["a", "word", "Zoë", " ", "  ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{7F}", "\0", "\u{A0}", "\u{2003}", "\u{200B}", "東京", "😀", "e\u{301}", "-", "\u{85}", "!", "~"];
        let mut next = crate::testing::xorshift(17);
        for _ in 0..5000 {
            let n = next() % 40;
            let text: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            for limit in [0, 1, 2, 3, 7, 40, usize::MAX] {
                assert_eq!(count_words_up_to(&text, limit), count_words_by_chars(&text, limit), "{text:?} {limit}");
            }
        }
        // Every ASCII byte, alone and between words, in and out of a chunk.
        for b in 0..128u8 {
            let c = char::from(b);
            for text in [format!("{c}"), format!("ab{c}cd"), format!("abcdefg{c}hijklmnop"), format!("{c}{c}{c}{c}{c}{c}{c}{c}{c}x")] {
                assert_eq!(count_words_up_to(&text, usize::MAX), count_words_by_chars(&text, usize::MAX), "{text:?}");
            }
        }
    }

    /// The tokenizer skips the combining-mark test for ASCII bytes.
    #[test]
    fn no_ascii_char_is_combining() {
        assert!((0..128u8).all(|b| !is_combining(char::from(b))));
    }

    #[test]
    fn words_are_counted_across_nbsp() {
        // Counting stops one past the limit.
        assert_eq!(count_words_up_to("a\u{00A0}b  c", 1), 2);
        assert_eq!(count_words_up_to("a\u{00A0}b  c", 2), 3);
        assert_eq!(count_words_up_to("a\u{00A0}b  c", 3), 3);
        assert_eq!(count_words_up_to("a\u{00A0}b  c", usize::MAX), 3);
        assert_eq!(count_words_up_to("", usize::MAX), 0);
        // The count is that of the pieces between spaces.
        for text in ["", " ", "one", " two  words ", "naïve\u{2003}café 東京 😀x", "a\u{200B}b\tc\nd", "\u{3000}lead"] {
            let by_chars = text.split(is_space).filter(|w| !w.is_empty()).count();
            assert_eq!(count_words_up_to(text, usize::MAX), by_chars, "{text:?}");
        }
    }
}
