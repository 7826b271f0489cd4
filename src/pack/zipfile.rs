//! Bags serialized as zip files (RFC 8493 §4: one top-level folder named after the bag).
//! Files are streamed into and out of the zip in chunks; no file is held in memory whole.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::Path;

use anyhow::{Context, Result};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::bagit::Sink;
use super::verify::Source;

/// Formats that are compressed already and are stored as they are.
const STORED: &[&str] = &[
    "woff2", "woff", "png", "jpg", "jpeg", "gif", "webp", "avif", "zip", "gz", "br", "pdf", "mp3",
    "mp4",
];

/// A bag written into a zip under one top-level folder.
pub struct ZipSink {
    writer: ZipWriter<BufWriter<File>>,
    folder: String,
    /// The bagging time, given to every entry (zip times have no zone: UTC).
    time: zip::DateTime,
}

impl ZipSink {
    /// Creates `path`; every entry goes under `folder/`.
    pub fn create(path: &Path, folder: &str) -> Result<ZipSink> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(ZipSink {
            writer: ZipWriter::new(BufWriter::with_capacity(1 << 16, file)),
            folder: folder.to_string(),
            time: now(),
        })
    }

    /// Writes the zip's central directory.
    pub fn finish(self) -> Result<()> {
        let mut w = self.writer.finish().context("cannot finish the zip")?;
        std::io::Write::flush(&mut w).context("cannot finish the zip")?;
        Ok(())
    }
}

impl Sink for ZipSink {
    fn add(&mut self, path: &str, size: u64, reader: &mut dyn Read) -> Result<()> {
        let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        let method = if STORED.contains(&ext.as_str()) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .unix_permissions(0o644)
            .last_modified_time(self.time)
            .large_file(size >= u64::from(u32::MAX));
        self.writer
            .start_file(format!("{}/{path}", self.folder), options)
            .with_context(|| format!("cannot add {path} to the zip"))?;
        std::io::copy(reader, &mut self.writer)
            .with_context(|| format!("cannot add {path} to the zip"))?;
        Ok(())
    }
}

fn now() -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let t = chrono::Utc::now();
    zip::DateTime::from_date_and_time(
        t.year().clamp(1980, 2107) as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

/// A bag read from a zip: the folder holding `bagit.txt` is the bag's base.
pub struct ZipSource {
    archive: ZipArchive<BufReader<File>>,
    prefix: String,
    /// Entries outside the bag's folder.
    pub outside: Vec<String>,
}

impl ZipSource {
    pub fn open(path: &Path) -> Result<ZipSource> {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let archive = ZipArchive::new(BufReader::new(file))
            .with_context(|| format!("{} is not a zip file", path.display()))?;
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.map(|n| n.into_owned()))
            .collect::<zip::result::ZipResult<_>>()
            .with_context(|| format!("cannot read the entries of {}", path.display()))?;
        let prefix = if names.iter().any(|n| n == "bagit.txt") {
            String::new()
        } else {
            let mut folders: Vec<&str> = names
                .iter()
                .filter_map(|n| n.strip_suffix("/bagit.txt"))
                .filter(|f| !f.contains('/'))
                .collect();
            folders.sort();
            match folders.as_slice() {
                [one] => format!("{one}/"),
                [] => anyhow::bail!(
                    "{}: no bagit.txt at the top of the zip or in its top-level folder: not a bag",
                    path.display()
                ),
                _ => anyhow::bail!(
                    "{}: several top-level folders hold a bagit.txt ({}); a zipped bag has one",
                    path.display(),
                    folders.join(", ")
                ),
            }
        };
        let outside = names
            .iter()
            .filter(|n| !n.starts_with(&prefix) && !n.ends_with('/'))
            .cloned()
            .collect();
        Ok(ZipSource {
            archive,
            prefix,
            outside,
        })
    }
}

impl Source for ZipSource {
    fn files(&mut self) -> Result<Vec<(String, u64)>> {
        let mut files = Vec::new();
        for i in 0..self.archive.len() {
            let f = self.archive.by_index_raw(i)?;
            if f.is_dir() {
                continue;
            }
            let name = f.name()?.into_owned();
            if let Some(rel) = name.strip_prefix(&self.prefix) {
                files.push((rel.to_string(), f.size()));
            }
        }
        Ok(files)
    }

    fn open(&mut self, path: &str) -> Result<Box<dyn Read + '_>> {
        let name = format!("{}{path}", self.prefix);
        let f = self
            .archive
            .by_name(&name)
            .with_context(|| format!("cannot read {name} in the zip"))?;
        Ok(Box::new(f))
    }
}
