//! Arabic collation for index pages: the definite article is ignored for ordering.

use super::normalize::fold;

/// A sort key: the folded form with a leading definite article (ال) removed from each word,
/// so الرباط sorts under ر, and ties broken by the full folded form.
pub fn collation_key(name: &str) -> (String, String) {
    let folded = fold(name);
    let stripped: Vec<&str> = folded
        .split_whitespace()
        .map(|w| match w.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => rest,
            _ => w,
        })
        .collect();
    (stripped.join(" "), folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_article_is_ignored() {
        let mut names = vec!["الرباط", "باريس", "المغرب", "أوروبا", "الإنتربول", "موسكو"];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            vec!["الإنتربول", "أوروبا", "باريس", "الرباط", "المغرب", "موسكو"]
        );
    }
}
