//! `diwan build`: builds the site into the output directory.

use std::path::PathBuf;

use anyhow::Result;

use crate::site::{self, BuildOptions};

/// Arguments of `diwan build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Write the site here instead of `output_dir` from site.toml.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` (used only for canonical links and feeds).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print how long each pipeline step took.
    #[arg(long)]
    pub timings: bool,
}

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    let report = site::build(&BuildOptions {
        root,
        drafts: args.drafts,
        output: args.output,
        base_url: args.base_url,
    })?;
    println!(
        "built {} articles, {} entities, {} events: {} files ({:.1} MB) in {} ms → {}",
        report.articles,
        report.entities,
        report.events,
        report.written.files,
        report.written.bytes as f64 / 1_000_000.0,
        report.total.as_millis(),
        report.output.display()
    );
    if args.timings || std::env::var_os("DIWAN_TIMINGS").is_some() {
        for (i, (name, d)) in report.timings.iter().enumerate() {
            let cpu = match report.cpu.get(i).copied().flatten() {
                Some(d) => format!("  cpu {:>8.0} ms", d.as_secs_f64() * 1000.0),
                None => String::new(),
            };
            let peak = match report.peaks.get(i).copied().flatten() {
                Some(kib) => format!("{cpu}  peak {:>6.0} MiB", kib as f64 / 1024.0),
                None => cpu,
            };
            eprintln!(
                "timing {name:<10} {:>8.1} ms{peak}",
                d.as_secs_f64() * 1000.0
            );
        }
    }
    Ok(())
}
