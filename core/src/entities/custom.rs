//! Names the caller adds: a custom lexicon of people, organizations, places
//! or other names the model and gazetteers may not know ("Zorblat
//! Industries", a new minister).
//!
//! Takes the entity mentions the tagger found and the caller's entries
//! ([`crate::LexiconEntry`]), gives the mentions with every occurrence of an
//! entry in the content sentences labelled as the entry says. A custom name
//! wins over what the tagger found where they overlap: the caller knows
//! their names better than a model trained on 1996 news.
//!
//! Matching is exact and case-sensitive (names are written one way in news),
//! leftmost-longest across all entries (one Aho-Corasick pass, so cost does
//! not grow with the number of entries), and only on token boundaries:
//! "Acme" is not found inside "Acmeville".

use aho_corasick::{AhoCorasick, MatchKind};

use crate::error::{Error, ErrorKind};
use crate::model::EntityMention;
use crate::segment::Segmentation;
use crate::LexiconEntry;

/// The labels a custom entry may have (those of [`EntityMention::label`]).
pub const LABELS: [&str; 6] = ["PERSON", "ORG", "GPE", "LOC", "NORP", "MISC"];

/// Longest custom name accepted, in bytes: the longest mention.
pub const MAX_NAME_BYTES: usize = crate::model::MAX_MENTION_BYTES;

/// Checks the entries: a known label and a name of 1 to [`MAX_NAME_BYTES`]
/// bytes that is not only whitespace.
pub fn validate(entries: &[LexiconEntry]) -> Result<(), Error> {
    for entry in entries {
        if !LABELS.contains(&entry.label.as_str()) {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!(
                    "lexicon entry {:?} has label {:?}; labels are {}",
                    entry.name,
                    entry.label,
                    LABELS.join(", ")
                ),
            ));
        }
        let name = entry.name.trim();
        if name.is_empty() || name.len() > MAX_NAME_BYTES {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!(
                    "lexicon names must have 1 to {MAX_NAME_BYTES} bytes, not {:?}",
                    entry.name
                ),
            ));
        }
    }
    Ok(())
}

/// Labels every occurrence of an entry in the sentences of `segmentation`,
/// replacing the mentions it overlaps; `mentions` stays sorted and
/// non-overlapping. Entries are assumed valid ([`validate`]).
pub fn apply(
    text: &str,
    segmentation: &Segmentation,
    entries: &[LexiconEntry],
    mentions: &mut Vec<EntityMention>,
) {
    if entries.is_empty() {
        return;
    }
    let names: Vec<&str> = entries.iter().map(|e| e.name.trim()).collect();
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
    else {
        return;
    };
    let tokens = &segmentation.tokens;
    let starts_token = |at: usize| tokens.binary_search_by_key(&at, |t| t.start).is_ok();
    let ends_token = |at: usize| tokens.binary_search_by(|t| t.end.cmp(&at)).is_ok();
    let mut found: Vec<EntityMention> = Vec::new();
    for sentence in &segmentation.sentences {
        let (start, end) = sentence.span(tokens);
        let Some(haystack) = text.get(start..end) else {
            continue;
        };
        for m in automaton.find_iter(haystack) {
            let (s, e) = (start + m.start(), start + m.end());
            if starts_token(s) && ends_token(e) {
                let label = &entries[m.pattern().as_usize()].label;
                found.push(EntityMention {
                    start: s,
                    end: e,
                    text: text[s..e].to_string(),
                    label: label.clone(),
                    entity: None,
                });
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // `found` ascends and its matches do not overlap (sentences in order,
    // leftmost-longest matches within each), so its ends ascend too: the
    // only match that can overlap a mention is the first one ending after
    // the mention starts. A search, not a scan of every match per mention.
    mentions.retain(|m| {
        let k = found.partition_point(|f| f.end <= m.start);
        found.get(k).is_none_or(|f| f.start >= m.end)
    });
    mentions.extend(found);
    mentions.sort_by_key(|m| m.start);
}

#[cfg(test)]
mod tests {
    use crate::entities::tests::has;
    use crate::{extract, LexiconEntry, Options};

    fn with(entries: &[(&str, &str)]) -> Options {
        Options {
            lexicon: entries
                .iter()
                .map(|(n, l)| LexiconEntry {
                    name: n.to_string(),
                    label: l.to_string(),
                })
                .collect(),
            ..Options::default()
        }
    }

    fn entities(text: &str, options: &Options) -> Vec<(String, String)> {
        extract(text, options)
            .unwrap()
            .entities
            .into_iter()
            .map(|e| (e.text, e.label))
            .collect()
    }

    #[test]
    fn custom_names_are_found_and_win_over_the_tagger() {
        let text = "Zorblat Industries hired Qwex Brandolino on Monday. Brandolino said Zorblat Industries would grow.";
        let got = entities(
            text,
            &with(&[("Zorblat Industries", "ORG"), ("Qwex Brandolino", "PERSON")]),
        );
        assert!(has(&got, "Zorblat Industries", "ORG"), "{got:?}");
        assert!(has(&got, "Qwex Brandolino", "PERSON"), "{got:?}");
        assert_eq!(
            got.iter()
                .filter(|(t, _)| t == "Zorblat Industries")
                .count(),
            2,
            "{got:?}"
        );
        let article = extract(text, &with(&[("Qwex Brandolino", "PERSON")])).unwrap();
        assert!(
            article
                .people
                .iter()
                .any(|p| p.record.name == "Qwex Brandolino"),
            "{:?}",
            article.people
        );
    }

    #[test]
    fn matching_respects_token_boundaries_and_case() {
        let text = "Acmeville residents met acme staff. Acme opened.";
        let got = entities(text, &with(&[("Acme", "ORG")]));
        let acme: Vec<_> = got
            .iter()
            .filter(|(t, _)| t.eq_ignore_ascii_case("acme"))
            .collect();
        assert_eq!(acme, [&("Acme".to_string(), "ORG".to_string())], "{got:?}");
    }

    #[test]
    fn longest_entry_wins_and_boilerplate_is_not_searched() {
        let text = "New Acme Group grew.\n\nSubscribe to our newsletter for Acme news";
        let got = entities(text, &with(&[("Acme", "ORG"), ("New Acme Group", "ORG")]));
        assert_eq!(got, [("New Acme Group".to_string(), "ORG".to_string())]);
    }

    #[test]
    fn custom_names_replace_exactly_the_mentions_they_overlap() {
        // Entries that cut into tagger mentions from either side, cover one,
        // or touch none: every mention overlapping a custom name goes, every
        // other one stays.
        // "(NATO" starts where a mention of "Kyiv" ends: touching, not
        // overlapping, it replaces nothing there.
        let text = "Vladimir Putin met Volodymyr Zelenskyy in Istanbul on Monday, the Kremlin said. \
                    Putin and Zelenskyy spoke with NATO officials in Brussels. \
                    The European Commission praised the Istanbul talks, Ursula von der Leyen said. \
                    Officials from Kyiv(NATO) and Warsaw met.";
        let entries = [
            ("Putin met", "ORG"),
            ("Kremlin said", "ORG"),
            ("Commission praised", "ORG"),
            ("Brussels", "LOC"),
            ("Leyen said", "MISC"),
            ("(NATO", "ORG"),
        ];
        let spans = |options: &Options| -> Vec<(usize, usize)> {
            extract(text, options).unwrap().entities.into_iter().map(|e| (e.start, e.end)).collect()
        };
        let tagged = spans(&Options::default());
        let custom: Vec<(usize, usize)> =
            entries.iter().flat_map(|(name, _)| text.match_indices(name).map(|(s, m)| (s, s + m.len()))).collect();
        let mut expected: Vec<(usize, usize)> = tagged
            .iter()
            .copied()
            .filter(|&(s, e)| !custom.iter().any(|&(cs, ce)| cs < e && s < ce))
            .chain(custom.iter().copied())
            .collect();
        expected.sort();
        assert!(expected.len() < tagged.len() + custom.len(), "the entries overlap no mention: {tagged:?}");
        assert_eq!(spans(&with(&entries)), expected);
    }

    #[test]
    fn bad_entries_are_invalid_arguments() {
        for (name, label) in [("Acme", "COMPANY"), ("  ", "ORG"), ("", "PERSON")] {
            let err = extract("Text.", &with(&[(name, label)])).unwrap_err();
            assert_eq!(
                err.kind(),
                crate::ErrorKind::InvalidArgument,
                "{name:?} {label:?}"
            );
        }
        let long = "x".repeat(super::MAX_NAME_BYTES + 1);
        assert!(extract("Text.", &with(&[(&long, "ORG")])).is_err());
    }
}
