//! The theme: Tera templates, static files and UI strings, from `themes/<name>/` (the default
//! theme is also compiled in), with single templates overridden by the site's `templates/`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::config::Settings;

/// The default theme, compiled in so a site without `themes/` still builds.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A static file to copy into the output.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// A loaded theme.
pub struct Theme {
    pub tera: Tera,
    /// Output-relative path → file, site static files overriding the theme's.
    pub statics: BTreeMap<String, StaticFile>,
    /// UI strings: the theme's `strings.toml`, overridden by `[strings]` in `site.toml`.
    pub strings: BTreeMap<String, String>,
    /// [`Theme::strings`] as a template value, made once (every page has it as `t`; a
    /// value's maps and strings are shared, not copied, when it is put in a context).
    pub strings_value: tera::Value,
}

impl Theme {
    /// Loads the theme named in the settings.
    pub fn load(settings: &Settings) -> Result<Theme> {
        let theme_dir = settings.root.join("themes").join(&settings.theme);
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut statics = BTreeMap::new();
        let strings_text: String;
        if theme_dir.is_dir() {
            read_tree(&theme_dir.join("templates"), &mut |rel, path| {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                templates.push((rel.to_string(), text));
                Ok(())
            })?;
            read_tree(&theme_dir.join("static"), &mut |rel, path| {
                statics.insert(rel.to_string(), StaticFile::Disk(path.to_path_buf()));
                Ok(())
            })?;
            let p = theme_dir.join("strings.toml");
            strings_text = if p.exists() {
                std::fs::read_to_string(&p)
                    .with_context(|| format!("cannot read {}", p.display()))?
            } else {
                String::new()
            };
        } else if settings.theme == "default" {
            embedded_tree(&DEFAULT_THEME, "templates", &mut |rel, bytes| {
                templates.push((rel.to_string(), String::from_utf8_lossy(bytes).into_owned()));
            });
            embedded_tree(&DEFAULT_THEME, "static", &mut |rel, bytes| {
                statics.insert(rel.to_string(), StaticFile::Embedded(bytes));
            });
            strings_text = DEFAULT_THEME
                .get_file("strings.toml")
                .and_then(|f| f.contents_utf8())
                .unwrap_or_default()
                .to_string();
        } else {
            return Err(anyhow!(
                "theme `{}` not found: there is no folder {} (set theme = \"default\" in site.toml or add the theme)",
                settings.theme,
                theme_dir.display()
            ));
        }
        // Site-level overrides, as in Zola: templates/ replaces single templates, static/ adds files.
        let site_templates = settings.root.join("templates");
        let mut overrides: HashMap<String, String> = HashMap::new();
        read_tree(&site_templates, &mut |rel, path| {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            overrides.insert(rel.to_string(), text);
            Ok(())
        })?;
        for (name, text) in templates.iter_mut() {
            if let Some(o) = overrides.remove(name.as_str()) {
                *text = o;
            }
        }
        templates.extend(overrides);
        read_tree(&settings.root.join("static"), &mut |rel, path| {
            statics.insert(rel.to_string(), StaticFile::Disk(path.to_path_buf()));
            Ok(())
        })?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html_to);
        tera.add_raw_templates(templates)
            .map_err(|e| anyhow!("{}", crate::render::tera_error_chain(&e)))
            .context("a theme template is invalid")?;
        let mut strings: BTreeMap<String, String> =
            toml::from_str::<BTreeMap<String, String>>(&strings_text).map_err(|e| {
                anyhow!(
                    "strings.toml of theme `{}`: {}",
                    settings.theme,
                    e.message()
                )
            })?;
        for (k, v) in &settings.strings {
            strings.insert(k.clone(), v.clone());
        }
        let strings_value = tera::Value::from_serializable(&strings);
        Ok(Theme {
            tera,
            statics,
            strings,
            strings_value,
        })
    }
}

fn read_tree(dir: &Path, f: &mut dyn FnMut(&str, &Path) -> Result<()>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_file() {
            let name = entry.file_name().to_string_lossy();
            if is_editor_temp(&name) {
                continue;
            }
            let rel = crate::content::relative(dir, entry.path());
            f(&rel, entry.path())?;
        }
    }
    Ok(())
}

/// Editor swap and backup files, never part of a theme or site.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == ".DS_Store"
}

fn embedded_tree(root: &'static Dir<'static>, sub: &str, f: &mut dyn FnMut(&str, &'static [u8])) {
    fn walk(d: &'static Dir<'static>, prefix: &Path, f: &mut dyn FnMut(&str, &'static [u8])) {
        for file in d.files() {
            let rel = file.path().strip_prefix(prefix).unwrap_or(file.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            f(&rel, file.contents());
        }
        for sub in d.dirs() {
            walk(sub, prefix, f);
        }
    }
    if let Some(d) = root.get_dir(sub) {
        walk(d, Path::new(sub), f);
    }
}

/// HTML escaping for templates: the five characters that can end text or a quoted attribute
/// (`& < > " '`). Tera's own escaper also writes `/` as `&#x2F;`, which HTML does not need and
/// which made every relative link six bytes longer per slash.
pub fn escape_html(input: &str) -> String {
    crate::bytescan::replace_each(input, HTML_SPECIALS, html_entity)
}

/// What [`escape_html`] replaces. Most text has none of them: it is found 16 bytes at a time.
const HTML_SPECIALS: [u8; 5] = [b'&', b'<', b'>', b'"', b'\''];

fn html_entity(c: u8) -> &'static str {
    match c {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// [`escape_html`] as Tera's escape function, writing into the page.
fn escape_html_to(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::bytescan::replace_each_to(input, 0, HTML_SPECIALS, html_entity, |piece| {
        out.write_all(piece.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::{escape_html, escape_html_to};

    #[test]
    fn escapes_what_html_needs_and_keeps_slashes() {
        let rows: &[(&str, &str)] = &[
            (
                "../articles/المغرب/index.html",
                "../articles/المغرب/index.html",
            ),
            ("حموشي & «الأمن»", "حموشي &amp; «الأمن»"),
            (
                "<b>\"x\" 'y'</b>",
                "&lt;b&gt;&quot;x&quot; &#39;y&#39;&lt;/b&gt;",
            ),
            ("", ""),
            ("&&", "&amp;&amp;"),
            ("«الأمن» ", "«الأمن» "),
        ];
        for (input, want) in rows {
            assert_eq!(escape_html(input), *want, "{input}");
            // What the templates write is the same.
            let mut page = Vec::new();
            escape_html_to(input, &mut page).unwrap();
            assert_eq!(String::from_utf8(page).unwrap(), *want, "{input}");
        }
    }
}
