//! The entity co-occurrence graph: which entities are named together in the same articles,
//! the most connected of them, one entity's neighbourhood, and mentions per year.
//!
//! Counting is linear in the archive: each article adds one to every pair of the entities
//! it names (its own list, deduplicated), never by comparing articles with each other.

pub mod layout;

use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::Datelike;

use crate::arabic::collation_key;
use crate::model::Archive;

/// Per-entity counts and the weighted co-occurrence adjacency of the whole archive.
/// Entities are referred to by their index in [`Archive::entities`].
#[derive(Debug, Clone, Default)]
pub struct EntityGraph {
    /// Mentions of each entity over the whole archive.
    pub mentions: Vec<usize>,
    /// Articles naming each entity.
    pub articles: Vec<usize>,
    /// Dated articles naming each entity, per year.
    pub years: Vec<BTreeMap<i32, usize>>,
    /// Neighbours of each entity with the number of articles naming both, strongest first.
    pub neighbours: Vec<Vec<(usize, usize)>>,
    /// First and last year of the archive's dated articles.
    pub year_span: Option<(i32, i32)>,
    /// Rank of each entity for ties: by collated name, then id.
    order: Vec<usize>,
}

/// A selection of entities and the edges among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// Entity indices, most connected first (for an ego network: the centre first).
    pub nodes: Vec<usize>,
    /// Edges between positions in `nodes` (`a < b`) with their co-occurrence count.
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub weight: usize,
}

impl EntityGraph {
    /// Counts mentions, articles, years and co-occurrences in one pass over the articles.
    pub fn new(archive: &Archive) -> EntityGraph {
        let n = archive.entities.len();
        let mut mentions = vec![0; n];
        let mut articles = vec![0; n];
        let mut years = vec![BTreeMap::new(); n];
        let mut pairs: rustc_hash::FxHashMap<(usize, usize), usize> = Default::default();
        let mut year_span: Option<(i32, i32)> = None;
        for article in &archive.articles {
            let year = article.date.map(|d| d.year());
            if let Some(y) = year {
                year_span = Some(match year_span {
                    None => (y, y),
                    Some((lo, hi)) => (lo.min(y), hi.max(y)),
                });
            }
            let mut named: Vec<usize> = Vec::with_capacity(article.entities.len());
            for ae in article.entities.iter() {
                let Some(&i) = archive.entity_index.get(&ae.id) else {
                    continue;
                };
                mentions[i] += ae.mentions.len();
                named.push(i);
            }
            named.sort_unstable();
            named.dedup();
            for (k, &i) in named.iter().enumerate() {
                articles[i] += 1;
                if let Some(y) = year {
                    *years[i].entry(y).or_insert(0) += 1;
                }
                for &j in &named[k + 1..] {
                    *pairs.entry((i, j)).or_insert(0) += 1;
                }
            }
        }
        let mut by_name: Vec<usize> = (0..n).collect();
        by_name.sort_by_cached_key(|&i| {
            let e = &archive.entities[i];
            (collation_key(&e.name), e.id.clone())
        });
        let mut order = vec![0; n];
        for (rank, &i) in by_name.iter().enumerate() {
            order[i] = rank;
        }
        let mut neighbours = vec![Vec::new(); n];
        for (&(i, j), &w) in &pairs {
            neighbours[i].push((j, w));
            neighbours[j].push((i, w));
        }
        for list in &mut neighbours {
            list.sort_by_key(|&(j, w)| (Reverse(w), order[j]));
        }
        EntityGraph {
            mentions,
            articles,
            years,
            neighbours,
            year_span,
            order,
        }
    }

    /// Number of distinct entities named together with entity `i`.
    pub fn degree(&self, i: usize) -> usize {
        self.neighbours[i].len()
    }

    /// Co-occurrence count of two entities (0 when never together).
    pub fn weight(&self, i: usize, j: usize) -> usize {
        self.neighbours[i]
            .iter()
            .find(|&&(k, _)| k == j)
            .map_or(0, |&(_, w)| w)
    }

    /// Ranking key, smallest first: most neighbours, then most co-occurrences, mentions, name.
    fn rank_key(&self, i: usize) -> (Reverse<usize>, Reverse<usize>, Reverse<usize>, usize) {
        let strength = self.neighbours[i].iter().map(|&(_, w)| w).sum();
        (
            Reverse(self.degree(i)),
            Reverse(strength),
            Reverse(self.mentions[i]),
            self.order[i],
        )
    }

    /// The `max_nodes` most connected entities, and the `max_edges` strongest edges among
    /// them. Entities never named with another are left out: a network shows links, and an
    /// isolated node would only drift to the edge of the picture. Nodes are capped before
    /// any layout.
    pub fn network(&self, max_nodes: usize, max_edges: usize) -> Network {
        let mut nodes: Vec<usize> = (0..self.mentions.len())
            .filter(|&i| self.degree(i) > 0)
            .collect();
        nodes.sort_by_cached_key(|&i| self.rank_key(i));
        nodes.truncate(max_nodes);
        let edges = self.edges_among(&nodes, max_edges);
        Network { nodes, edges }
    }

    /// Entity `centre` and its `max_neighbours` strongest neighbours, with the edges among
    /// them (the centre's own edges first, so they survive the `max_edges` cap).
    pub fn ego(&self, centre: usize, max_neighbours: usize, max_edges: usize) -> Network {
        let mut nodes = vec![centre];
        nodes.extend(
            self.neighbours[centre]
                .iter()
                .take(max_neighbours)
                .map(|&(j, _)| j),
        );
        let mut edges: Vec<Edge> = self.neighbours[centre]
            .iter()
            .take(max_neighbours)
            .enumerate()
            .map(|(k, &(_, w))| Edge {
                a: 0,
                b: k + 1,
                weight: w,
            })
            .collect();
        let rest = max_edges.saturating_sub(edges.len());
        let among = self.edges_among(&nodes[1..], rest);
        edges.extend(among.into_iter().map(|e| Edge {
            a: e.a + 1,
            b: e.b + 1,
            weight: e.weight,
        }));
        Network { nodes, edges }
    }

    /// The strongest edges among `nodes`, as positions in `nodes`.
    fn edges_among(&self, nodes: &[usize], max_edges: usize) -> Vec<Edge> {
        let position: HashMap<usize, usize> =
            nodes.iter().enumerate().map(|(p, &i)| (i, p)).collect();
        let mut edges = Vec::new();
        for (a, &i) in nodes.iter().enumerate() {
            for &(j, w) in &self.neighbours[i] {
                if let Some(&b) = position.get(&j) {
                    if a < b {
                        edges.push(Edge { a, b, weight: w });
                    }
                }
            }
        }
        edges.sort_by_key(|e| (Reverse(e.weight), e.a, e.b));
        edges.truncate(max_edges);
        edges
    }

    /// Articles naming entity `i` per year over the archive's whole span (years without
    /// any are 0), oldest first, so every entity's series lines up with the others.
    pub fn per_year(&self, i: usize) -> Vec<(i32, usize)> {
        match self.year_span {
            None => Vec::new(),
            Some((lo, hi)) => (lo..=hi)
                .map(|y| (y, self.years[i].get(&y).copied().unwrap_or(0)))
                .collect(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Article, ArticleEntity, Entity, EntityOrigin, EntityType, Mention};
    use chrono::NaiveDate;

    pub fn entity(id: &str, name: &str, kind: EntityType) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: vec![],
            description: None,
            wikidata: None,
            origin: EntityOrigin::Registry,
            slug: name.replace(' ', "-"),
        }
    }

    /// An article dated in `year` (or undated) naming `ids`, each `id` once per occurrence.
    pub fn article(slug: &str, year: Option<i32>, ids: &[&str]) -> Article {
        let mut entities: Vec<ArticleEntity> = Vec::new();
        for id in ids {
            let m = Mention {
                block: 0,
                start: 0,
                end: 1,
                surface: id.to_string(),
            };
            match entities.iter_mut().find(|e| e.id == *id) {
                Some(e) => e.mentions.push(m),
                None => entities.push(ArticleEntity {
                    id: id.to_string(),
                    mentions: vec![m],
                }),
            }
        }
        Article {
            path: format!("content/articles/{slug}.md"),
            slug: slug.into(),
            title: slug.into(),
            title_generated: false,
            date: year.map(|y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap()),
            source: None,
            source_url: None,
            origin: None,
            origin_sha256: None,
            summary: None,
            dateline: None,
            deck: None,
            author: None,
            draft: false,
            body: String::new().into(),
            body_line: 1,
            blocks: vec![].into(),
            entities: entities.into(),
            events: vec![].into(),
        }
    }

    /// A small archive: Morocco and Spain together often, Interpol sometimes, Hammouchi once.
    pub fn sample() -> Archive {
        let mut archive = Archive {
            articles: vec![
                article("a1", Some(2021), &["ma", "es", "ma", "int"]),
                article("a2", Some(2021), &["ma", "es", "hm"]),
                article("a3", Some(2019), &["ma", "es"]),
                article("a4", None, &["int", "es", "ghost"]),
                article("a5", Some(2018), &["alone"]),
            ],
            entities: vec![
                entity("ma", "المغرب", EntityType::Place),
                entity("es", "إسبانيا", EntityType::Place),
                entity("int", "الإنتربول", EntityType::Organization),
                entity("hm", "عبد اللطيف حموشي", EntityType::Person),
                entity("alone", "موريتانيا", EntityType::Place),
                entity("unused", "باريس", EntityType::Place),
            ],
            entity_index: Default::default(),
        };
        archive.index_entities();
        archive
    }

    #[test]
    fn counts_mentions_articles_and_pairs_per_article() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let ma = a.entity_index["ma"];
        let es = a.entity_index["es"];
        let int = a.entity_index["int"];
        assert_eq!(g.mentions[ma], 4);
        assert_eq!(g.articles[ma], 3);
        // A repeated mention in one article counts the pair once.
        assert_eq!(g.weight(ma, es), 3);
        assert_eq!(g.weight(es, ma), 3);
        assert_eq!(g.weight(es, int), 2);
        assert_eq!(g.weight(ma, int), 1);
        // An unknown id in an article is skipped, not a panic.
        assert_eq!(g.degree(es), 3);
        assert_eq!(g.neighbours[es][0], (ma, 3));
        assert_eq!(g.year_span, Some((2018, 2021)));
    }

    #[test]
    fn network_ranks_by_degree_and_drops_isolated_entities() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let net = g.network(40, 100);
        let ids: Vec<&str> = net
            .nodes
            .iter()
            .map(|&i| a.entities[i].id.as_str())
            .collect();
        assert_eq!(ids, vec!["es", "ma", "int", "hm"]);
        assert_eq!(
            net.edges[0],
            Edge {
                a: 0,
                b: 1,
                weight: 3
            }
        );
        let capped = g.network(2, 100);
        assert_eq!(capped.nodes.len(), 2);
        assert_eq!(capped.edges.len(), 1);
        assert_eq!(g.network(40, 2).edges.len(), 2);
    }

    #[test]
    fn ego_network_puts_the_centre_first() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let ma = a.entity_index["ma"];
        let ego = g.ego(ma, 10, 100);
        assert_eq!(ego.nodes[0], ma);
        assert_eq!(ego.nodes.len(), 4);
        assert!(ego.edges.iter().take(3).all(|e| e.a == 0));
        // Neighbours' links among themselves are kept too (Spain–Interpol).
        assert!(ego.edges.iter().any(|e| e.a != 0));
        let lonely = g.ego(a.entity_index["alone"], 10, 100);
        assert_eq!(lonely.nodes.len(), 1);
        assert!(lonely.edges.is_empty());
        assert_eq!(g.ego(ma, 1, 100).nodes.len(), 2);
    }

    #[test]
    fn per_year_covers_the_whole_span() {
        let a = sample();
        let g = EntityGraph::new(&a);
        assert_eq!(
            g.per_year(a.entity_index["ma"]),
            vec![(2018, 0), (2019, 1), (2020, 0), (2021, 2)]
        );
        assert_eq!(
            EntityGraph::new(&Archive::default()).per_year(0),
            Vec::<(i32, usize)>::new()
        );
    }

    #[test]
    fn empty_archive() {
        let g = EntityGraph::new(&Archive::default());
        assert_eq!(g.network(40, 100), Network::default());
    }
}
