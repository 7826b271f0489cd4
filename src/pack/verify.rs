//! Verifies a bag, folder or zip: `bagit.txt`, every payload and tag manifest checksum,
//! missing files, payload files no manifest lists, and `Payload-Oxum`.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256, Sha512};
use unicode_normalization::UnicodeNormalization;

use super::bagit::{parse_bag_info, parse_manifest};

/// Where a bag's files are read from.
pub trait Source {
    /// Every file of the bag: path relative to the bag's base folder, and size.
    fn files(&mut self) -> Result<Vec<(String, u64)>>;
    /// Streams one file.
    fn open(&mut self, path: &str) -> Result<Box<dyn Read + '_>>;
}

/// A bag in a folder.
pub struct DirSource {
    pub base: std::path::PathBuf,
}

impl Source for DirSource {
    fn files(&mut self) -> Result<Vec<(String, u64)>> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&self.base).min_depth(1) {
            let entry = entry.with_context(|| format!("cannot list {}", self.base.display()))?;
            if !entry.file_type().is_dir() {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                files.push((crate::content::relative(&self.base, entry.path()), size));
            }
        }
        Ok(files)
    }

    fn open(&mut self, path: &str) -> Result<Box<dyn Read + '_>> {
        let p = self.base.join(path);
        let f = std::fs::File::open(&p).with_context(|| format!("cannot read {}", p.display()))?;
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
    }
}

/// What verification found.
#[derive(Debug, Default)]
pub struct Verification {
    /// Every problem, one line each; empty when the bag is valid.
    pub problems: Vec<String>,
    pub payload_files: usize,
    pub payload_bytes: u64,
    /// Manifests whose checksums were checked.
    pub manifests: Vec<String>,
}

/// Verifies the bag at `path`: a folder, or a zip file.
pub fn verify(path: &Path) -> Result<Verification> {
    if path.is_dir() {
        verify_source(
            &mut DirSource {
                base: path.to_path_buf(),
            },
            Vec::new(),
        )
    } else if path.is_file() {
        let mut src = super::zipfile::ZipSource::open(path)?;
        let outside = std::mem::take(&mut src.outside);
        verify_source(&mut src, outside)
    } else {
        anyhow::bail!("{}: no such folder or zip file", path.display())
    }
}

enum Hasher {
    Sha256(Sha256),
    Sha512(Sha512),
}

impl Hasher {
    fn new(alg: &str) -> Option<Hasher> {
        match alg {
            "sha256" => Some(Hasher::Sha256(Sha256::new())),
            "sha512" => Some(Hasher::Sha512(Sha512::new())),
            _ => None,
        }
    }
    fn update(&mut self, b: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(b),
            Hasher::Sha512(h) => h.update(b),
        }
    }
    fn hex(self) -> String {
        match self {
            Hasher::Sha256(h) => hex::encode(h.finalize()),
            Hasher::Sha512(h) => hex::encode(h.finalize()),
        }
    }
}

/// The algorithm of a manifest file name: `manifest-sha256.txt` → (`false`, `sha256`).
fn manifest_kind(name: &str) -> Option<(bool, &str)> {
    if name.contains('/') {
        return None;
    }
    let (tag, rest) = match name.strip_prefix("tagmanifest-") {
        Some(r) => (true, r),
        None => (false, name.strip_prefix("manifest-")?),
    };
    let alg = rest.strip_suffix(".txt")?;
    (!alg.is_empty()
        && alg
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    .then_some((tag, alg))
}

fn read_text(src: &mut dyn Source, path: &str) -> Result<String> {
    let mut bytes = Vec::new();
    src.open(path)?
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {path}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Verifies a bag read from `src`; `outside` are zip entries outside the bag's folder.
pub fn verify_source(src: &mut dyn Source, outside: Vec<String>) -> Result<Verification> {
    let mut v = Verification::default();
    for o in outside {
        v.problems.push(format!(
            "{o}: extra file outside the bag's folder in the zip"
        ));
    }
    let listed = src.files()?;
    let sizes: BTreeMap<String, u64> = listed.iter().cloned().collect();
    // Manifests may spell a name in another Unicode normalization than the file system.
    let by_nfc: HashMap<String, String> = sizes
        .keys()
        .map(|k| (k.nfc().collect::<String>(), k.clone()))
        .collect();
    let find = |p: &str| -> Option<String> {
        if sizes.contains_key(p) {
            Some(p.to_string())
        } else {
            by_nfc.get(&p.nfc().collect::<String>()).cloned()
        }
    };

    if !sizes.contains_key("bagit.txt") {
        v.problems
            .push("bagit.txt is missing: this is not a bag".to_string());
        return Ok(v);
    }
    let bagit = parse_bag_info(&read_text(src, "bagit.txt")?);
    let field = |fields: &[(String, String)], label: &str| {
        fields
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
    };
    match field(&bagit, "BagIt-Version") {
        Some(ver)
            if ver.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && (a.to_owned() + b).bytes().all(|c| c.is_ascii_digit())
            }) => {}
        Some(ver) => v
            .problems
            .push(format!("bagit.txt: BagIt-Version `{ver}` is not M.N")),
        None => v
            .problems
            .push("bagit.txt: no BagIt-Version line".to_string()),
    }
    match field(&bagit, "Tag-File-Character-Encoding") {
        Some(enc) if enc.eq_ignore_ascii_case("UTF-8") => {}
        Some(enc) => v.problems.push(format!(
            "bagit.txt: tag files in {enc}: only UTF-8 is supported"
        )),
        None => v
            .problems
            .push("bagit.txt: no Tag-File-Character-Encoding line".to_string()),
    }

    let payload: Vec<&String> = sizes.keys().filter(|p| p.starts_with("data/")).collect();
    v.payload_files = payload.len();
    v.payload_bytes = payload.iter().map(|p| sizes[*p]).sum();

    // Expected checksums: file → [(algorithm, checksum, manifest)].
    let mut expected: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    let manifests: Vec<(String, bool, String)> = sizes
        .keys()
        .filter_map(|n| manifest_kind(n).map(|(tag, alg)| (n.clone(), tag, alg.to_string())))
        .collect();
    if !manifests.iter().any(|(_, tag, _)| !tag) {
        v.problems
            .push("no payload manifest (manifest-<algorithm>.txt)".to_string());
    }
    for (name, tag, alg) in &manifests {
        let supported = Hasher::new(alg).is_some();
        if supported {
            v.manifests.push(name.clone());
        } else {
            v.problems.push(format!(
                "{name}: the {alg} algorithm is not supported (sha256, sha512); its checksums were not checked"
            ));
        }
        let text = read_text(src, name)?;
        let mut seen = std::collections::HashSet::new();
        for entry in parse_manifest(&text) {
            let (path, sum) = match entry {
                Ok(e) => e,
                Err(line) => {
                    v.problems
                        .push(format!("{name}:{line}: not a `<checksum> <path>` line"));
                    continue;
                }
            };
            let unsafe_path = path.starts_with('/')
                || path.contains('\\')
                || path
                    .split('/')
                    .any(|c| c == ".." || c == "." || c.is_empty());
            if unsafe_path {
                v.problems.push(format!(
                    "{name}: path {path:?} leaves the bag or is not normalized"
                ));
                continue;
            }
            if !tag && !path.starts_with("data/") {
                v.problems
                    .push(format!("{name}: {path} is not in the payload folder data/"));
            }
            if !seen.insert(path.clone()) {
                v.problems.push(format!("{name}: {path} is listed twice"));
                continue;
            }
            match find(&path) {
                None => v
                    .problems
                    .push(format!("{path}: missing (listed in {name})")),
                Some(actual) if supported => {
                    expected
                        .entry(actual)
                        .or_default()
                        .push((alg.clone(), sum, name.clone()))
                }
                Some(_) => {}
            }
        }
        if !tag {
            let listed: std::collections::HashSet<String> =
                seen.iter().map(|p| p.nfc().collect()).collect();
            for p in &payload {
                if !listed.contains(&p.nfc().collect::<String>()) {
                    v.problems
                        .push(format!("{p}: extra file, not listed in {name}"));
                }
            }
        }
    }

    for (path, sums) in &expected {
        let mut hashers: Vec<(Hasher, &(String, String, String))> = sums
            .iter()
            .filter_map(|s| Hasher::new(&s.0).map(|h| (h, s)))
            .collect();
        let mut reader = src.open(path)?;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = reader
                .read(&mut buf)
                .with_context(|| format!("cannot read {path}"))?;
            if n == 0 {
                break;
            }
            for (h, _) in hashers.iter_mut() {
                h.update(&buf[..n]);
            }
        }
        for (h, (alg, sum, manifest)) in hashers.drain(..) {
            let actual = h.hex();
            if &actual != sum {
                v.problems.push(format!(
                    "{path}: {alg} checksum mismatch ({manifest} says {sum}, the file has {actual})"
                ));
            }
        }
    }

    if sizes.contains_key("bag-info.txt") {
        let info = parse_bag_info(&read_text(src, "bag-info.txt")?);
        if let Some(oxum) = field(&info, "Payload-Oxum") {
            let parsed = oxum
                .split_once('.')
                .and_then(|(o, c)| Some((o.parse::<u64>().ok()?, c.parse::<usize>().ok()?)));
            match parsed {
                Some((o, c)) if o == v.payload_bytes && c == v.payload_files => {}
                Some((o, c)) => v.problems.push(format!(
                    "bag-info.txt: Payload-Oxum {oxum} says {o} octets in {c} files; the payload has {} octets in {} files",
                    v.payload_bytes, v.payload_files
                )),
                None => v.problems.push(format!(
                    "bag-info.txt: Payload-Oxum `{oxum}` is not <octets>.<files>"
                )),
            }
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_names() {
        let rows = [
            ("manifest-sha256.txt", Some((false, "sha256"))),
            ("tagmanifest-sha512.txt", Some((true, "sha512"))),
            ("manifest-.txt", None),
            ("data/manifest-sha256.txt", None),
            ("manifest-sha256.txt.bak", None),
        ];
        for (name, expected) in rows {
            assert_eq!(manifest_kind(name), expected, "{name}");
        }
    }
}
