//! The BagIt format (RFC 8493, version 1.0): tag files, manifest lines, Payload-Oxum, and a
//! writer that streams payload files into a [`Sink`] (a folder or a zip) while hashing them.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

/// `bagit.txt`, byte for byte (RFC 8493 §2.1.1).
pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// Where the files of a bag go. Paths are `/`-separated and relative to the bag's base folder.
pub trait Sink {
    /// Adds a file of `size` bytes by copying `reader`; implementations stream it.
    fn add(&mut self, path: &str, size: u64, reader: &mut dyn Read) -> Result<()>;
}

/// A reader that hashes and counts what passes through it.
pub struct Hashing<R> {
    inner: R,
    pub hasher: Sha256,
    pub bytes: u64,
}

impl<R: Read> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The SHA-256 of a byte string, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Encodes a path for a manifest line: `%`, CR and LF are percent-encoded (RFC 8493 §2.1.3).
pub fn encode_manifest_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Decodes a manifest path (the inverse of [`encode_manifest_path`], case-insensitive).
pub fn decode_manifest_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3).map(str::to_ascii_uppercase);
        match code.as_deref() {
            Some("25") => out.push('%'),
            Some("0D") => out.push('\r'),
            Some("0A") => out.push('\n'),
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
                continue;
            }
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// One line per file: `<checksum>  <path>`, sorted by path.
pub fn manifest(entries: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::new();
    for (path, sum) in sorted {
        let _ = writeln!(text, "{sum}  {}", encode_manifest_path(path));
    }
    text
}

/// Parses a manifest: `(path, checksum)` per line, or the 1-based number of a malformed line.
pub fn parse_manifest(text: &str) -> Vec<std::result::Result<(String, String), usize>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let line = line.trim_end_matches('\r');
            match line.split_once([' ', '\t']) {
                Some((sum, path)) if !path.trim().is_empty() => Ok((
                    decode_manifest_path(path.trim_start_matches([' ', '\t'])),
                    sum.to_ascii_lowercase(),
                )),
                _ => Err(i + 1),
            }
        })
        .collect()
}

/// `Payload-Oxum`: payload octets and file count.
pub fn payload_oxum(bytes: u64, files: usize) -> String {
    format!("{bytes}.{files}")
}

/// `Bag-Size`: an approximate, human-readable size.
pub fn bag_size(bytes: u64) -> String {
    let units = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];
    for (unit, size) in units {
        if bytes as f64 >= size {
            return format!("{:.1} {unit}", bytes as f64 / size);
        }
    }
    format!("{bytes} bytes")
}

/// The metadata written to `bag-info.txt`.
#[derive(Debug, Clone)]
pub struct BagInfo {
    pub source_organization: String,
    pub external_description: String,
    /// `YYYY-MM-DD`.
    pub bagging_date: String,
    pub software_agent: String,
}

/// Parses `label: value` lines of `bag-info.txt`, joining continuation lines (those starting
/// with whitespace) to the value before them.
pub fn parse_bag_info(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with([' ', '\t']) {
            if let Some(last) = fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((label, value)) = line.split_once(':') {
            fields.push((label.trim().to_string(), value.trim().to_string()));
        }
    }
    fields
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A payload file: its path in the bag (`data/…`) and where to read it.
#[derive(Debug, Clone)]
pub struct PayloadFile {
    pub bag_path: String,
    pub source: std::path::PathBuf,
}

/// What a written bag holds.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub payload_files: usize,
    pub payload_bytes: u64,
}

/// Writes a complete bag: payload files streamed through the hasher into the sink, then
/// `bagit.txt`, `bag-info.txt`, `manifest-sha256.txt` and `tagmanifest-sha256.txt`.
pub fn write_bag(sink: &mut dyn Sink, payload: &[PayloadFile], info: &BagInfo) -> Result<Written> {
    let mut entries = Vec::with_capacity(payload.len());
    let mut total = 0u64;
    for f in payload {
        debug_assert!(f.bag_path.starts_with("data/"));
        let file = std::fs::File::open(&f.source)
            .with_context(|| format!("cannot read {}", f.source.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut reader = Hashing::new(std::io::BufReader::with_capacity(1 << 16, file));
        sink.add(&f.bag_path, size, &mut reader)
            .with_context(|| format!("cannot add {} to the bag", f.source.display()))?;
        total += reader.bytes;
        entries.push((f.bag_path.clone(), hex::encode(reader.hasher.finalize())));
    }
    let bag_info = format!(
        "Source-Organization: {}\nBagging-Date: {}\nPayload-Oxum: {}\nBag-Size: {}\nExternal-Description: {}\nBag-Software-Agent: {}\n",
        one_line(&info.source_organization),
        info.bagging_date,
        payload_oxum(total, payload.len()),
        bag_size(total),
        one_line(&info.external_description),
        one_line(&info.software_agent),
    );
    let manifest_text = manifest(&entries);
    let mut tags = Vec::new();
    for (name, text) in [
        ("bagit.txt", BAGIT_TXT),
        ("bag-info.txt", bag_info.as_str()),
        ("manifest-sha256.txt", manifest_text.as_str()),
    ] {
        sink.add(name, text.len() as u64, &mut text.as_bytes())?;
        tags.push((name.to_string(), sha256_hex(text.as_bytes())));
    }
    let tag_manifest = manifest(&tags);
    sink.add(
        "tagmanifest-sha256.txt",
        tag_manifest.len() as u64,
        &mut tag_manifest.as_bytes(),
    )?;
    Ok(Written {
        payload_files: payload.len(),
        payload_bytes: total,
    })
}

/// A bag written as a folder.
pub struct DirSink {
    pub base: std::path::PathBuf,
}

impl Sink for DirSink {
    fn add(&mut self, path: &str, _size: u64, reader: &mut dyn Read) -> Result<()> {
        let dest = self.base.join(path);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let file = std::fs::File::create(&dest)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        std::io::copy(reader, &mut w)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        w.flush()
            .with_context(|| format!("cannot write {}", dest.display()))?;
        Ok(())
    }
}

/// Lists the files under `dir` as payload under `prefix` (`data/site`), sorted.
pub fn payload_tree(dir: &Path, prefix: &str) -> Result<Vec<PayloadFile>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = crate::content::relative(dir, entry.path());
            files.push(PayloadFile {
                bag_path: format!("{prefix}/{rel}"),
                source: entry.path().to_path_buf(),
            });
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_round_trip_and_percent_encode_only_cr_lf_and_percent() {
        let rows = [
            ("data/a b.txt", "data/a b.txt"),
            ("data/100%.txt", "data/100%25.txt"),
            ("data/x\ny\rz", "data/x%0Ay%0Dz"),
            ("data/الرباط/index.html", "data/الرباط/index.html"),
        ];
        for (raw, encoded) in rows {
            assert_eq!(encode_manifest_path(raw), encoded);
            assert_eq!(decode_manifest_path(encoded), raw);
        }
        assert_eq!(decode_manifest_path("data/%0a%zz"), "data/\n%zz");
    }

    #[test]
    fn manifest_lines_are_checksum_then_path_sorted() {
        let text = manifest(&[
            ("data/b".into(), "BB".into()),
            ("data/a b".into(), "aa".into()),
        ]);
        assert_eq!(text, "aa  data/a b\nBB  data/b\n");
        let parsed = parse_manifest(&format!("{text}garbage\n\n"));
        assert_eq!(parsed[0], Ok(("data/a b".into(), "aa".into())));
        assert_eq!(parsed[1], Ok(("data/b".into(), "bb".into())));
        assert_eq!(parsed[2], Err(3));
    }

    #[test]
    fn bag_info_and_sizes() {
        let fields = parse_bag_info(
            "Source-Organization: ديوان\nExternal-Description: a\n  b\nPayload-Oxum: 10.2\n",
        );
        assert_eq!(fields[1], ("External-Description".into(), "a b".into()));
        assert_eq!(fields[2], ("Payload-Oxum".into(), "10.2".into()));
        assert_eq!(payload_oxum(1234, 5), "1234.5");
        assert_eq!(bag_size(999), "999 bytes");
        assert_eq!(bag_size(1_500), "1.5 KB");
        assert_eq!(bag_size(2_340_000), "2.3 MB");
        assert_eq!(BAGIT_TXT.as_bytes().last(), Some(&b'\n'));
    }
}
