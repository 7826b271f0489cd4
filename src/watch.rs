//! `diwan watch`: keeps the loaded archive in memory, classifies each change on disk, redoes
//! only the work it needs, and writes only the output files whose bytes changed.
//!
//! A rebuild is the same pipeline as [`site::build`] (the same analysis and `render` stages),
//! so the output equals a clean build byte for byte; what is saved is parsing unchanged
//! articles, rendering pages whose inputs did not change ([`Reuse`]) and writing unchanged
//! files ([`Mirror`]).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::Watcher;
use serde::Serialize;

use crate::config::{Settings, CONFIG_FILE};
use crate::content::{self, Parsed};
use crate::error::ContentErrors;
use crate::model::{Archive, Article};
use crate::output::{Mirror, Output, Synced};
use crate::render::reuse::PageMemo;
use crate::render::theme::is_editor_temp;
use crate::render::{Renderer, Reuse, Theme};
use crate::site::{self, BuildOptions, Timings};

/// The folders watched under the site root, besides `site.toml`.
pub const WATCHED_DIRS: &[&str] = &["content", "seeds", "themes", "templates", "static"];

/// What a change on disk asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Reload everything: settings, theme, every article.
    pub full: bool,
    /// Reload the theme (templates, strings, static files).
    pub theme: bool,
    /// Whether only static files changed in the theme (pages can be kept).
    pub templates: bool,
    /// Article files to parse again.
    pub articles: BTreeSet<PathBuf>,
    /// List `content/articles/` again (a file appeared, disappeared or was renamed).
    pub relist: bool,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        *self == Plan::default()
    }

    /// One line for the console.
    pub fn describe(&self) -> String {
        if self.full {
            return "full reload".into();
        }
        let mut parts = Vec::new();
        if !self.articles.is_empty() || self.relist {
            parts.push(format!(
                "{} article file{}{}",
                self.articles.len(),
                if self.articles.len() == 1 { "" } else { "s" },
                if self.relist { " (relisted)" } else { "" }
            ));
        }
        if self.templates {
            parts.push("templates".into());
        } else if self.theme {
            parts.push("static files".into());
        }
        parts.join(", ")
    }
}

/// A build error as the console and the browser overlay show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

/// Turns a failed build into problems with file and line where known.
pub fn problems(e: &anyhow::Error, root: &Path) -> Vec<Problem> {
    if let Some(ce) = e.downcast_ref::<ContentErrors>() {
        return ce
            .errors
            .iter()
            .map(|c| Problem {
                file: Some(c.path.clone()),
                line: c.line,
                message: format!("{} (fix: {})", c.message, c.fix),
            })
            .collect();
    }
    let message = e
        .chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ");
    // Errors of the form `path:line: message` (site.toml) name their place up front.
    let root_prefix = format!("{}/", root.display());
    let text = message.strip_prefix(&root_prefix).unwrap_or(&message);
    let mut it = text.splitn(3, ':');
    if let (Some(file), Some(line), Some(rest)) = (it.next(), it.next(), it.next()) {
        if let Ok(line) = line.trim().parse::<usize>() {
            if !file.contains(' ') {
                return vec![Problem {
                    file: Some(file.to_string()),
                    line: Some(line),
                    message: rest.trim().to_string(),
                }];
            }
        }
    }
    vec![Problem {
        file: None,
        line: None,
        message,
    }]
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub plan: String,
    /// The output directory.
    pub output: PathBuf,
    pub synced: Synced,
    pub timings: Vec<(&'static str, Duration)>,
    pub total: Duration,
    pub articles: usize,
    /// Whether the edited articles were swapped into the last build's list (slugs kept)
    /// instead of the archive being assembled again.
    pub swapped: bool,
}

impl Rebuilt {
    /// One line for the console.
    pub fn summary(&self) -> String {
        let steps = self
            .timings
            .iter()
            .map(|(n, d)| format!("{n} {:.0}", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{}: {} articles; wrote {} files, deleted {}, {} unchanged in {} ms ({steps})",
            if self.plan.is_empty() {
                "no change"
            } else {
                &self.plan
            },
            self.articles,
            self.synced.written.len(),
            self.synced.deleted.len(),
            self.synced.unchanged,
            self.total.as_millis()
        )
    }
}

/// The loaded site: settings, theme and every parsed article file.
struct Loaded {
    settings: Settings,
    theme: Theme,
    /// Article files in path order (the order `diwan build` reads them in).
    files: Vec<PathBuf>,
    parsed: HashMap<PathBuf, Source>,
}

/// One article file as last read.
struct Source {
    digest: u64,
    parsed: Parsed,
}

/// The last build that succeeded.
struct Good {
    archive: Archive,
    pages: PageMemo,
}

/// A watched site, kept in memory between rebuilds.
pub struct Session {
    opts: BuildOptions,
    loaded: Option<Loaded>,
    good: Option<Good>,
    mirror: Option<Mirror>,
    /// The work of failed rebuilds, redone by the next one.
    pending: Plan,
    /// Per-article analysis of earlier rebuilds.
    analysis: site::AnalysisCache,
    /// The search index's term counts of earlier rebuilds.
    search: std::sync::Mutex<crate::search::Cache>,
    /// The articles' base slugs, made again only for the articles that changed.
    slugs: content::SlugMemo,
    /// Each article file's [`content::identity`] in the last good build.
    identities: HashMap<PathBuf, Option<u64>>,
    /// Told the pages an incremental rebuild wrote before the rest of it (see
    /// [`Session::on_early_pages`]).
    early: Option<EarlyPages>,
}

/// What [`Session::on_early_pages`] calls.
pub type EarlyPages = Box<dyn FnMut(&[String]) + Send>;

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            loaded: None,
            good: None,
            mirror: None,
            pending: Plan::default(),
            analysis: site::AnalysisCache::default(),
            search: Default::default(),
            slugs: Default::default(),
            identities: HashMap::new(),
            early: None,
        }
    }

    /// Has incremental rebuilds write the article pages and lists as soon as they are
    /// rendered, before entity pages, timeline, search and exports, and call `f` with the
    /// paths written (the server reloads a page shown from them). If the rest of the
    /// rebuild fails, those files are put back as they were.
    pub fn on_early_pages(&mut self, f: EarlyPages) {
        self.early = Some(f);
    }

    /// The output directory, once the settings are loaded.
    pub fn output_dir(&self) -> Option<&Path> {
        self.loaded
            .as_ref()
            .map(|l| l.settings.output_dir.as_path())
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// Classifies changed paths (absolute or relative to the root).
    pub fn plan(&self, changed: &[PathBuf]) -> Plan {
        let mut plan = Plan::default();
        let Some(loaded) = &self.loaded else {
            plan.full = true;
            return plan;
        };
        let root = &self.opts.root;
        let articles_dir = root.join(content::ARTICLES_DIR);
        for path in changed {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                root.join(path)
            };
            if ignored(&path, root, &loaded.settings.output_dir) {
                continue;
            }
            let rel = content::relative(root, &path);
            let first = rel.split('/').next().unwrap_or("");
            if rel == CONFIG_FILE {
                plan.full = true;
            } else if path.starts_with(&articles_dir) {
                if content::is_article_file(&path) {
                    if loaded.parsed.contains_key(&path) && path.is_file() {
                        plan.articles.insert(path);
                    } else {
                        plan.relist = true;
                    }
                } else if path == articles_dir || !path.is_file() {
                    // A folder appeared, went or was renamed.
                    plan.relist = true;
                }
            } else if first == "templates" {
                plan.theme = true;
                plan.templates = true;
            } else if first == "themes" {
                plan.theme = true;
                let theme_static = format!("themes/{}/static/", loaded.settings.theme);
                if !rel.starts_with(&theme_static) {
                    plan.templates = true;
                }
            } else if first == "static" {
                plan.theme = true;
            } else if first == "seeds" {
                // A raw capture: parse again the articles that point at it (their checksum
                // is checked). Anything else in seeds/ may feed analysis: reload all.
                let users: Vec<PathBuf> = loaded
                    .parsed
                    .iter()
                    .filter(|(_, s)| {
                        s.parsed
                            .as_ref()
                            .is_ok_and(|a| a.origin.as_deref() == Some(rel.as_str()))
                    })
                    .map(|(p, _)| p.clone())
                    .collect();
                if users.is_empty() {
                    plan.full = true;
                } else {
                    plan.articles.extend(users);
                }
            } else if WATCHED_DIRS.contains(&first) {
                plan.full = true;
            }
        }
        plan
    }

    /// Builds everything (the first build, or after `site.toml` changed).
    pub fn build_all(&mut self) -> Result<Rebuilt> {
        self.rebuild(&Plan {
            full: true,
            ..Plan::default()
        })
    }

    /// Redoes what `plan` asks for and brings the output directory up to date. On an error
    /// the output and the last good state stay as they were.
    pub fn rebuild(&mut self, plan: &Plan) -> Result<Rebuilt> {
        let p = &mut self.pending;
        p.full |= plan.full;
        p.theme |= plan.theme;
        p.templates |= plan.templates;
        p.relist |= plan.relist;
        p.articles.extend(plan.articles.iter().cloned());
        let plan = self.pending.clone();
        let result = self.rebuild_now(&plan);
        if result.is_ok() {
            self.pending = Plan::default();
        }
        result
    }

    fn rebuild_now(&mut self, plan: &Plan) -> Result<Rebuilt> {
        let started = Instant::now();
        let mut t = Timings::default();
        let full = plan.full || self.loaded.is_none();
        if full {
            // Keep what was parsed if the new settings fail to load.
            let settings = t.step("config", || site::load_settings(&self.opts))?;
            let theme = t.step("theme", || Theme::load(&settings))?;
            let files = t.step("list", || content::article_files(&settings))?;
            let parsed = t.step("load", || Ok(parse_all(&settings, &files)))?;
            if self.mirror.as_ref().map(|m| m.dir()) != Some(settings.output_dir.as_path()) {
                self.mirror = Some(Mirror::new(&settings.output_dir));
            }
            self.loaded = Some(Loaded {
                settings,
                theme,
                files,
                parsed,
            });
            self.good = None;
        } else {
            let loaded = self.loaded.as_mut().expect("loaded");
            if plan.theme {
                loaded.theme = t.step("theme", || Theme::load(&loaded.settings))?;
                if plan.templates {
                    self.good = None;
                }
            }
            if plan.relist {
                loaded.files = t.step("list", || content::article_files(&loaded.settings))?;
                let keep: std::collections::HashSet<&PathBuf> = loaded.files.iter().collect();
                loaded.parsed.retain(|p, _| keep.contains(p));
            }
            let settings = &loaded.settings;
            // Parse again the files whose bytes changed, and new ones.
            let todo: Vec<&PathBuf> = loaded
                .files
                .iter()
                .filter(|p| match loaded.parsed.get(*p) {
                    None => true,
                    Some(s) => {
                        plan.articles.contains(*p)
                            && std::fs::read(p)
                                .map(|b| crate::output::fingerprint(&b))
                                .ok()
                                != Some(s.digest)
                    }
                })
                .collect();
            if !todo.is_empty() {
                let fresh = t.step("load", || Ok(parse_all(settings, &todo)))?;
                loaded.parsed.extend(fresh);
            }
        }
        let loaded = self.loaded.as_ref().expect("loaded");
        let settings = &loaded.settings;
        let slugs = &mut self.slugs;
        let mut identities = None;
        let articles = t.step("assemble", || {
            if let Some(good) = self.good.as_ref().filter(|_| !full && !plan.relist) {
                let last = &good.archive.articles;
                let swapped = swap_edited(
                    last,
                    loaded,
                    &plan.articles,
                    &self.identities,
                    self.opts.drafts,
                );
                if let Some(articles) = swapped {
                    return Ok(articles);
                }
            }
            identities = Some(
                loaded
                    .parsed
                    .iter()
                    .map(|(p, s)| (p.clone(), content::identity(&s.parsed)))
                    .collect(),
            );
            let parsed: Vec<Parsed> = loaded
                .files
                .iter()
                .filter_map(|p| loaded.parsed.get(p))
                .map(|s| s.parsed.clone())
                .collect();
            content::assemble_with(parsed, settings, self.opts.drafts, Some(slugs))
        })?;
        let mut archive = Archive {
            articles,
            ..Archive::default()
        };
        let cache = &mut self.analysis;
        site::analyse_timed(settings, &mut archive, cache, &mut t)?;
        let renderer = Renderer::new(settings, &loaded.theme).with_search_cache(&self.search);
        let mirror = self.mirror.as_mut().expect("mirror");
        let tell = &mut self.early;
        let (pages, synced) = match &self.good {
            Some(good) => {
                // Kept in memory: most files are unchanged and only the changed ones are
                // written, the edited pages first.
                let out = Output::memory(settings.minify);
                let mut early: Option<crate::output::Early> = None;
                let reuse = Reuse::new(&good.archive, &archive, &good.pages);
                let rendered = site::render_then(
                    &renderer.reusing(&reuse),
                    &archive,
                    &out,
                    &mut t,
                    &mut |out| {
                        if let Some(tell) = tell.as_mut() {
                            let written = mirror.write_early(out.take_files())?;
                            if !written.written.is_empty() {
                                tell(&written.written);
                            }
                            early = Some(written);
                        }
                        Ok(())
                    },
                );
                if let Err(e) = rendered {
                    if let Some(written) = early.take() {
                        mirror
                            .undo(written)
                            .context("cannot put back the previous pages")?;
                    }
                    return Err(e);
                }
                let synced = t.step("write", || match early {
                    Some(written) => mirror.sync_after(written, out.into_files()),
                    None => mirror.sync(out.into_files()),
                })?;
                (reuse.into_memo(), synced)
            }
            None => {
                // Every file is new: staged beside the output and swapped in, as `diwan
                // build` does, instead of being held in memory to the end.
                let out = Output::begin_mirrored(&settings.output_dir, settings.minify)?;
                let (nothing, empty) = (Archive::default(), PageMemo::default());
                let reuse = Reuse::new(&nothing, &archive, &empty);
                site::render(&renderer.reusing(&reuse), &archive, &out, &mut t)?;
                let synced = t.step("write", || mirror.swap_in(out))?;
                (reuse.into_memo(), synced)
            }
        };
        let articles = archive.articles.len();
        let swapped = identities.is_none();
        if let Some(identities) = identities {
            self.identities = identities;
        }
        // Freeing the previous archive (every article, block and mention) takes a tenth of a
        // second at 10,000 articles: done on another thread, after the output is in place.
        if let Some(old) = self.good.replace(Good { archive, pages }) {
            std::thread::spawn(move || drop(old));
        }
        Ok(Rebuilt {
            plan: plan.describe(),
            output: settings.output_dir.clone(),
            synced,
            timings: t.0,
            total: started.elapsed(),
            articles,
            swapped,
        })
    }
}

/// The last good build's articles with the edited files' articles swapped in, when the edits
/// keep every slug: the [`content::identity`] of each edited file is as it was in that build,
/// and so is its [`content::base_slug`] where it has no front-matter slug (the order is
/// mended by sorting again if a title or date changed). `None` when the archive must be
/// assembled again.
fn swap_edited(
    last: &[Article],
    loaded: &Loaded,
    edited: &BTreeSet<PathBuf>,
    identities: &HashMap<PathBuf, Option<u64>>,
    drafts: bool,
) -> Option<Vec<Article>> {
    use rayon::prelude::*;
    let style = loaded.settings.slugs;
    let mut fresh = Vec::new();
    for p in edited {
        let parsed = &loaded.parsed.get(p)?.parsed;
        let identity = content::identity(parsed);
        if identity.is_none() || identities.get(p) != Some(&identity) {
            return None;
        }
        match parsed {
            Ok(a) if drafts || !a.draft => fresh.push(a),
            _ => {}
        }
    }
    // Analysis results in the copies are replaced by the analysis of this rebuild.
    let mut articles: Vec<Article> = last.par_iter().cloned().collect();
    let mut moved = false;
    for new in fresh {
        let slot = articles.iter_mut().find(|a| a.path == new.path)?;
        if slot.title != new.title || slot.date != new.date {
            if new.slug.is_empty()
                && content::base_slug(style, slot) != content::base_slug(style, new)
            {
                return None;
            }
            moved = true;
        }
        let slug = std::mem::take(&mut slot.slug);
        *slot = Article {
            slug,
            ..new.clone()
        };
    }
    if moved {
        content::sort_articles(&mut articles);
    }
    Some(articles)
}

fn parse_all<P: AsRef<Path> + Sync>(settings: &Settings, files: &[P]) -> HashMap<PathBuf, Source> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|p| {
            let p = p.as_ref();
            let digest = std::fs::read(p)
                .map(|b| crate::output::fingerprint(&b))
                .unwrap_or(0);
            (
                p.to_path_buf(),
                Source {
                    digest,
                    parsed: content::parse_file(settings, p),
                },
            )
        })
        .collect()
}

/// Paths never worth a rebuild: the output itself, staging folders, VCS folders, editor
/// temp and swap files.
pub fn ignored(path: &Path, root: &Path, output_dir: &Path) -> bool {
    if path.starts_with(output_dir) {
        return true;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    // The folders a full build stages in beside the output.
    if crate::output::is_beside(output_dir, path) {
        return true;
    }
    rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s == ".git" || s == "target" || s.starts_with(".public") || s.starts_with(".diwan-tmp")
    }) || path
        .file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| {
            is_editor_temp(&n)
                || n == "4913" // vim's probe file
                || n.ends_with(".kate-swp")
                || n.starts_with(".goutputstream-")
                || n.ends_with("___jb_tmp___")
                || n.ends_with("___jb_old___")
        })
}

/// Options of the watch loop.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Quiet time after the last event before rebuilding.
    pub debounce: Duration,
}

/// What the watch loop reports after each rebuild (for the server's live reload).
#[derive(Debug, Clone)]
pub enum Event {
    Rebuilt(Rebuilt),
    Failed {
        problems: Vec<Problem>,
        /// The output directory, when the settings could be read.
        output: Option<PathBuf>,
    },
}

/// Builds once, then watches the site and rebuilds on every change until `stop` says so.
/// `on_event` hears about every rebuild, good or failed.
pub fn run(
    session: &mut Session,
    opts: &WatchOptions,
    on_event: &mut dyn FnMut(&Event),
    stop: &dyn Fn() -> bool,
) -> Result<()> {
    let root = session.root().to_path_buf();
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).context("cannot start watching files")?;
    watcher
        .watch(&root, notify::RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut watch_dirs = |watcher: &mut notify::RecommendedWatcher| {
        for d in WATCHED_DIRS {
            let p = root.join(d);
            if p.is_dir()
                && !watched.contains(&p)
                && watcher.watch(&p, notify::RecursiveMode::Recursive).is_ok()
            {
                watched.insert(p);
            }
        }
    };
    watch_dirs(&mut watcher);
    let first = session.build_all();
    report(session, first, on_event);
    while !stop() {
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(ev) => ev,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut batch = Batch::default();
        batch.add(first);
        // Debounce: wait until the file system has been quiet for a while.
        while let Ok(ev) = rx.recv_timeout(batch.quiet(opts.debounce)) {
            batch.add(ev);
        }
        let paths = batch.paths;
        watch_dirs(&mut watcher);
        let plan = session.plan(&paths);
        if plan.is_empty() {
            continue;
        }
        let changed: BTreeSet<String> = paths
            .iter()
            .filter(|p| {
                session
                    .output_dir()
                    .is_none_or(|out| !ignored(p, &root, out))
            })
            .map(|p| content::relative(&root, p))
            .collect();
        eprintln!(
            "changed: {}",
            changed.into_iter().collect::<Vec<_>>().join(", ")
        );
        let result = session.rebuild(&plan);
        report(session, result, on_event);
    }
    Ok(())
}

/// How long a batch of changes waits for more once every file written in it has been
/// closed: the editor has finished saving, and what may still come (a rename into place) comes
/// within microseconds.
pub const SETTLE: Duration = Duration::from_millis(3);

/// The changes gathered for one rebuild.
#[derive(Debug, Default)]
pub struct Batch {
    /// Every path changed, in order of first change.
    pub paths: Vec<PathBuf>,
    /// Files created or written and not yet closed.
    open: BTreeSet<PathBuf>,
    /// Whether a written file was closed.
    closed: bool,
}

impl Batch {
    /// Adds one file-system event.
    pub fn add(&mut self, ev: notify::Result<notify::Event>) {
        use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind};
        let Ok(ev) = ev else { return };
        match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                for p in &ev.paths {
                    self.open.remove(p);
                }
                self.closed = true;
            }
            EventKind::Access(_) => return,
            EventKind::Create(CreateKind::File | CreateKind::Any)
            | EventKind::Modify(ModifyKind::Data(_)) => self.open.extend(ev.paths.iter().cloned()),
            _ => {}
        }
        for p in ev.paths {
            if !self.paths.contains(&p) {
                self.paths.push(p);
            }
        }
    }

    /// The quiet time to wait for before rebuilding: `debounce`, or [`SETTLE`] once every
    /// file written in the batch has been closed (the file system says when a save is done;
    /// the full debounce is for changes it does not close, such as renames and deletions).
    pub fn quiet(&self, debounce: Duration) -> Duration {
        if self.closed && self.open.is_empty() {
            debounce.min(SETTLE)
        } else {
            debounce
        }
    }
}

fn report(session: &Session, result: Result<Rebuilt>, on_event: &mut dyn FnMut(&Event)) {
    match result {
        Ok(r) => {
            eprintln!("rebuilt {}", r.summary());
            on_event(&Event::Rebuilt(r));
        }
        Err(e) => {
            let problems = problems(&e, session.root());
            if let Some(ce) = e.downcast_ref::<ContentErrors>() {
                eprintln!("error: the build failed\n{ce}");
            } else {
                eprintln!("error: the build failed: {}", problems[0].message);
            }
            eprintln!("the last good output is still in place; watching for the next change");
            on_event(&Event::Failed {
                problems,
                output: session.output_dir().map(Path::to_path_buf),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{
        AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RemoveKind, RenameMode,
    };

    fn ev(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn the_first_build_of_a_session_leaves_as_much_to_reuse_as_a_rebuild() {
        // A session's first build is staged on disk, not kept in memory; it must still
        // record every digest a rebuild compares with, or the first edit redoes the pages
        // of every entity and the timeline.
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timeline");
        let dir = tempfile::tempdir().unwrap();
        for e in walkdir::WalkDir::new(&src) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&src).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let mut session = Session::new(BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        });
        session.build_all().unwrap();
        let memo = |s: &Session| -> Vec<String> {
            let good = s.good.as_ref().expect("a good build");
            good.pages.keys().into_iter().map(String::from).collect()
        };
        let first = memo(&session);
        assert!(first.iter().any(|k| k.starts_with("timeline\0")));
        assert!(first.iter().any(|k| k.starts_with("entity-event\0")));
        // An article saved again with the same bytes: a rebuild that changes nothing.
        let articles = dir.path().join(content::ARTICLES_DIR);
        let file = walkdir::WalkDir::new(&articles)
            .into_iter()
            .filter_map(|e| e.ok())
            .find(|e| content::is_article_file(e.path()))
            .unwrap()
            .into_path();
        let plan = session.plan(std::slice::from_ref(&file));
        assert!(!plan.is_empty());
        let rebuilt = session.rebuild(&plan).unwrap();
        assert!(
            rebuilt.synced.written.is_empty(),
            "{:?}",
            rebuilt.synced.written
        );
        assert_eq!(first, memo(&session));
    }

    #[test]
    fn the_output_and_the_folders_a_full_build_stages_beside_it_are_ignored() {
        let root = Path::new("/site");
        // (output folder, changed path relative to the root, ignored)
        let cases = [
            ("/site/public", "public/index.html", true),
            (
                "/site/public",
                ".public.staging-41/articles/أ/index.html",
                true,
            ),
            ("/site/public", ".public.old-41/index.html", true),
            ("/site/الموقع", ".الموقع.staging-7/index.html", true),
            ("/site/الموقع", ".الموقع.old-7/data/articles.json", true),
            ("/site/out", ".out.staging-7/index.html", true),
            ("/site/out", ".out.notes.md", false),
            ("/site/out", "content/articles/مقال.md", false),
            ("/site/out", "content/articles/.out.staging-1.md", false),
            ("/site/out", "site.toml", false),
        ];
        for (out, rel, want) in cases {
            let got = ignored(&root.join(rel), root, Path::new(out));
            assert_eq!(got, want, "{rel} with the output at {out}");
        }
    }

    #[test]
    fn a_batch_settles_early_once_every_written_file_is_closed() {
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let create = EventKind::Create(CreateKind::File);
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Any));
        let remove = EventKind::Remove(RemoveKind::File);
        let debounce = Duration::from_millis(30);
        let a = "content/articles/مقال.md";
        let b = "content/articles/b.md";
        // (events, quiet time after them, paths of the batch)
        type Case<'a> = (Vec<(EventKind, &'a str)>, Duration, Vec<&'a str>);
        let cases: Vec<Case> = vec![
            // An append: written, then closed.
            (vec![(open, a), (write, a), (close, a)], SETTLE, vec![a]),
            // Still being written.
            (vec![(write, a)], debounce, vec![a]),
            // Two files, one still open.
            (
                vec![(write, a), (write, b), (close, a)],
                debounce,
                vec![a, b],
            ),
            (
                vec![(write, a), (write, b), (close, b), (close, a)],
                SETTLE,
                vec![a, b],
            ),
            // A new file, written and closed.
            (vec![(create, b), (close, b)], SETTLE, vec![b]),
            // A rename or a deletion alone says nothing of when it is over.
            (vec![(rename, a)], debounce, vec![a]),
            (vec![(remove, a)], debounce, vec![a]),
            // Reading a file is no change.
            (vec![(open, a)], debounce, vec![]),
        ];
        for (events, quiet, paths) in cases {
            let mut batch = Batch::default();
            for (kind, p) in &events {
                batch.add(ev(*kind, p));
            }
            assert_eq!(batch.quiet(debounce), quiet, "{events:?}");
            let want: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            assert_eq!(batch.paths, want, "{events:?}");
            // A shorter debounce than the settle time is kept.
            assert!(batch.quiet(Duration::from_millis(1)) <= Duration::from_millis(1));
        }
    }
}
