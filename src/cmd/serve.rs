//! `diwan serve`: builds, watches and serves the site with live reload.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;

use crate::serve::{self, ServeOptions, DEFAULT_PORT};
use crate::site::BuildOptions;
use crate::watch::{Session, WatchOptions};

/// Arguments of `diwan serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on; 0 picks a free one (the URL is printed).
    #[arg(long, short, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Address to listen on. Loopback by default: other machines cannot connect.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
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
    #[arg(long, default_value_t = super::watch::DEFAULT_DEBOUNCE_MS, value_name = "MS")]
    pub debounce: u64,
}

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    // notify reports absolute paths: classify them against an absolute root.
    let root = std::fs::canonicalize(&root)
        .map_err(|e| anyhow::anyhow!("cannot open the site folder {}: {e}", root.display()))?;
    let session = Session::new(BuildOptions {
        root,
        drafts: args.drafts,
        output: args.output,
        base_url: args.base_url,
    });
    serve::run(
        session,
        ServeOptions {
            bind: args.bind,
            port: args.port,
            watch: WatchOptions {
                debounce: Duration::from_millis(args.debounce),
            },
        },
    )
}
