//! The single sink for output files: minifies HTML and writes either into a staging directory
//! that replaces the output directory only when the whole build succeeded (`diwan build`), or
//! into memory, from where a [`Mirror`] writes only the files whose bytes changed (`watch`, `serve`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::minify::Minify;

/// Files being written for one build.
pub struct Output {
    dest: Dest,
    minify: Minify,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// HTML pages written so far, for the sitemap.
    pages: Mutex<Vec<String>>,
    /// The fingerprint of every file written, when a [`Mirror`] is to take the build over
    /// (see [`Mirror::swap_in`]).
    prints: Option<Mutex<HashMap<String, u64>>>,
    /// The folders of a staged build made so far (output-relative): a file in one of them
    /// is written without asking the file system for its folder first (a `mkdir` and a
    /// `stat` per file were 1.5 % of a 10,000-article build).
    dirs: Mutex<rustc_hash::FxHashSet<String>>,
}

enum Dest {
    /// A staging directory swapped in for `target` by [`Output::commit`].
    Staging {
        staging: PathBuf,
        target: PathBuf,
        committed: bool,
    },
    /// Memory, handed to a [`Mirror`] by [`Output::into_files`].
    Memory(Mutex<BTreeMap<String, Entry>>),
}

/// One file of an in-memory build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// New bytes.
    Bytes(Vec<u8>),
    /// The same bytes as the previous build wrote at this path.
    Kept,
}

/// The files of an in-memory build, by output-relative path.
pub type Files = BTreeMap<String, Entry>;

/// What a committed build wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// A writer that counts the bytes through it and, when asked, takes their [`fingerprint`]
/// as it goes ([`Output::write_with`]).
struct Counting<W> {
    inner: W,
    bytes: u64,
    hash: Option<xxhash_rust::xxh3::Xxh3Default>,
}

impl<W: std::io::Write> std::io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        if let Some(h) = &mut self.hash {
            h.update(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Output {
    /// Starts a build that will replace `target`, staging beside it.
    pub fn begin(target: &Path, minify: Minify) -> Result<Output> {
        let staging = beside(target, "staging");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot remove {}", staging.display()))?;
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        Ok(Output {
            dest: Dest::Staging {
                staging,
                target: target.to_path_buf(),
                committed: false,
            },
            minify,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            pages: Mutex::new(Vec::new()),
            prints: None,
            dirs: Mutex::default(),
        })
    }

    /// [`Output::begin`] of a build that a [`Mirror`] takes over once it is done: the
    /// fingerprint of each file is taken as it is written.
    pub fn begin_mirrored(target: &Path, minify: Minify) -> Result<Output> {
        let mut out = Output::begin(target, minify)?;
        out.prints = Some(Mutex::default());
        Ok(out)
    }

    /// Starts a build kept in memory (for `watch` and `serve`); see [`Mirror`].
    pub fn memory(minify: Minify) -> Output {
        Output {
            dest: Dest::Memory(Mutex::new(BTreeMap::new())),
            minify,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            pages: Mutex::new(Vec::new()),
            prints: None,
            dirs: Mutex::default(),
        }
    }

    /// Whether this is a build of `watch` or `serve`, whose reuse of the previous build's
    /// pages is worth recording: an in-memory build, which may [`Output::keep`] a file, or a
    /// full build staged for a [`Mirror`] ([`Output::begin_mirrored`]). The latter follows no
    /// build, so nothing in it can be the same as last time and it keeps nothing, but the
    /// digests it records let the next rebuild keep what did not change (without them, the
    /// first edit after `diwan serve` started made every event view again: 1.2 s instead of
    /// 0.4 s at 10,000 articles).
    pub fn can_keep(&self) -> bool {
        matches!(self.dest, Dest::Memory(_)) || self.prints.is_some()
    }

    /// Declares that `rel` has the same bytes as in the previous build, without producing them.
    pub fn keep(&self, rel: &str) -> Result<()> {
        check_rel(rel)?;
        if rel.ends_with(".html") {
            // A kept page is still a page of the site (the sitemap lists it).
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.to_string());
        }
        match &self.dest {
            Dest::Memory(files) => {
                files.lock().unwrap().insert(rel.to_string(), Entry::Kept);
                Ok(())
            }
            Dest::Staging { .. } => {
                anyhow::bail!("cannot keep {rel}: a staged build writes every file")
            }
        }
    }

    /// [`Output::keep`] for many files, taking each lock once (a body edit keeps 10,000
    /// article pages: one by one, two threads queued on the locks for 20 ms).
    pub fn keep_all(&self, rels: &[String]) -> Result<()> {
        if rels.is_empty() {
            return Ok(());
        }
        for rel in rels {
            check_rel(rel)?;
        }
        let Dest::Memory(files) = &self.dest else {
            anyhow::bail!("cannot keep files: a staged build writes every file")
        };
        let pages = || {
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(rels.iter().filter(|r| r.ends_with(".html")).cloned())
        };
        let files = || {
            let mut files = files.lock().unwrap();
            for rel in rels {
                files.insert(rel.clone(), Entry::Kept);
            }
        };
        rayon::join(pages, files);
        Ok(())
    }

    /// The files an in-memory build has written so far, taken out of it (the dev server
    /// writes the pages it has before the rest of the build is done).
    pub fn take_files(&self) -> Files {
        match &self.dest {
            Dest::Memory(files) => std::mem::take(&mut *files.lock().unwrap()),
            Dest::Staging { .. } => Files::new(),
        }
    }

    /// The files of an in-memory build.
    pub fn into_files(mut self) -> Files {
        match std::mem::replace(&mut self.dest, Dest::Memory(Mutex::default())) {
            Dest::Memory(files) => files.into_inner().unwrap(),
            Dest::Staging { .. } => panic!("into_files on a staged build"),
        }
    }

    /// Writes an HTML page, minified when the site asks for it.
    pub fn write_html(&self, rel: &str, html: &str) -> Result<()> {
        self.write_html_bytes(rel, html.as_bytes())
    }

    /// [`Output::write_html`] of a page's UTF-8 bytes. The minified page is made in a
    /// buffer kept by the thread, not in a new page-sized allocation per page.
    pub fn write_html_bytes(&self, rel: &str, html: &[u8]) -> Result<()> {
        thread_local! {
            static MINIFIED: PageBuffer = const { PageBuffer::new(Vec::new()) };
        }
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        if self.minify == Minify::Off {
            return self.write(rel, html);
        }
        with_kept_buffer(&MINIFIED, |buf| {
            self.minify.apply_into(html, buf);
            self.write(rel, buf)
        })
    }

    /// Makes the folder `dir` (output-relative) of the staged build at `staging`, unless
    /// this build made it already.
    fn make_dir(&self, staging: &Path, dir: &str) -> Result<()> {
        if self.dirs.lock().unwrap().contains(dir) {
            return Ok(());
        }
        let path = staging.join(dir);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        self.dirs.lock().unwrap().insert(dir.to_string());
        Ok(())
    }

    /// Writes a file at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.write_vec(rel, std::borrow::Cow::Borrowed(bytes))
    }

    /// [`Output::write`] taking the bytes, which an in-memory build then keeps without a copy
    /// (the data exports are tens of megabytes at 10,000 articles).
    pub fn write_vec(&self, rel: &str, bytes: std::borrow::Cow<[u8]>) -> Result<()> {
        check_rel(rel)?;
        let len = bytes.len() as u64;
        match &self.dest {
            Dest::Staging { staging, .. } => {
                let path = self.staged_path(staging, rel)?;
                std::fs::write(&path, &bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                let fp = self.prints.is_some().then(|| fingerprint(&bytes));
                self.count_file(rel, len, fp);
            }
            Dest::Memory(files) => {
                files
                    .lock()
                    .unwrap()
                    .insert(rel.to_string(), Entry::Bytes(bytes.into_owned()));
                self.count_file(rel, len, None);
            }
        }
        Ok(())
    }

    /// Where `rel` is staged, its folder made.
    fn staged_path(&self, staging: &Path, rel: &str) -> Result<PathBuf> {
        if let Some((dir, _)) = rel.rsplit_once('/') {
            self.make_dir(staging, dir)?;
        }
        Ok(staging.join(rel))
    }

    /// Counts a file of `len` bytes written at `rel`, and records its fingerprint `fp`
    /// (taken when the build takes fingerprints).
    fn count_file(&self, rel: &str, len: u64, fp: Option<u64>) {
        if let (Some(prints), Some(fp)) = (&self.prints, fp) {
            prints.lock().unwrap().insert(rel.to_string(), fp);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
    }

    /// Writes `rel` from what `fill` writes to the writer it is given, without holding the
    /// whole file in memory when the build is staged: the data exports are 150 MB at 10,000
    /// articles and 1.5 GB at 100,000, and making each in one buffer first cost a copy of
    /// every byte into fresh pages, and as much memory again at the build's peak.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<()> {
        use std::io::Write;
        match &self.dest {
            Dest::Staging { staging, .. } => {
                check_rel(rel)?;
                let path = self.staged_path(staging, rel)?;
                let file = std::fs::File::create(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                let mut w = Counting {
                    inner: std::io::BufWriter::with_capacity(1 << 20, file),
                    bytes: 0,
                    hash: self
                        .prints
                        .is_some()
                        .then(xxhash_rust::xxh3::Xxh3Default::new),
                };
                fill(&mut w)
                    .and_then(|()| Ok(w.inner.flush()?))
                    .with_context(|| format!("cannot write {}", path.display()))?;
                self.count_file(rel, w.bytes, w.hash.map(|h| h.digest()));
                Ok(())
            }
            Dest::Memory(_) => {
                let mut bytes = Vec::new();
                fill(&mut bytes)?;
                self.write_vec(rel, bytes.into())
            }
        }
    }

    /// Copies a file into the output unchanged.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<()> {
        let bytes =
            std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
        self.write(rel, &bytes)
    }

    /// The HTML pages written so far (output-relative paths), sorted.
    pub fn pages(&self) -> Vec<String> {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
        pages.sort();
        pages.dedup();
        pages
    }

    /// Swaps the staged files in for the old output.
    pub fn commit(mut self) -> Result<Written> {
        let Dest::Staging {
            staging,
            target,
            committed,
        } = &mut self.dest
        else {
            anyhow::bail!("commit on an in-memory build");
        };
        let (staging, target) = (staging.clone(), target.clone());
        let old = beside(&target, "old");
        if target.exists() {
            std::fs::rename(&target, &old).with_context(|| {
                format!("cannot move the old output {} aside", target.display())
            })?;
        }
        if let Err(e) = std::fs::rename(&staging, &target) {
            // Put the old output back so nothing is lost.
            let _ = std::fs::rename(&old, &target);
            return Err(e)
                .with_context(|| format!("cannot move the new output into {}", target.display()));
        }
        *committed = true;
        if old.exists() {
            remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(Written {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Dest::Staging {
            staging,
            committed: false,
            ..
        } = &self.dest
        {
            let _ = std::fs::remove_dir_all(staging);
        }
    }
}

fn check_rel(rel: &str) -> Result<()> {
    if rel.split('/').any(|c| c == ".." || c.is_empty()) || rel.starts_with('/') {
        anyhow::bail!("refusing to write outside the output directory: {rel}");
    }
    Ok(())
}

/// Fingerprint of a file's bytes, to tell whether it changed since the previous build.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The output directory as the last in-memory build left it: the fingerprint of every file.
/// [`Mirror::sync`] writes only the files whose bytes changed and deletes the ones that
/// disappeared, so the directory always equals what `diwan build` would write.
pub struct Mirror {
    dir: PathBuf,
    files: HashMap<String, u64>,
}

/// Files a [`Mirror::write_early`] put in place before their build was done, with what
/// they replaced, so that a build that fails later can put the previous output back.
#[derive(Debug, Default)]
pub struct Early {
    /// Output-relative paths written, in order.
    pub written: Vec<String>,
    /// Every path taken (written or unchanged): the build's final sync counts them as kept.
    taken: Vec<String>,
    /// For each path written: its previous bytes and fingerprint, if it existed.
    undo: Vec<(String, Option<Vec<u8>>, Option<u64>)>,
}

/// What one [`Mirror::sync`] did.
#[derive(Debug, Clone, Default)]
pub struct Synced {
    /// Output-relative paths written, in order.
    pub written: Vec<String>,
    /// Output-relative paths deleted, in order.
    pub deleted: Vec<String>,
    pub unchanged: usize,
}

impl Mirror {
    /// A mirror of `dir` that knows nothing yet: its first sync writes every file and deletes
    /// whatever else the directory holds.
    pub fn new(dir: &Path) -> Mirror {
        Mirror {
            dir: dir.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Fingerprint of the file at `rel`, when the last sync left one there.
    pub fn fingerprint(&self, rel: &str) -> Option<u64> {
        self.files.get(rel).copied()
    }

    /// Writes the files of `files` that changed now, before the rest of their build: the
    /// dev server puts an edited article's page in place while entity pages, search and
    /// exports are still being made. The build then ends with [`Mirror::sync_after`], or,
    /// if it fails, [`Mirror::undo`] puts back what was there.
    pub fn write_early(&mut self, files: Files) -> Result<Early> {
        let mut early = Early::default();
        for (rel, entry) in files {
            if let Entry::Bytes(bytes) = entry {
                let fp = fingerprint(&bytes);
                let before = self.files.get(&rel).copied();
                if before != Some(fp) {
                    let old = before.and_then(|_| std::fs::read(self.dir.join(&rel)).ok());
                    early.undo.push((rel.clone(), old, before));
                    let written = self.write(&rel, &bytes);
                    if let Err(e) = written {
                        self.undo(early)?;
                        return Err(e);
                    }
                    self.files.insert(rel.clone(), fp);
                    early.written.push(rel.clone());
                }
            } else if !self.files.contains_key(&rel) {
                self.undo(early)?;
                anyhow::bail!("{rel} was kept from a previous build that did not write it");
            }
            early.taken.push(rel);
        }
        Ok(early)
    }

    /// Puts back the files an early write replaced (their build failed).
    pub fn undo(&mut self, early: Early) -> Result<()> {
        for (rel, old, fp) in early.undo.into_iter().rev() {
            match (old, fp) {
                (Some(bytes), Some(fp)) => {
                    self.write(&rel, &bytes)?;
                    self.files.insert(rel, fp);
                }
                _ => {
                    let path = self.dir.join(&rel);
                    match std::fs::remove_file(&path) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(e)
                                .with_context(|| format!("cannot remove {}", path.display()))
                        }
                        _ => {}
                    }
                    self.files.remove(&rel);
                }
            }
        }
        Ok(())
    }

    /// [`Mirror::sync`] of the rest of a build whose first files `early` wrote.
    pub fn sync_after(&mut self, early: Early, mut files: Files) -> Result<Synced> {
        for rel in &early.taken {
            files.insert(rel.clone(), Entry::Kept);
        }
        let mut done = self.sync(files)?;
        done.unchanged -= early.written.len();
        done.written.extend(early.written);
        done.written.sort();
        Ok(done)
    }

    /// Swaps in a whole build that was staged beside the directory ([`Output::begin_mirrored`])
    /// and takes over the fingerprints of its files. A full build (the first of a session, or
    /// after a change of settings or templates) goes this way rather than through memory and
    /// [`Mirror::sync`]: holding every page in memory until the end doubled the dev server's
    /// peak at 10,000 articles (830 MB of pages).
    pub fn swap_in(&mut self, mut out: Output) -> Result<Synced> {
        let prints = out
            .prints
            .take()
            .map(|p| p.into_inner().unwrap())
            .context("swap_in of a build that took no fingerprints")?;
        if !matches!(&out.dest, Dest::Staging { target, .. } if *target == self.dir) {
            anyhow::bail!("swap_in of a build staged for another directory");
        }
        // A session's first build knows nothing of the directory: whatever is in it goes.
        let unknown = if self.files.is_empty() {
            files_in(&self.dir)
        } else {
            Vec::new()
        };
        out.commit()?;
        let mut done = Synced::default();
        for (rel, fp) in &prints {
            if self.files.get(rel) == Some(fp) {
                done.unchanged += 1;
            } else {
                done.written.push(rel.clone());
            }
        }
        done.written.sort();
        done.deleted = (self.files.keys().cloned())
            .chain(unknown)
            .filter(|rel| !prints.contains_key(rel))
            .collect();
        done.deleted.sort();
        self.files = prints;
        Ok(done)
    }

    /// Makes the directory hold exactly `files`. Each file is written to a temporary name and
    /// renamed, so a reader (the server) never sees half a file.
    pub fn sync(&mut self, files: Files) -> Result<Synced> {
        let first = self.files.is_empty();
        let mut done = Synced::default();
        let mut next: HashMap<String, u64> = HashMap::with_capacity(files.len());
        for (rel, entry) in files {
            match entry {
                Entry::Kept => {
                    let fp = self.files.get(&rel).copied().with_context(|| {
                        format!("{rel} was kept from a previous build that did not write it")
                    })?;
                    next.insert(rel, fp);
                    done.unchanged += 1;
                }
                Entry::Bytes(bytes) => {
                    let fp = fingerprint(&bytes);
                    if self.files.get(&rel) == Some(&fp) {
                        done.unchanged += 1;
                    } else {
                        self.write(&rel, &bytes)?;
                        done.written.push(rel.clone());
                    }
                    next.insert(rel, fp);
                }
            }
        }
        let mut gone: Vec<String> = if first {
            // Anything already in the directory that this build did not write.
            files_in(&self.dir)
                .into_iter()
                .filter(|rel| !next.contains_key(rel))
                .collect()
        } else {
            self.files
                .keys()
                .filter(|rel| !next.contains_key(*rel))
                .cloned()
                .collect()
        };
        gone.sort();
        for rel in &gone {
            let path = self.dir.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot remove {}", path.display()))
                }
            }
            // Remove the folders it leaves empty, up to the output directory.
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == self.dir || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        done.deleted = gone;
        self.files = next;
        Ok(done)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if path.is_dir() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        let tmp = dir.join(format!(".diwan-tmp-{}", std::process::id()));
        std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// The files under `dir`, as output-relative paths (none if it does not exist).
fn files_in(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| crate::content::relative(dir, e.path()))
        .collect()
}

/// The folder beside the output `target` that a build uses while it runs: `.NAME.staging-PID`
/// for the new output, `.NAME.old-PID` for the previous one while they are swapped.
fn beside(target: &Path, role: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = target.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{role}-{}", std::process::id()))
}

/// Whether `path` lies in a folder [`beside`] the output `target`, of this process or another.
pub fn is_beside(target: &Path, path: &Path) -> bool {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return false;
    };
    let Some(first) = path
        .strip_prefix(parent)
        .ok()
        .and_then(|r| r.components().next())
    else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    first
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(&*name.to_string_lossy()))
        .and_then(|f| f.strip_prefix('.'))
        .is_some_and(|f| f.starts_with("staging-") || f.starts_with("old-"))
}

/// A page-sized buffer kept by a thread from one page to the next.
pub(crate) type PageBuffer = std::cell::RefCell<Vec<u8>>;

/// Runs `f` with the thread's buffer `key`, emptied; keeps the buffer for the next page
/// unless one huge page left it huge.
pub(crate) fn with_kept_buffer<R>(
    key: &'static std::thread::LocalKey<PageBuffer>,
    f: impl FnOnce(&mut Vec<u8>) -> R,
) -> R {
    const KEEP: usize = 8 << 20;
    key.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        let result = f(&mut buf);
        if buf.capacity() > KEEP {
            buf.clear();
            buf.shrink_to(KEEP);
        }
        result
    })
}

/// `remove_dir_all`, with the top-level entries removed in parallel (an archive's output
/// holds tens of thousands of files, and unlinking them one by one is a serial half second).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            // The big folders (articles/, entities/…) are split one level further.
            let inner: Vec<std::fs::DirEntry> =
                std::fs::read_dir(e.path())?.collect::<Result<_, _>>()?;
            inner.par_iter().try_for_each(|i| {
                if i.file_type()?.is_dir() {
                    std::fs::remove_dir_all(i.path())
                } else {
                    std::fs::remove_file(i.path())
                }
            })?;
            std::fs::remove_dir(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(rows: &[(&str, Option<&str>)]) -> Files {
        rows.iter()
            .map(|(rel, bytes)| {
                let e = match bytes {
                    Some(b) => Entry::Bytes(b.as_bytes().to_vec()),
                    None => Entry::Kept,
                };
                (rel.to_string(), e)
            })
            .collect()
    }

    #[test]
    fn a_file_written_in_pieces_equals_one_written_whole() {
        // (pieces, piece size): empty, one byte, pieces across the 1 MiB buffer, one piece
        // larger than it.
        let rows: &[(usize, usize)] = &[(0, 0), (1, 1), (700, 3001), (1, (1 << 20) + 17)];
        for &(pieces, size) in rows {
            let bytes: Vec<u8> = (0..pieces * size).map(|i| (i * 7 % 251) as u8).collect();
            let fill = |w: &mut dyn std::io::Write| {
                for piece in bytes.chunks(size.max(1)) {
                    w.write_all(piece)?;
                }
                Ok(())
            };
            let dir = tempfile::tempdir().unwrap();
            let (whole, streamed) = (dir.path().join("whole"), dir.path().join("streamed"));
            let mut prints = Vec::new();
            for (target, stream) in [(&whole, false), (&streamed, true)] {
                let out = Output::begin_mirrored(target, Minify::Off).unwrap();
                if stream {
                    out.write_with("data/x.json", fill).unwrap();
                } else {
                    out.write("data/x.json", &bytes).unwrap();
                }
                prints.push(out.prints.as_ref().unwrap().lock().unwrap()["data/x.json"]);
                let written = out.commit().unwrap();
                assert_eq!((written.files, written.bytes), (1, bytes.len() as u64));
            }
            assert_eq!(prints[0], prints[1], "fingerprint of {pieces} x {size}");
            assert_eq!(prints[1], fingerprint(&bytes));
            assert_eq!(std::fs::read(streamed.join("data/x.json")).unwrap(), bytes);
            let memory = Output::memory(Minify::Off);
            memory.write_with("data/x.json", fill).unwrap();
            let files = memory.into_files();
            assert_eq!(files["data/x.json"], Entry::Bytes(bytes.clone()));
        }
    }

    #[test]
    fn mirror_writes_only_changes_and_deletes_what_went() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/stale.html"), "x").unwrap();
        let mut m = Mirror::new(&out);
        let s = m
            .sync(files(&[
                ("index.html", Some("a")),
                ("a/b/index.html", Some("b")),
            ]))
            .unwrap();
        assert_eq!(s.written, ["a/b/index.html", "index.html"]);
        assert_eq!(s.deleted, ["old/stale.html"]);
        assert!(!out.join("old").exists(), "empty folder left behind");
        let s = m
            .sync(files(&[
                ("index.html", Some("a2")),
                ("a/b/index.html", None),
            ]))
            .unwrap();
        assert_eq!((s.written.len(), s.unchanged), (1, 1));
        let s = m.sync(files(&[("index.html", Some("a2"))])).unwrap();
        assert_eq!((s.written.len(), s.unchanged), (0, 1));
        assert_eq!(s.deleted, ["a/b/index.html"]);
        assert!(!out.join("a").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a2"
        );
        // Keeping a file no build wrote is a bug, not a silent success.
        assert!(m.sync(files(&[("nope.html", None)])).is_err());
    }

    #[test]
    fn a_staged_build_swapped_into_a_mirror_is_then_synced_by_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/stale.html"), "x").unwrap();
        std::fs::write(out.join("index.html"), "a").unwrap();
        let mut m = Mirror::new(&out);
        let staged = |rows: &[(&str, &str)]| {
            let o = Output::begin_mirrored(&out, Minify::Off).unwrap();
            for (rel, bytes) in rows {
                o.write(rel, bytes.as_bytes()).unwrap();
            }
            o
        };

        // First build of a session: the directory's files have no known fingerprint, so
        // every file counts as written, and what the build did not write is gone.
        let s = m
            .swap_in(staged(&[("index.html", "a"), ("مقالات/أ.html", "b")]))
            .unwrap();
        assert_eq!(s.written, ["index.html", "مقالات/أ.html"]);
        assert_eq!(s.deleted, ["old/stale.html"]);
        assert_eq!(s.unchanged, 0);
        assert_eq!(read(&out, "old/stale.html"), None);
        assert_eq!(read(&out, "مقالات/أ.html").unwrap(), "b");
        let siblings: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            siblings.len(),
            1,
            "staging or old folder left beside the output"
        );

        // The fingerprints taken while staging are the mirror's: a sync may keep a file.
        let s = m
            .sync(files(&[("index.html", None), ("مقالات/أ.html", Some("b2"))]))
            .unwrap();
        assert_eq!((s.written.len(), s.unchanged), (1, 1));

        // A second swap compares with what the mirror knows.
        let s = m
            .swap_in(staged(&[("index.html", "a"), ("new.html", "c")]))
            .unwrap();
        assert_eq!(s.written, ["new.html"]);
        assert_eq!(s.deleted, ["مقالات/أ.html"]);
        assert_eq!(s.unchanged, 1);
        assert_eq!(m.fingerprint("new.html"), Some(fingerprint(b"c")));

        // An output that took no fingerprints, or is staged for another folder, is refused.
        let plain = Output::begin(&out, Minify::Off).unwrap();
        assert!(m.swap_in(plain).is_err());
        let other = Output::begin_mirrored(&dir.path().join("elsewhere"), Minify::Off).unwrap();
        assert!(m.swap_in(other).is_err());
        assert_eq!(read(&out, "new.html").unwrap(), "c");
    }

    fn read(out: &Path, rel: &str) -> Option<String> {
        std::fs::read_to_string(out.join(rel)).ok()
    }

    #[test]
    fn early_pages_then_the_rest_equal_one_sync_and_a_failed_build_puts_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [
            ("articles/أ/index.html", Some("old article")),
            ("index.html", Some("list")),
            ("entities/x/index.html", Some("entity")),
            ("gone.html", Some("gone")),
        ];
        let mut m = Mirror::new(&out);
        m.sync(files(&first)).unwrap();

        // A rebuild: the article changed, a new one came, the list is the same; then the
        // rest of the build changes the entity page and drops gone.html.
        let pages = files(&[
            ("articles/أ/index.html", Some("new article")),
            ("articles/ب/index.html", Some("added")),
            ("index.html", Some("list")),
        ]);
        let early = m.write_early(pages).unwrap();
        assert_eq!(
            early.written,
            ["articles/أ/index.html", "articles/ب/index.html"]
        );
        assert_eq!(read(&out, "articles/أ/index.html").unwrap(), "new article");
        let rest = files(&[("entities/x/index.html", Some("entity 2"))]);
        let s = m.sync_after(early, rest).unwrap();
        assert_eq!(
            s.written,
            [
                "articles/أ/index.html",
                "articles/ب/index.html",
                "entities/x/index.html"
            ]
        );
        assert_eq!(
            (s.unchanged, s.deleted.clone()),
            (1, vec!["gone.html".to_string()])
        );
        // The mirror knows the early files: the next rebuild may keep them.
        let s = m
            .sync(files(&[
                ("articles/أ/index.html", None),
                ("articles/ب/index.html", None),
                ("index.html", None),
                ("entities/x/index.html", None),
            ]))
            .unwrap();
        assert_eq!((s.written.len(), s.unchanged), (0, 4));

        // A rebuild that fails after its pages were written early: they are put back, the
        // new one removed, and the mirror's fingerprints are as before.
        let early = m
            .write_early(files(&[
                ("articles/أ/index.html", Some("broken later")),
                ("articles/ج/index.html", Some("new")),
            ]))
            .unwrap();
        assert_eq!(read(&out, "articles/أ/index.html").unwrap(), "broken later");
        m.undo(early).unwrap();
        assert_eq!(read(&out, "articles/أ/index.html").unwrap(), "new article");
        assert_eq!(read(&out, "articles/ج/index.html"), None);
        assert_eq!(m.fingerprint("articles/ج/index.html"), None);
        assert_eq!(
            m.fingerprint("articles/أ/index.html"),
            Some(fingerprint(b"new article"))
        );
    }
}
