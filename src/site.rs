//! The orchestrator: `build()` is the pipeline, load → analyse → render → write, each step timed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::config::Settings;
use crate::model::Archive;
use crate::output::{Output, Written};
use crate::render::{self, Renderer, Theme};
use crate::{content, export, publish};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (folder with `site.toml`).
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Overrides `output_dir` from `site.toml`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub entities: usize,
    pub events: usize,
    pub written: Written,
    pub output: PathBuf,
    /// Wall time per pipeline step, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Peak resident memory of the process at the end of each step, in KiB (Linux only).
    pub peaks: Vec<Option<u64>>,
    /// CPU time of each step, all threads (Linux only).
    pub cpu: Vec<Option<Duration>>,
    pub total: Duration,
}

/// Runs named steps and records how long each took, the peak memory after it and the CPU
/// time it used (wall time against CPU time says how well a step uses the cores).
#[derive(Default)]
pub struct Timings(
    pub Vec<(&'static str, Duration)>,
    pub Vec<Option<u64>>,
    pub Vec<Option<Duration>>,
);

impl Timings {
    pub fn step<T>(&mut self, name: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let cpu = cpu_time();
        let r = f();
        self.0.push((name, start.elapsed()));
        self.1.push(peak_rss_kib());
        self.2
            .push(cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)));
        r
    }
}

/// CPU time (user + system) of the whole process so far, where `/proc` has it.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // The kernel reports USER_HZ ticks, 100 per second on every Linux port.
    Some(Duration::from_millis(ticks * 10))
}

/// The process's peak resident set size so far (`VmHWM`), in KiB, where `/proc` has it.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Loads the settings with command-line overrides applied.
pub fn load_settings(opts: &BuildOptions) -> Result<Settings> {
    let mut settings = Settings::load(&opts.root)?;
    if let Some(out) = &opts.output {
        settings.output_dir = if out.is_absolute() {
            out.clone()
        } else {
            std::env::current_dir()?.join(out)
        };
    }
    if let Some(url) = &opts.base_url {
        settings.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    Ok(settings)
}

/// Loads and analyses the whole archive (everything but rendering).
pub fn load_archive(settings: &Settings, drafts: bool) -> Result<Archive> {
    let articles = content::load_articles(settings, drafts)?;
    let mut archive = Archive {
        articles,
        ..Archive::default()
    };
    analyse(settings, &mut archive)?;
    Ok(archive)
}

/// The analysis stage: entities and dates found in the loaded articles.
pub fn analyse(settings: &Settings, archive: &mut Archive) -> Result<()> {
    analyse_cached(settings, archive, &mut AnalysisCache::one_off())
}

/// Per-article analysis results kept between the rebuilds of `watch` and `serve`.
#[derive(Default)]
pub struct AnalysisCache {
    pub entities: crate::entities::Cache,
    pub timeline: crate::timeline::Cache,
}

impl AnalysisCache {
    /// For one analysis (`diwan build`): nothing is copied into it for a next rebuild.
    pub fn one_off() -> AnalysisCache {
        let mut cache = AnalysisCache::default();
        cache.entities.one_off = true;
        cache.timeline.one_off = true;
        cache
    }
}

/// [`analyse`], redoing only the articles (and passes) whose inputs changed since `cache`
/// was filled; the result is the same as a fresh analysis.
pub fn analyse_cached(
    settings: &Settings,
    archive: &mut Archive,
    cache: &mut AnalysisCache,
) -> Result<()> {
    analyse_timed(settings, archive, cache, &mut Timings::default())
}

/// [`analyse_cached`] as two timed steps: `entities` (people, organizations and places),
/// then `dates` (the timeline's events).
pub fn analyse_timed(
    settings: &Settings,
    archive: &mut Archive,
    cache: &mut AnalysisCache,
    t: &mut Timings,
) -> Result<()> {
    t.step("entities", || {
        crate::entities::analyse_cached(settings, archive, &mut cache.entities)
    })?;
    // Dates come after entities: each event links the entities of its sentence.
    t.step("dates", || {
        crate::timeline::analyse_cached(archive, &mut cache.timeline);
        Ok(())
    })
}

/// The render stage: every page and export of the analysed archive, into `out`. New page
/// types go here (not straight into [`build`]) so `diwan watch` and `diwan serve`, which call
/// this same function, produce the same files.
pub fn render(r: &Renderer, archive: &Archive, out: &Output, t: &mut Timings) -> Result<()> {
    t.step("render", || render::render_core(r, archive, out))?;
    render_rest(r, archive, out, t)
}

/// [`render`], calling `pages_done` as soon as the article pages and the article lists are
/// in `out`, before the steps that read the whole archive (the dev server writes them then).
pub fn render_then(
    r: &Renderer,
    archive: &Archive,
    out: &Output,
    t: &mut Timings,
    pages_done: &mut dyn FnMut(&Output) -> Result<()>,
) -> Result<()> {
    t.step("render", || render::render_core(r, archive, out))?;
    t.step("early", || pages_done(out))?;
    render_rest(r, archive, out, t)
}

/// The steps of [`render`] after the article pages and lists.
fn render_rest(r: &Renderer, archive: &Archive, out: &Output, t: &mut Timings) -> Result<()> {
    let settings = r.settings;
    t.step("entity-pages", || {
        render::entities::render_entities(r, archive, out)
    })?;
    t.step("timeline", || {
        render::timeline::render_timeline(r, archive, out)
    })?;
    t.step("search", || render::render_search(r, archive, out))?;
    t.step("data", || {
        let (a, (e, tl)) = rayon::join(
            || {
                out.write_with("data/articles.json", |w| {
                    export::articles_json(w, archive, r.reuse)
                })
            },
            || {
                rayon::join(
                    || {
                        out.write_with("data/entities.json", |w| {
                            render::entities::entities_json(w, archive, r.reuse)
                        })
                    },
                    || {
                        out.write_with("data/timeline.json", |w| {
                            export::timeline_json(w, archive, settings.timeline.order, r.reuse)
                        })
                    },
                )
            },
        );
        a.and(e).and(tl)
    })?;
    // Last: the sitemap lists every page written by the steps above.
    t.step("publish", || {
        publish::write(settings, archive, out, r.reuse)
    })?;
    Ok(())
}

/// Builds the site: nothing in the output directory changes unless every step succeeds.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut t = Timings::default();
    let settings = t.step("config", || load_settings(opts))?;
    let theme = t.step("theme", || Theme::load(&settings))?;
    let articles = t.step("load", || content::load_articles(&settings, opts.drafts))?;
    let mut archive = Archive {
        articles,
        ..Archive::default()
    };
    analyse_timed(
        &settings,
        &mut archive,
        &mut AnalysisCache::one_off(),
        &mut t,
    )?;
    let out = Output::begin(&settings.output_dir, settings.minify)?;
    render(&Renderer::new(&settings, &theme), &archive, &out, &mut t)?;
    let written = t.step("swap", || out.commit())?;
    let report = BuildReport {
        articles: archive.articles.len(),
        entities: archive.entities.len(),
        events: archive.articles.iter().map(|a| a.events.len()).sum(),
        written,
        output: settings.output_dir.clone(),
        timings: t.0,
        peaks: t.1,
        cpu: t.2,
        total: started.elapsed(),
    };
    // Freeing the archive (millions of allocations at 10,000 articles: 50 ms on one core)
    // is work nothing waits for: a thread of its own does it, which `diwan build`, exiting
    // next, does not wait for. Where no thread can be made, it is freed here.
    let _ = std::thread::Builder::new()
        .name("free-archive".into())
        .spawn(move || drop(archive));
    Ok(report)
}
