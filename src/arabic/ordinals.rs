//! The ordinal words first to tenth (folded): one list for the timeline's ordinal days and
//! discovery's regnal names.

/// The masculine definite ordinals, first to tenth, folded (see [`super::fold`]).
pub const MASCULINE: [&str; 10] = [
    "الاول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
];

/// The value of a folded masculine definite ordinal (الثاني → 2).
pub fn masculine(w: &str) -> Option<u32> {
    MASCULINE.iter().position(|&m| m == w).map(|i| i as u32 + 1)
}

/// The value of a folded definite ordinal of either gender (الثانيه → 2, الاولي → 1).
pub fn either_gender(w: &str) -> Option<u32> {
    if w == "الاولي" {
        return Some(1);
    }
    masculine(w).or_else(|| w.strip_suffix('ه').and_then(masculine).filter(|&n| n > 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::fold;

    #[test]
    fn ordinal_table() {
        let rows: &[(&str, Option<u32>, Option<u32>)] = &[
            ("الأول", Some(1), Some(1)),
            ("الأولى", None, Some(1)),
            ("الثاني", Some(2), Some(2)),
            ("الثانية", None, Some(2)),
            ("السادس", Some(6), Some(6)),
            ("العاشرة", None, Some(10)),
            // Not ordinals: no article, the feminine of «first» is not in ة, other words.
            ("ثاني", None, None),
            ("الأولة", None, None),
            ("الثانوية", None, None),
            ("المغرب", None, None),
        ];
        for &(w, m, e) in rows {
            let f = fold(w);
            assert_eq!((masculine(&f), either_gender(&f)), (m, e), "{w}");
        }
    }
}
