//! Content errors: each names the file, the line where known, and the fix; collected across a run.

use std::fmt;

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// Path relative to the site root.
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
    pub fix: String,
}

impl ContentError {
    pub fn new(
        path: &str,
        line: Option<usize>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        ContentError {
            path: path.to_string(),
            line,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message)?,
            None => write!(f, "{}: {}", self.path, self.message)?,
        }
        write!(f, "\n    fix: {}", self.fix)
    }
}

/// Every content error of a run; the build fails at the end when there is any.
#[derive(Debug, Default, Clone, thiserror::Error)]
pub struct ContentErrors {
    pub errors: Vec<ContentError>,
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        let n = self.errors.len();
        write!(
            f,
            "{n} content error{}; nothing was written, the previous output is unchanged",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl ContentErrors {
    pub fn push(&mut self, e: ContentError) {
        self.errors.push(e);
    }

    pub fn extend(&mut self, es: impl IntoIterator<Item = ContentError>) {
        self.errors.extend(es);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok` when there is no error; otherwise all of them, sorted by path and line.
    pub fn into_result(mut self) -> Result<(), ContentErrors> {
        if self.errors.is_empty() {
            return Ok(());
        }
        self.errors
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        Err(self)
    }
}
