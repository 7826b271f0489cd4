//! The single sink for output files: minifies HTML and writes into a staging directory that
//! replaces the output directory only when the whole build succeeded.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

/// Files being written for one build.
pub struct Output {
    staging: PathBuf,
    target: PathBuf,
    minify: bool,
    committed: bool,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// HTML pages written so far, for the sitemap.
    pages: Mutex<Vec<String>>,
}

/// What a committed build wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

impl Output {
    /// Starts a build that will replace `target`, staging beside it.
    pub fn begin(target: &Path, minify: bool) -> Result<Output> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot remove {}", staging.display()))?;
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        Ok(Output {
            staging,
            target: target.to_path_buf(),
            minify,
            committed: false,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            pages: Mutex::new(Vec::new()),
        })
    }

    /// Writes an HTML page, minified when the site asks for it.
    pub fn write_html(&self, rel: &str, html: &str) -> Result<()> {
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        if self.minify {
            let bytes = minify(html.as_bytes());
            self.write(rel, &bytes)
        } else {
            self.write(rel, html.as_bytes())
        }
    }

    /// Writes a file at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
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

    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        if rel.split('/').any(|c| c == ".." || c.is_empty()) || rel.starts_with('/') {
            anyhow::bail!("refusing to write outside the output directory: {rel}");
        }
        Ok(self.staging.join(rel))
    }

    /// Swaps the staged files in for the old output.
    pub fn commit(mut self) -> Result<Written> {
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        if self.target.exists() {
            std::fs::rename(&self.target, &old).with_context(|| {
                format!("cannot move the old output {} aside", self.target.display())
            })?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the old output back so nothing is lost.
            let _ = std::fs::rename(&old, &self.target);
            return Err(e).with_context(|| {
                format!("cannot move the new output into {}", self.target.display())
            });
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(Written {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Minifies an HTML page; `dir`, `lang` and every attribute value survive.
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}
