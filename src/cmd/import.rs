//! `diwan import`: turns raw captures into articles and prints a summary table.

use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::config::Settings;
use crate::import::{self, Options, Overrides, Status};

/// Arguments of `diwan import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Capture files (.txt, .md, .html, .htm) or folders holding them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The outlet, when the captures do not show it (wins over detection).
    #[arg(long)]
    pub source: Option<String>,
    /// The publication date (YYYY-MM-DD), when the captures do not state it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Replace existing articles.
    #[arg(long)]
    pub force: bool,
    /// Print what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as 2021-12-18"))
}

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    let settings = Settings::load(&root)?;
    let outcomes = import::run(
        &settings,
        &Options {
            paths: args.paths,
            overrides: Overrides {
                source: args.source,
                date: args.date,
            },
            force: args.force,
            dry_run: args.dry_run,
        },
    )?;
    for o in &outcomes {
        if let (Some(text), Some(article)) = (&o.text, &o.article) {
            println!("--- {article} (dry run: not written)\n{text}");
        }
    }
    println!("{:<10} {:<48} article / message", "status", "capture");
    for o in &outcomes {
        let status = match o.status {
            Status::Imported => "imported",
            Status::Unchanged => "unchanged",
            Status::Skipped => "skipped",
            Status::WouldWrite => "dry-run",
            Status::Failed => "error",
        };
        let target = match (&o.error, &o.article) {
            (Some(e), _) => e.clone(),
            (None, Some(a)) if o.status == Status::Unchanged => {
                format!("{a} (already imported, nothing to do)")
            }
            (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        };
        println!(
            "{status:<10} {:<48} {target}",
            o.input.display().to_string()
        );
        for w in &o.warnings {
            println!("{:<10} {:<48}   warning: {w}", "", "");
        }
    }
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    let warnings: usize = outcomes.iter().map(|o| o.warnings.len()).sum();
    let failed = count(Status::Failed);
    println!(
        "{} imported, {} unchanged, {} skipped, {} dry-run, {} errors, {} warnings",
        count(Status::Imported),
        count(Status::Unchanged),
        count(Status::Skipped),
        count(Status::WouldWrite),
        failed,
        warnings
    );
    if failed > 0 {
        bail!(
            "{failed} of {} captures could not be imported",
            outcomes.len()
        );
    }
    Ok(())
}
