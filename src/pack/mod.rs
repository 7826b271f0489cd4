//! `diwan pack`: the built site and the raw captures as a BagIt bag (RFC 8493), written as a
//! folder or streamed into a zip; `diwan verify` checks one.

pub mod bagit;
pub mod verify;
pub mod zipfile;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::site::{self, BuildOptions};
use bagit::{BagInfo, DirSink, PayloadFile};

/// Where the built site goes in the payload.
pub const SITE_DIR: &str = "data/site";

/// What a pack wrote.
#[derive(Debug, Clone)]
pub struct Packed {
    pub path: PathBuf,
    pub zip: bool,
    pub payload_files: usize,
    pub payload_bytes: u64,
    pub captures: usize,
}

/// Builds the site into a temporary folder and writes it with the raw captures as a bag at
/// `out`: a zip when `out` ends in `.zip`, else a folder. A previous bag at `out` is replaced;
/// any other existing file or non-empty folder is left alone and refused.
pub fn pack(opts: &BuildOptions, out: &Path) -> Result<Packed> {
    let settings = site::load_settings(opts)?;
    let tmp = tempfile::tempdir().context("cannot create a temporary folder")?;
    let site_dir = tmp.path().join("site");
    site::build(&BuildOptions {
        output: Some(site_dir.clone()),
        ..opts.clone()
    })?;
    let mut payload = bagit::payload_tree(&site_dir, SITE_DIR)?;
    // The raw captures keep their path from the site root: seeds/x.txt → data/seeds/x.txt.
    let articles = crate::content::load_articles(&settings, opts.drafts)?;
    let origins: BTreeSet<&str> = articles
        .iter()
        .filter_map(|a| a.origin.as_deref())
        .collect();
    for origin in &origins {
        let bag_path = format!("data/{origin}");
        if origin.split('/').any(|c| c == ".." || c.is_empty())
            || bag_path.starts_with(&format!("{SITE_DIR}/"))
        {
            bail!("capture path {origin} cannot go into the bag: keep captures in a folder such as seeds/ inside the site");
        }
        payload.push(PayloadFile {
            bag_path,
            source: settings.root.join(origin),
        });
    }
    let info = BagInfo {
        source_organization: settings.organization.clone(),
        external_description: format!(
            "{}{}. Static web archive built by diwan: the site in {SITE_DIR}/ (open {SITE_DIR}/index.html, it works offline from file://) and the raw captures byte for byte under their original paths in data/.",
            settings.title,
            if settings.description.is_empty() { String::new() } else { format!(": {}", settings.description.trim_end_matches(['.', ' '])) }
        ),
        bagging_date: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        software_agent: format!("diwan {}", env!("CARGO_PKG_VERSION")),
    };
    let zip = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bag".into());
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let written = if zip {
        if out.is_dir() {
            bail!("{} is a folder; choose another --out", out.display());
        }
        let folder = name.strip_suffix(".zip").unwrap_or(&name).to_string();
        let mut sink = zipfile::ZipSink::create(&partial, &folder)?;
        let w = bagit::write_bag(&mut sink, &payload, &info);
        let w = w.and_then(|w| sink.finish().map(|()| w));
        if w.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        let w = w?;
        std::fs::rename(&partial, out)
            .with_context(|| format!("cannot move the zip into {}", out.display()))?;
        w
    } else {
        let replaces_bag = out.join("bagit.txt").is_file();
        if out.exists() && !replaces_bag {
            let empty_dir = out.is_dir()
                && std::fs::read_dir(out)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
            if !empty_dir {
                bail!(
                    "{} exists and is not a bag: choose another --out or remove it",
                    out.display()
                );
            }
        }
        let mut sink = DirSink {
            base: partial.clone(),
        };
        let w = bagit::write_bag(&mut sink, &payload, &info);
        if w.is_err() {
            let _ = std::fs::remove_dir_all(&partial);
        }
        let w = w?;
        if out.exists() {
            std::fs::remove_dir_all(out)
                .with_context(|| format!("cannot replace {}", out.display()))?;
        }
        std::fs::rename(&partial, out)
            .with_context(|| format!("cannot move the bag into {}", out.display()))?;
        w
    };
    Ok(Packed {
        path: out.to_path_buf(),
        zip,
        payload_files: written.payload_files,
        payload_bytes: written.payload_bytes,
        captures: origins.len(),
    })
}
