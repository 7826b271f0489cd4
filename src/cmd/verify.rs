//! `diwan verify`: checks a BagIt bag (folder or zip) and lists what is wrong.

use std::path::PathBuf;

use anyhow::{bail, Result};

/// Arguments of `diwan verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bag: a folder, or a zip file.
    pub path: PathBuf,
}

pub fn execute(args: Args) -> Result<()> {
    let v = crate::pack::verify::verify(&args.path)?;
    for p in &v.problems {
        println!("{p}");
    }
    let n = v.problems.len();
    if n > 0 {
        bail!(
            "{}: the bag is not valid ({n} problem{})",
            args.path.display(),
            if n == 1 { "" } else { "s" }
        );
    }
    println!(
        "{}: valid bag, {} payload files ({} octets) match {} and Payload-Oxum",
        args.path.display(),
        v.payload_files,
        v.payload_bytes,
        v.manifests.join(", ")
    );
    Ok(())
}
