//! The catalogue cache (`.catalogue.cache`, issue 11) through the real binary: written by
//! `add`, read by every command instead of parsing `catalogue.toml`, never believed when the
//! catalogue changed or the cache is damaged, rebuilt, and compared by `check`.

mod common;

use common::{CorpusBuilder, Doc, Scratch};

const CS: &str = "Contextual safeguarding looks at the places where young people spend time.";
const TI: &str = "A trauma-informed workforce sees behaviour as communication.";

fn added() -> Scratch {
    CorpusBuilder::new()
        .doc(Doc::new("Alpha note", "wales", 2021).page(CS))
        .doc(Doc::new("Beta note", "wales", 2021).page(TI))
        .build()
}

fn titles(s: &Scratch) -> Vec<String> {
    let mut t: Vec<String> = s
        .list()
        .iter()
        .map(|r| r["title"].as_str().unwrap_or_default().to_string())
        .collect();
    t.sort();
    t
}

fn cache(s: &Scratch) -> std::path::PathBuf {
    s.corpus().join(".catalogue.cache")
}

#[test]
fn add_writes_the_cache_and_readers_agree_with_the_catalogue() {
    let s = added();
    assert!(cache(&s).is_file(), "add writes the cache");
    assert_eq!(titles(&s), ["Alpha note", "Beta note"]);
    let err = s.ok_stderr(["check"]);
    assert!(!err.contains("catalogue cache"), "{err}");
}

#[test]
fn a_catalogue_edited_by_hand_is_read_not_the_stale_cache() {
    let s = added();
    let cat = s.corpus().join("catalogue.toml");
    let text = std::fs::read_to_string(&cat).expect("read");
    // Same length, written in place: only the content differs.
    std::fs::write(&cat, text.replace("Beta note", "Beta memo")).expect("write");
    assert_eq!(titles(&s), ["Alpha note", "Beta memo"]);
    // And the search index notices the change through the catalogue's hash.
    let csv = s.ok(["search", "trauma-informed", "--format", "csv"]);
    assert!(csv.contains("Beta memo"), "{csv}");
}

#[test]
fn a_damaged_or_missing_cache_is_rebuilt_and_nothing_changes() {
    let s = added();
    let good = std::fs::read(cache(&s)).expect("cache");
    let mut flipped = good.clone();
    let at = flipped
        .windows(10)
        .rposition(|w| w == b"Alpha note")
        .expect("title in cache");
    flipped[at] = b'X';
    for (what, bytes) in [
        ("flipped", flipped),
        ("truncated", good[..good.len() / 3].to_vec()),
        ("garbage", b"not a cache at all".to_vec()),
    ] {
        std::fs::write(cache(&s), &bytes).expect("damage");
        assert_eq!(titles(&s), ["Alpha note", "Beta note"], "{what}");
        assert_eq!(
            std::fs::read(cache(&s)).expect("cache"),
            good,
            "{what}: rebuilt"
        );
    }
    std::fs::remove_file(cache(&s)).expect("rm");
    assert_eq!(titles(&s), ["Alpha note", "Beta note"]);
    assert!(cache(&s).is_file(), "recreated by a reader");
    s.ok(["check"]);
}

#[test]
fn a_corpus_whose_cache_cannot_be_written_is_still_read() {
    let s = added();
    std::fs::remove_file(cache(&s)).expect("rm");
    std::fs::create_dir(cache(&s)).expect("a folder in the cache's place");
    assert_eq!(titles(&s), ["Alpha note", "Beta note"]);
    let list = s.ok(["list", "--format", "csv"]);
    let id = list
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .expect("an id");
    s.ok(["text", "--page", "1", id]);
}

#[test]
fn a_removed_catalogue_leaves_no_corpus_even_with_a_cache() {
    let s = added();
    std::fs::remove_file(s.corpus().join("catalogue.toml")).expect("rm");
    let err = s.fail(["list"], 2);
    assert!(err.contains("no catalogue.toml"), "{err}");
}

/// What `text`, `show` and `search` print (they read single records through the cache's id
/// table), and `list` (every record); each run after writing `cache_bytes` as the cache.
fn lookups(s: &Scratch, id: &str, cache_bytes: Option<&[u8]>) -> Vec<(String, String)> {
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("text", vec!["text", id, "--page", "1"]),
        ("text by prefix", vec!["text", &id[..6]]),
        ("show", vec!["show", id, "--format", "json"]),
        (
            "search",
            vec![
                "search",
                "safeguarding OR trauma-informed",
                "--format",
                "csv",
            ],
        ),
        (
            "search unscored",
            vec!["search", "nation:wales", "--format", "csv"],
        ),
        ("list", vec!["list", "--format", "csv"]),
    ];
    runs.into_iter()
        .map(|(what, args)| {
            if let Some(bytes) = cache_bytes {
                std::fs::write(cache(s), bytes).expect("damage");
            }
            (what.to_string(), s.ok(&args))
        })
        .collect()
}

#[test]
fn single_record_commands_print_the_same_with_a_good_missing_or_damaged_cache() {
    let s = added();
    let list = s.ok(["list", "--format", "csv"]);
    let id = list
        .lines()
        .find(|l| l.contains("Alpha note"))
        .and_then(|l| l.split(',').next())
        .expect("an id")
        .to_string();
    let good_cache = std::fs::read(cache(&s)).expect("cache");
    let want = lookups(&s, &id, None);
    assert!(want[0].1.contains("Contextual safeguarding"), "{want:?}");
    assert!(want[2].1.contains("Alpha note"), "{want:?}");
    assert!(want[3].1.contains("Beta note"), "{want:?}");

    // One byte of each part changed in turn: the header, the id table (the first id) and a
    // record (the title that `text`, `show` and `search` look up).
    let header_at = b"efrh-catalogue-cache 3\n".len() + 12 + 5;
    let table_at = good_cache
        .windows(id.len())
        .position(|w| w == id.as_bytes())
        .expect("id in the table");
    let record_at = good_cache
        .windows(10)
        .rposition(|w| w == b"Alpha note")
        .expect("title in a record");
    for (what, at) in [
        ("header", header_at),
        ("table", table_at),
        ("record", record_at),
    ] {
        let mut bytes = good_cache.clone();
        bytes[at] ^= 0x01;
        assert_eq!(lookups(&s, &id, Some(&bytes)), want, "{what} damaged");
        assert_eq!(
            std::fs::read(cache(&s)).expect("cache"),
            good_cache,
            "{what} damaged: the cache is written again"
        );
    }
    std::fs::remove_file(cache(&s)).expect("rm");
    assert_eq!(lookups(&s, &id, None), want, "no cache");
    assert_eq!(std::fs::read(cache(&s)).expect("cache"), good_cache);
}
