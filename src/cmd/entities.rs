//! `diwan entities`: lists the entities found by discovery, with counts and example contexts,
//! for review; the registry's `ignore` and `merge` lists correct them.

use std::path::PathBuf;

use anyhow::Result;

use crate::arabic::sentences::sentence_at;
use crate::model::EntityOrigin;
use crate::site::{self, BuildOptions};

/// Arguments of `diwan entities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// List every entity (registry and gazetteer too), not only discovered ones.
    #[arg(long)]
    pub all: bool,
    /// Example contexts shown per entity.
    #[arg(long, default_value_t = 2)]
    pub examples: usize,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    let settings = site::load_settings(&BuildOptions {
        root,
        ..BuildOptions::default()
    })?;
    let archive = site::load_archive(&settings, args.drafts)?;
    let stats = crate::render::entities::EntityStats::new(&archive);
    let mut order: Vec<usize> = (0..archive.entities.len())
        .filter(|&i| args.all || archive.entities[i].origin == EntityOrigin::Discovered)
        .collect();
    order.sort_by(|&a, &b| {
        stats.mentions[b]
            .cmp(&stats.mentions[a])
            .then_with(|| archive.entities[a].name.cmp(&archive.entities[b].name))
    });
    for &i in &order {
        let e = &archive.entities[i];
        println!(
            "{:<12} {}  [{}] {} mentions in {} articles ({:?})",
            e.kind.as_str(),
            e.name,
            e.id,
            stats.mentions[i],
            stats.articles[i].len(),
            e.origin
        );
        for &(ai, _, k) in stats.articles[i].iter().take(args.examples) {
            let a = &archive.articles[ai];
            let Some(m) = a.entities[k].mentions.first() else {
                continue;
            };
            let text = &a.blocks[m.block].text;
            let (s, end) = sentence_at(text, m.start);
            let (s, end) = (s.min(m.start), end.max(m.end));
            println!(
                "    {}: {}[{}]{}",
                a.path,
                &text[s..m.start],
                &text[m.start..m.end],
                &text[m.end..end]
            );
        }
    }
    let discovered = archive
        .entities
        .iter()
        .filter(|e| e.origin == EntityOrigin::Discovered)
        .count();
    eprintln!(
        "{} entities listed ({discovered} discovered of {}). To correct one, add its name to `ignore` in content/entities.toml, or fold it into another with a [[merge]] entry (into = \"id\", from = [\"name\"]).",
        order.len(),
        archive.entities.len()
    );
    Ok(())
}
