//! The outlets the archive's articles come from (their `source`) as organizations: the press
//! cites itself and its peers by name («معا», لـ«الصباح نيوز», صحيفة الأيام), and the names are
//! known before any text is read.

use super::Catalog;
use crate::arabic::fold;
use crate::model::EntityType;

/// Words that open an outlet's name without being its distinctive part (وكالة معا الإخبارية).
const HEADS: &[&str] = &[
    "وكالة",
    "صحيفة",
    "جريدة",
    "موقع",
    "قناة",
    "إذاعة",
    "اذاعة",
    "مجلة",
    "شبكة",
    "بوابة",
    "يومية",
];

/// Words that close an outlet's name after its distinctive part (الشروق أونلاين, اليوم 24).
const TAILS: &[&str] = &[
    "الإخبارية",
    "الاخبارية",
    "الإخباري",
    "الاخباري",
    "نيوز",
    "أونلاين",
    "اونلاين",
    "نت",
    ".نت",
    "24",
    "إنفو",
    "انفو",
];

/// The names an outlet is cited by, each with whether it needs a cue or quotes around it
/// (`true`: one word, which is most often a common word too: معا, الأيام, الشرق):
/// - the name as the source gives it;
/// - without a leading head noun and a trailing adjective (صحيفة الأيام البحرينية → الأيام),
///   and the head with that (صحيفة الأيام);
/// - without a trailing word of the web (الشروق أونلاين → الشروق).
pub fn forms(source: &str) -> Vec<(String, bool)> {
    let source = source.trim();
    let words: Vec<&str> = source.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let one_word = |ws: &[&str]| ws.len() == 1;
    let mut out = vec![(words.join(" "), one_word(&words))];
    let mut core: &[&str] = &words;
    let head = HEADS.contains(&core[0]) && core.len() > 1;
    if head {
        core = &core[1..];
        // A trailing adjective (البحرينية, الإخبارية) after a name of one word or more.
        if core.len() > 1 {
            let last = fold(core[core.len() - 1]);
            if last.starts_with("ال") && (last.ends_with('ي') || last.ends_with("يه")) {
                core = &core[..core.len() - 1];
            }
        }
    } else if core.len() > 1 && TAILS.contains(&core[core.len() - 1]) {
        core = &core[..core.len() - 1];
    }
    if core.len() < words.len() {
        out.push((core.join(" "), one_word(core)));
        if head && core.len() + 1 < words.len() {
            out.push((
                [words[0]]
                    .iter()
                    .chain(core)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
                false,
            ));
        }
    }
    out
}

impl Catalog {
    /// Adds each outlet of `sources` that no registry or gazetteer name already claims, as an
    /// organization found in the archive (origin `Discovered`, as discovery's would be), with
    /// the names of [`forms`].
    pub fn add_outlets<'a>(&mut self, sources: impl IntoIterator<Item = &'a str>) {
        for source in sources {
            let names = forms(source);
            let Some((name, _)) = names.first() else {
                continue;
            };
            if names
                .iter()
                .any(|(n, _)| self.by_key.contains_key(&super::matcher::key(n)))
            {
                continue;
            }
            let Some(i) = self.push_found(EntityType::Organization, name) else {
                continue;
            };
            for (n, context) in &names {
                self.add_form(n, i, *context);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_forms_table() {
        let rows: &[(&str, &[(&str, bool)])] = &[
            (
                "وكالة معا الإخبارية",
                &[
                    ("وكالة معا الإخبارية", false),
                    ("معا", true),
                    ("وكالة معا", false),
                ],
            ),
            (
                "صحيفة الأيام البحرينية",
                &[
                    ("صحيفة الأيام البحرينية", false),
                    ("الأيام", true),
                    ("صحيفة الأيام", false),
                ],
            ),
            ("بوابة الوسط", &[("بوابة الوسط", false), ("الوسط", true)]),
            (
                "الشروق أونلاين",
                &[("الشروق أونلاين", false), ("الشروق", true)],
            ),
            ("الصباح نيوز", &[("الصباح نيوز", false), ("الصباح", true)]),
            ("المصري اليوم", &[("المصري اليوم", false)]),
            ("القبس", &[("القبس", true)]),
            ("  ", &[]),
        ];
        for (source, want) in rows {
            let got = forms(source);
            let want: Vec<(String, bool)> = want.iter().map(|(n, c)| (n.to_string(), *c)).collect();
            assert_eq!(got, want, "{source}");
        }
    }
}
