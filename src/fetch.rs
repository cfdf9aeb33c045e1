//! Downloading documents from the web (`efrh add --fetch URL`, manifest rows with a `url` and
//! no `path`): the only module that knows the HTTP client (ureq, TLS by rustls).
//!
//! A download is bounded in every way a remote server could stretch it: connect and read
//! timeouts and a total time limit, a size limit checked against the announced length and
//! again while reading, at most [`MAX_REDIRECTS`] redirects. The bytes must start like a PDF
//! (`%PDF-`) before anything is stored: a web page served in place of the document (a login
//! or cookie page, a "file moved" page) is refused with what was served. Requests to one host
//! are spaced by a polite pause, and a server that says it is busy (429, 5xx) is asked again
//! after a growing wait (its `Retry-After` when it gives one, capped).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use ureq::ResponseExt;

/// At most this many redirects are followed.
pub const MAX_REDIRECTS: u32 = 5;

/// The longest wait a server's `Retry-After` may ask for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How a download is bounded.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// To open the connection.
    pub connect_timeout: Duration,
    /// Longest silence while waiting for the response or reading its body.
    pub read_timeout: Duration,
    /// The whole request, redirects and body included.
    pub total_timeout: Duration,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Between two requests to the same host.
    pub pause_per_host: Duration,
    /// Further attempts after a 429 or 5xx answer.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(600),
            max_bytes: 200 * 1024 * 1024,
            pause_per_host: Duration::from_secs(1),
            retries: 3,
            backoff: Duration::from_secs(1),
        }
    }
}

/// A downloaded PDF.
#[derive(Debug, Clone)]
pub struct FetchedFile {
    /// The URL as asked for (recorded in the catalogue).
    pub url: String,
    /// Where the file was finally served from, after redirects.
    pub final_url: String,
    /// A file name for it, from the URL (`…/wt2018.pdf` → `wt2018.pdf`), safe on any system.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The date it was retrieved, `YYYY-MM-DD` (UTC).
    pub retrieved: String,
}

/// Why a download failed, in words for the analyst. `Display` starts with the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a web address efrh can download ({why}); give an http:// or https:// URL")]
    BadUrl { url: String, why: String },
    #[error("{url}: the server answered HTTP {status}{reason}")]
    Http {
        url: String,
        status: u16,
        reason: String,
    },
    #[error(
        "{url}: the server sent {what}, not a PDF; open the address in a browser and save the \
         PDF itself (a page that links to it, a login or cookie page is not the document)"
    )]
    NotPdf { url: String, what: String },
    #[error(
        "{url}: the file is larger than the {limit} MB download limit{size}; download it by \
         hand, or raise the limit (--max-download-mb)"
    )]
    TooLarge {
        url: String,
        limit: u64,
        size: String,
    },
    #[error("{url}: more than {MAX_REDIRECTS} redirects; download it by hand")]
    TooManyRedirects { url: String },
    #[error("{url}: {why}")]
    Network { url: String, why: String },
}

/// Downloads with a polite pause between requests to one host. Share one per run.
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    last_request: Mutex<HashMap<String, Instant>>,
}

/// Download one URL with its own [`Fetcher`].
pub fn download(url: &str, opts: &FetchOptions) -> Result<FetchedFile, FetchError> {
    Fetcher::new(opts.clone()).get(url)
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_recv_response(Some(opts.read_timeout))
            .timeout_per_read(Some(opts.read_timeout))
            .timeout_global(Some(opts.total_timeout))
            .max_redirects(MAX_REDIRECTS)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .user_agent(concat!(
                "efrh/",
                env!("CARGO_PKG_VERSION"),
                " (policy document analysis)"
            ))
            .build();
        Fetcher {
            agent: config.into(),
            opts,
            last_request: Mutex::new(HashMap::new()),
        }
    }

    /// Download `url`: a PDF within the limits, or why not.
    pub fn get(&self, url: &str) -> Result<FetchedFile, FetchError> {
        let url = url.trim();
        let host = host_of(url)?;
        let mut attempt = 0u32;
        loop {
            self.wait_turn(&host);
            let result = self.get_once(url);
            let retry_after = match &result {
                Err(Attempt::Busy { retry_after, .. }) if attempt < self.opts.retries => {
                    *retry_after
                }
                _ => return result.map_err(Attempt::into_error),
            };
            let backoff = self.opts.backoff.saturating_mul(1 << attempt.min(16));
            std::thread::sleep(retry_after.unwrap_or(backoff).min(MAX_RETRY_AFTER));
            attempt += 1;
        }
    }

    /// Sleep until the polite pause since the last request to `host` has passed.
    fn wait_turn(&self, host: &str) {
        let wait = {
            let Ok(mut last) = self.last_request.lock() else {
                return;
            };
            let now = Instant::now();
            let ready = last
                .get(host)
                .map_or(now, |t| *t + self.opts.pause_per_host);
            let start = ready.max(now);
            last.insert(host.to_string(), start);
            start - now
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }

    fn get_once(&self, url: &str) -> Result<FetchedFile, Attempt> {
        let response = self
            .agent
            .get(url)
            .header("Accept", "application/pdf, */*;q=0.5")
            .call()
            .map_err(|e| Attempt::Failed(self.words(url, e)))?;
        let status = response.status().as_u16();
        if status == 429 || (500..600).contains(&status) {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Attempt::Busy {
                error: http_error(url, status),
                retry_after,
            });
        }
        if !(200..300).contains(&status) {
            return Err(Attempt::Failed(http_error(url, status)));
        }
        let final_url = response.get_uri().to_string();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let limit_mb = self.opts.max_bytes / (1024 * 1024);
        let mut body = response.into_body();
        if let Some(len) = body.content_length() {
            if len > self.opts.max_bytes {
                return Err(Attempt::Failed(FetchError::TooLarge {
                    url: url.to_string(),
                    limit: limit_mb,
                    size: format!(" ({} MB)", len.div_ceil(1024 * 1024)),
                }));
            }
        }
        let bytes = body
            .with_config()
            .limit(self.opts.max_bytes)
            .read_to_vec()
            .map_err(|e| Attempt::Failed(self.words(url, e)))?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(Attempt::Failed(FetchError::NotPdf {
                url: url.to_string(),
                what: describe(&content_type, &bytes),
            }));
        }
        Ok(FetchedFile {
            url: url.to_string(),
            file_name: file_name(&final_url)
                .unwrap_or_else(|| file_name(url).unwrap_or_else(|| "download.pdf".to_string())),
            final_url,
            bytes,
            retrieved: today(),
        })
    }

    /// A client error in the analyst's words.
    fn words(&self, url: &str, e: ureq::Error) -> FetchError {
        let url = url.to_string();
        match e {
            ureq::Error::StatusCode(status) => http_error(&url, status),
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects { url },
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url,
                limit: self.opts.max_bytes / (1024 * 1024),
                size: String::new(),
            },
            ureq::Error::Timeout(_) => FetchError::Network {
                url,
                why: format!(
                    "the server did not answer in time (waited {} s); try again later, or \
                     allow longer with --fetch-timeout",
                    self.opts.read_timeout.as_secs()
                ),
            },
            ureq::Error::HostNotFound => FetchError::Network {
                url,
                why: "the host name was not found (check the address and your connection)".into(),
            },
            ureq::Error::ConnectionFailed => FetchError::Network {
                url,
                why: "could not connect to the server".into(),
            },
            ureq::Error::BadUri(why) => FetchError::BadUrl { url, why },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Network {
                    url,
                    why: format!(
                        "the server stopped sending (nothing for {} s); try again later, or \
                         allow longer with --fetch-timeout",
                        self.opts.read_timeout.as_secs()
                    ),
                }
            }
            other => FetchError::Network {
                url,
                why: format!("the download failed: {other}"),
            },
        }
    }
}

/// One try: failed for good, or the server is busy and may be asked again.
enum Attempt {
    Failed(FetchError),
    Busy {
        error: FetchError,
        retry_after: Option<Duration>,
    },
}

impl Attempt {
    fn into_error(self) -> FetchError {
        match self {
            Attempt::Failed(e) | Attempt::Busy { error: e, .. } => e,
        }
    }
}

fn http_error(url: &str, status: u16) -> FetchError {
    let reason = match status {
        401 | 403 => " (access refused: the site may need a login, or refuses programs)",
        404 | 410 => " (not found: the document may have moved; find its current address)",
        429 => " (too many requests: try again later)",
        500..=599 => " (a server error: try again later)",
        _ => "",
    };
    FetchError::Http {
        url: url.to_string(),
        status,
        reason: reason.to_string(),
    }
}

/// The host of an http(s) URL (lower case, with its port), or why it is not one.
fn host_of(url: &str) -> Result<String, FetchError> {
    let bad = |why: &str| FetchError::BadUrl {
        url: url.to_string(),
        why: why.to_string(),
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| bad("it does not start with http:// or https://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    if host.is_empty() {
        return Err(bad("it names no host"));
    }
    Ok(host.to_string())
}

/// The last path segment of a URL as a safe file name ending in `.pdf`, if it has one.
fn file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let after_scheme = path.split_once("://").map_or(path, |(_, r)| r);
    let (_, path) = after_scheme.split_once('/')?;
    let last = path.rsplit('/').find(|s| !s.is_empty())?;
    let decoded = percent_decode(last);
    let safe: String = decoded
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let safe = safe.trim_matches(['.', '_']).to_string();
    if safe.is_empty() {
        return None;
    }
    Some(if safe.to_ascii_lowercase().ends_with(".pdf") {
        safe
    } else {
        format!("{safe}.pdf")
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a server sent instead of a PDF, for the error message.
fn describe(content_type: &str, bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let kind = content_type.split(';').next().unwrap_or("").trim();
    if head.contains("<html") || head.contains("<!doctype html") || kind == "text/html" {
        "a web page (HTML)".to_string()
    } else if bytes.is_empty() {
        "an empty file".to_string()
    } else if !kind.is_empty() {
        format!("a file of type {kind}")
    } else {
        "a file that does not start like a PDF".to_string()
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_of_day(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// `YYYY-MM-DD` of a day number counted from 1970-01-01.
fn date_of_day(days: i64) -> String {
    let (year, month, day) = crate::model::civil_date(days);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    #[test]
    fn names_and_hosts() {
        assert_eq!(
            file_name("https://x.gov.uk/a/Working%20Together.pdf?v=2").as_deref(),
            Some("Working_Together.pdf")
        );
        assert_eq!(
            file_name("https://x.gov.uk/download/123").as_deref(),
            Some("123.pdf")
        );
        assert_eq!(file_name("https://x.gov.uk/"), None);
        assert_eq!(file_name("https://x.gov.uk"), None);
        assert_eq!(
            host_of("HTTPS://Example.org:8443/a").ok().as_deref(),
            Some("example.org:8443")
        );
        assert!(matches!(
            host_of("ftp://x/a.pdf"),
            Err(FetchError::BadUrl { .. })
        ));
        assert!(matches!(
            host_of("https:///a.pdf"),
            Err(FetchError::BadUrl { .. })
        ));
    }

    #[test]
    fn dates() {
        // The day numbers are `crate::model::civil_date`'s to check; here, their writing.
        assert_eq!(date_of_day(0), "1970-01-01");
        assert_eq!(date_of_day(20_454), "2026-01-01");
    }

    /// A server that answers each connection with the next canned response, then stops.
    fn serve(responses: Vec<Vec<u8>>) -> (String, std::thread::JoinHandle<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let handle = std::thread::spawn(move || {
            let mut served = 0;
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    break;
                };
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(&response);
                served += 1;
            }
            served
        });
        (format!("http://{addr}"), handle)
    }

    fn reply(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn quick() -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(2),
            total_timeout: Duration::from_secs(10),
            max_bytes: 1024,
            pause_per_host: Duration::ZERO,
            retries: 2,
            backoff: Duration::from_millis(10),
        }
    }

    #[test]
    fn busy_server_is_asked_again_then_gives_the_pdf() {
        let (base, server) = serve(vec![
            reply("503 Service Unavailable", "", b"busy"),
            reply("429 Too Many Requests", "Retry-After: 0\r\n", b""),
            reply("200 OK", "Content-Type: application/pdf\r\n", b"%PDF-1.4 x"),
        ]);
        let got = download(&format!("{base}/docs/a.pdf"), &quick()).expect("pdf");
        assert_eq!(got.bytes, b"%PDF-1.4 x");
        assert_eq!(got.file_name, "a.pdf");
        assert_eq!(got.retrieved.len(), 10);
        assert_eq!(server.join().expect("server"), 3);
    }

    #[test]
    fn retries_are_bounded() {
        let busy = reply("500 Internal Server Error", "", b"");
        let (base, server) = serve(vec![busy.clone(), busy.clone(), busy]);
        let err = download(&format!("{base}/a.pdf"), &quick()).expect_err("500");
        assert!(matches!(err, FetchError::Http { status: 500, .. }), "{err}");
        assert_eq!(server.join().expect("server"), 3);
    }

    #[test]
    fn size_limit_is_checked_while_reading_too() {
        // No Content-Length: the limit must hold while reading.
        let mut body = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n%PDF-".to_vec();
        body.extend(std::iter::repeat_n(b'x', 4096));
        let (base, _server) = serve(vec![body]);
        let err = download(&format!("{base}/a.pdf"), &quick()).expect_err("too large");
        assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
    }
}
