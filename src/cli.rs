//! The command line as the user types it (clap derive). Turned into an `efrh::Config`
//! before anything runs; the library never sees these structs.

use crate::cmd::Command;
use clap::Parser;
use std::ffi::{OsStr, OsString};
use std::io::IsTerminal;
use std::path::PathBuf;

/// efrh: analyse a corpus of UK policy documents for extra-familial risks and harms (EFRH)
/// and the uptake of Trauma-informed Practice, Contextual Safeguarding and Transitional
/// Safeguarding.
#[derive(Debug, Parser)]
#[command(name = "efrh", version, about, long_about = None)]
pub struct Cli {
    /// The corpus directory [default: $EFRH_CORPUS, else ./corpus].
    #[arg(long, global = true, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Print nothing but data and errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print extra diagnostics on stderr.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The configuration the library sees, with the environment read and checked: a variable
    /// that is set but cannot be used is an error naming it, never silently ignored.
    pub fn config(&self) -> Result<efrh::Config, efrh::Error> {
        check_lock_wait(std::env::var_os(LOCK_WAIT).as_deref())?;
        let corpus = match &self.corpus {
            Some(dir) => dir.clone(),
            None => corpus_from_env(std::env::var_os(CORPUS_ENV).as_deref())?,
        };
        Ok(efrh::Config {
            corpus,
            quiet: self.quiet,
            verbose: self.verbose,
            progress: !self.quiet && std::io::stderr().is_terminal(),
        })
    }
}

/// `efrh search gangs -knives --limit 5`: a query word may start with `-` (NOT), which clap
/// would take for an unknown flag. For `search`, move its options (and the global ones)
/// before the query and put the query words, in their order, after `--`. Words after a
/// `--` the user typed stay query words.
pub fn search_query_last(args: Vec<OsString>) -> Vec<OsString> {
    const GLOBAL_WITH_VALUE: &[&str] = &["--corpus"];
    const WITH_VALUE: &[&str] = &["--corpus", "--limit", "--format"];
    const SHORT_FLAGS: &[&str] = &["-q", "-v", "-h", "-V"];
    let text = |a: Option<&OsString>| a.map(|a| a.to_string_lossy().into_owned());
    // Find the subcommand after the global options.
    let mut i = 1;
    while let Some(a) = text(args.get(i)) {
        if GLOBAL_WITH_VALUE.contains(&a.as_str()) {
            i += 2;
        } else if a.starts_with("--corpus=")
            || SHORT_FLAGS.contains(&a.as_str())
            || a == "--quiet"
            || a == "--verbose"
        {
            i += 1;
        } else {
            break;
        }
    }
    if text(args.get(i)).as_deref() != Some("search") {
        return args;
    }
    let (head, rest) = args.split_at((i + 1).min(args.len()));
    let mut options = Vec::new();
    let mut query = Vec::new();
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        if s == "--" {
            query.extend(it.by_ref().cloned());
            break;
        }
        if WITH_VALUE.contains(&s.as_ref()) {
            options.push(a.clone());
            options.extend(it.next().cloned());
        } else if s.starts_with("--") || SHORT_FLAGS.contains(&s.as_ref()) {
            options.push(a.clone());
        } else {
            query.push(a.clone());
        }
    }
    let mut out = head.to_vec();
    out.extend(options);
    if !query.is_empty() {
        out.push(OsString::from("--"));
        out.extend(query);
    }
    out
}

const CORPUS_ENV: &str = "EFRH_CORPUS";
const LOCK_WAIT: &str = "EFRH_LOCK_WAIT_SECS";

/// `$EFRH_CORPUS` if set, else `./corpus`. Set but empty (`EFRH_CORPUS=` in a script, an
/// unset shell variable expanded) is refused rather than guessed at.
fn corpus_from_env(value: Option<&OsStr>) -> Result<PathBuf, efrh::Error> {
    match value {
        None => Ok(PathBuf::from("corpus")),
        Some(v) if v.to_string_lossy().trim().is_empty() => Err(efrh::Error::Usage(format!(
            "{CORPUS_ENV} is set but empty; set it to your corpus folder \
             (export {CORPUS_ENV}=~/efrh-corpus), pass --corpus DIR, or unset it \
             (unset {CORPUS_ENV}) to use ./corpus"
        ))),
        Some(v) => Ok(PathBuf::from(v)),
    }
}

/// `$EFRH_LOCK_WAIT_SECS`, when set, must be a number of seconds (the corpus lock reads it).
fn check_lock_wait(value: Option<&OsStr>) -> Result<(), efrh::Error> {
    let Some(v) = value else { return Ok(()) };
    let text = v.to_string_lossy();
    match text.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs >= 0.0 => Ok(()),
        _ => Err(efrh::Error::Usage(format!(
            "{LOCK_WAIT}='{text}' is not a number of seconds; set it to how long a command \
             should wait for another to finish (e.g. {LOCK_WAIT}=60), or unset it to wait \
             the default {} s",
            efrh::corpus::lock::DEFAULT_WAIT.as_secs()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_query_words_go_last_in_order() {
        let run = |line: &str| -> String {
            let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
            let out: Vec<String> = search_query_last(args)
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            out.join(" ")
        };
        for (given, want) in [
            (
                "efrh search gangs -knives --limit 5",
                "efrh search --limit 5 -- gangs -knives",
            ),
            (
                "efrh --corpus c -q search -gangs OR (a -b) --format=json --documents",
                "efrh --corpus c -q search --format=json --documents -- -gangs OR (a -b)",
            ),
            (
                "efrh search --format json -- -gangs --limit",
                "efrh search --format json -- -gangs --limit",
            ),
            ("efrh search --help", "efrh search --help"),
            ("efrh list -q", "efrh list -q"),
            ("efrh kwic -x", "efrh kwic -x"),
        ] {
            assert_eq!(run(given), want, "{given}");
        }
    }

    #[test]
    fn corpus_env() {
        assert_eq!(corpus_from_env(None).ok(), Some(PathBuf::from("corpus")));
        assert_eq!(
            corpus_from_env(Some(OsStr::new("/x/y"))).ok(),
            Some(PathBuf::from("/x/y"))
        );
        for empty in ["", "  "] {
            let err = corpus_from_env(Some(OsStr::new(empty))).expect_err("empty");
            assert!(
                err.to_string().contains("EFRH_CORPUS is set but empty"),
                "{err}"
            );
            assert_eq!(err.exit_code(), 2);
        }
    }

    #[test]
    fn lock_wait_env() {
        for good in ["0", "30", " 2.5 "] {
            assert!(check_lock_wait(Some(OsStr::new(good))).is_ok(), "{good}");
        }
        for bad in ["abc", "", "-1", "inf", "NaN", "10s"] {
            let err = check_lock_wait(Some(OsStr::new(bad))).expect_err(bad);
            assert!(err.to_string().contains("EFRH_LOCK_WAIT_SECS"), "{err}");
        }
        assert!(check_lock_wait(None).is_ok());
    }
}
