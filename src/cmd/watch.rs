//! `diwan watch`: builds, then rebuilds incrementally on every change until interrupted.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;

use crate::site::BuildOptions;
use crate::watch::{self, Session, WatchOptions};

/// Arguments of `diwan watch`.
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
    /// Quiet time in milliseconds after the last file event before rebuilding.
    #[arg(long, default_value_t = DEFAULT_DEBOUNCE_MS, value_name = "MS")]
    pub debounce: u64,
}

/// Default debounce, in milliseconds: long enough to gather an editor's save (write,
/// rename, chmod), short enough not to be felt.
pub const DEFAULT_DEBOUNCE_MS: u64 = 30;

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    // notify reports absolute paths: classify them against an absolute root.
    let root = std::fs::canonicalize(&root)
        .map_err(|e| anyhow::anyhow!("cannot open the site folder {}: {e}", root.display()))?;
    let mut session = Session::new(BuildOptions {
        root,
        drafts: args.drafts,
        output: args.output,
        base_url: args.base_url,
    });
    watch::run(
        &mut session,
        &WatchOptions {
            debounce: Duration::from_millis(args.debounce),
        },
        &mut |_| {},
        &|| false,
    )
}
