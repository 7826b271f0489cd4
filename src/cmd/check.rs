//! `diwan check`: builds into a temporary folder (or takes a built one) and lists every broken
//! link, anchor, network reference and bad article title or date, with its page.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};
use rayon::prelude::*;

use crate::check::{self, Problem, Report};
use crate::error::ContentErrors;
use crate::site::{self, BuildOptions};

/// Arguments of `diwan check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check this built folder (e.g. public/) instead of building the site.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Include articles marked `draft = true` in the build.
    #[arg(long)]
    pub drafts: bool,
    /// Override `base_url` for the build.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Fetch every external link (HEAD, then GET) and report those that fail.
    #[arg(long)]
    pub external: bool,
}

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    let opts = BuildOptions {
        root: root.clone(),
        drafts: args.drafts,
        output: None,
        base_url: args.base_url.clone(),
    };
    let mut report = match &args.dir {
        Some(dir) => {
            let base = site::load_settings(&opts).ok().map(|s| s.base_url);
            check::check_output(dir, base.as_deref())?
        }
        None => {
            let settings = site::load_settings(&opts)?;
            let tmp = tempfile::tempdir()?;
            let out = tmp.path().join("site");
            let built = site::build(&BuildOptions {
                output: Some(out.clone()),
                ..opts
            });
            match built {
                Ok(_) => check::check_output(&out, Some(&settings.base_url))?,
                Err(e) => match e.downcast::<ContentErrors>() {
                    // Content errors (no title, bad date…) are problems like any other.
                    Ok(ce) => Report {
                        problems: ce
                            .errors
                            .iter()
                            .map(|e| Problem {
                                page: match e.line {
                                    Some(l) => format!("{}:{l}", e.path),
                                    None => e.path.clone(),
                                },
                                message: format!("{} (fix: {})", e.message, e.fix),
                            })
                            .collect(),
                        ..Report::default()
                    },
                    Err(e) => return Err(e),
                },
            }
        }
    };
    if args.external {
        report.problems.extend(fetch_external(&report));
        report.problems.sort();
    }
    for p in &report.problems {
        println!("{}: {}", p.page, p.message);
    }
    if !report.external.is_empty() {
        println!(
            "external links ({}){}:",
            report.external.len(),
            if args.external {
                ", fetched"
            } else {
                ", not fetched (pass --external to fetch them)"
            }
        );
        for (url, pages) in &report.external {
            let more = match pages.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            println!("  {url}  (on {}{more})", pages[0]);
        }
    }
    let n = report.problems.len();
    println!(
        "checked {} pages, {} files, {} articles: {n} problem{}, {} external link{}",
        report.pages,
        report.files,
        report.articles,
        if n == 1 { "" } else { "s" },
        report.external.len(),
        if report.external.len() == 1 { "" } else { "s" },
    );
    if n > 0 {
        bail!("{n} problem{} found", if n == 1 { "" } else { "s" });
    }
    Ok(())
}

/// Fetches every external link with a short timeout; a failure is a problem on the first page
/// that links it.
fn fetch_external(report: &Report) -> Vec<Problem> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .build()
        .into();
    report
        .external
        .par_iter()
        .filter_map(|(url, pages)| {
            let status = match agent.head(url).call() {
                Ok(r) if matches!(r.status().as_u16(), 405 | 501) => {
                    agent.get(url).call().map(|r| r.status().as_u16())
                }
                r => r.map(|r| r.status().as_u16()),
            };
            let message = match status {
                Ok(s) if s < 400 => return None,
                Ok(s) => format!("external link {url} answered HTTP {s}"),
                Err(e) => format!("external link {url} cannot be reached: {e}"),
            };
            Some(Problem {
                page: pages[0].clone(),
                message,
            })
        })
        .collect()
}
