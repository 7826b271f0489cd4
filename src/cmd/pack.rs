//! `diwan pack`: writes the built site and the raw captures as a BagIt bag.

use std::path::PathBuf;

use anyhow::Result;

use crate::site::BuildOptions;

/// Arguments of `diwan pack`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the bag: a folder, or a zip when the path ends in `.zip`.
    #[arg(long, short, value_name = "PATH", default_value = "diwan-bag")]
    pub out: PathBuf,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Override `base_url` (canonical links, feeds, sitemap) for the packed site.
    #[arg(long)]
    pub base_url: Option<String>,
}

pub fn execute(root: PathBuf, args: Args) -> Result<()> {
    let packed = crate::pack::pack(
        &BuildOptions {
            root,
            drafts: args.drafts,
            output: None,
            base_url: args.base_url,
        },
        &args.out,
    )?;
    println!(
        "packed {} payload files ({:.1} MB, {} raw captures) as a BagIt bag{} → {}",
        packed.payload_files,
        packed.payload_bytes as f64 / 1_000_000.0,
        packed.captures,
        if packed.zip { " in a zip" } else { "" },
        packed.path.display()
    );
    Ok(())
}
