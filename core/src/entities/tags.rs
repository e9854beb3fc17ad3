//! The BILOU tag set of the entity tagger.
//!
//! Four entity types (CoNLL's PER, ORG, LOC, MISC — what the training data
//! annotates) times four positions (Begin, Inside, Last, Unit), plus O:
//! 17 tags. BILOU rather than BIO because it lets the model learn what ends
//! a name as well as what starts one, which is worth about a point of F1 on
//! CoNLL (Ratinov & Roth, 2009).

/// Number of tags: O plus 4 types × 4 positions.
pub const N_TAGS: usize = 17;

/// The entity types, in tag order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Tag index of O.
pub const O: u8 = 0;

/// Position of a token in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Begin = 0,
    Inside = 1,
    Last = 2,
    Unit = 3,
}

/// The tag for entity type `ty` (index into [`TYPES`]) at `position`.
pub const fn tag(ty: usize, position: Position) -> u8 {
    (1 + ty * 4 + position as usize) as u8
}

/// Type index and position of a tag; `None` for O.
pub const fn split(tag: u8) -> Option<(usize, Position)> {
    if tag == O || tag as usize >= N_TAGS {
        return None;
    }
    let k = tag as usize - 1;
    let position = match k % 4 {
        0 => Position::Begin,
        1 => Position::Inside,
        2 => Position::Last,
        _ => Position::Unit,
    };
    Some((k / 4, position))
}

/// Whether `next` may follow `prev` (BILOU well-formedness).
pub fn allowed(prev: u8, next: u8) -> bool {
    match (split(prev), split(next)) {
        // After B or I the entity must go on with I or L of the same type.
        (Some((a, Position::Begin | Position::Inside)), Some((b, Position::Inside | Position::Last))) => a == b,
        (Some((_, Position::Begin | Position::Inside)), _) => false,
        // Otherwise only B, U or O may come.
        (_, Some((_, Position::Inside | Position::Last))) => false,
        _ => true,
    }
}

/// Whether a sequence may start with `tag`.
pub fn allowed_first(tag: u8) -> bool {
    !matches!(split(tag), Some((_, Position::Inside | Position::Last)))
}

/// Whether a sequence may end with `tag`.
pub fn allowed_last(tag: u8) -> bool {
    !matches!(split(tag), Some((_, Position::Begin | Position::Inside)))
}

/// Tags of one entity of `ty` over `len` tokens.
pub fn encode(ty: usize, len: usize, out: &mut [u8]) {
    match len {
        0 => {}
        1 => out[0] = tag(ty, Position::Unit),
        _ => {
            out[0] = tag(ty, Position::Begin);
            for t in &mut out[1..len - 1] {
                *t = tag(ty, Position::Inside);
            }
            out[len - 1] = tag(ty, Position::Last);
        }
    }
}

/// Entity spans `(first token, end token, type)` of a tag sequence. Ill-formed
/// sequences (which Viterbi never produces) are read leniently.
pub fn decode(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (start, type)
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            None => open = None,
            Some((ty, Position::Unit)) => {
                spans.push((i, i + 1, ty));
                open = None;
            }
            Some((ty, Position::Begin)) => open = Some((i, ty)),
            Some((ty, Position::Inside)) => {
                if open.is_none_or(|(_, t)| t != ty) {
                    open = Some((i, ty));
                }
            }
            Some((ty, Position::Last)) => {
                let start = match open {
                    Some((s, t)) if t == ty => s,
                    _ => i,
                };
                spans.push((start, i + 1, ty));
                open = None;
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut tags = [O; 6];
        encode(0, 2, &mut tags[1..]);
        encode(2, 1, &mut tags[4..]);
        assert_eq!(decode(&tags), [(1, 3, 0), (4, 5, 2)]);
    }

    #[test]
    fn constraints() {
        let b_per = tag(0, Position::Begin);
        let l_per = tag(0, Position::Last);
        let i_org = tag(1, Position::Inside);
        assert!(allowed(b_per, l_per));
        assert!(!allowed(b_per, O));
        assert!(!allowed(b_per, i_org));
        assert!(!allowed(O, l_per));
        assert!(allowed(l_per, tag(1, Position::Unit)));
        assert!(allowed_first(b_per) && !allowed_first(l_per));
        assert!(allowed_last(l_per) && !allowed_last(b_per));
    }

    #[test]
    fn split_covers_all_tags() {
        for t in 1..N_TAGS as u8 {
            let (ty, pos) = split(t).unwrap();
            assert_eq!(tag(ty, pos), t);
        }
        assert_eq!(split(O), None);
    }
}
