//! The statistics behind every share, change and audit: Wilson intervals for proportions,
//! Fisher's exact test for two sets of documents, Poisson rate ratios per 10,000 words and
//! Cohen's kappa for two analysts' judgements.
//!
//! [`compare`] and [`describe`] put them together for two sets of documents (the `compare`
//! command and the report's wave section).
//!
//! Pure functions, no I/O, no dependencies. Counts are findings in this tool, so each function
//! is tested against an independent implementation (scipy / statsmodels, figures written into
//! the tests) including the edges: 0 of 0, 0 of N, N of N, and large N. Where a figure is
//! undefined (an empty set, a zero count) the function returns `None` rather than a number a
//! reader might quote.

use std::collections::BTreeMap;

/// The two-sided 95% normal quantile, Φ⁻¹(0.975).
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score 95% interval for `k` successes out of `n` trials, as `(low, high)`.
///
/// `None` when `n` is 0 (no documents: no share to bound) or `k > n`. The bounds are clamped to
/// `[0, 1]`; `low` is exactly 0 when `k` is 0 and `high` exactly 1 when `k == n`.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || k > n {
        return None;
    }
    let (kf, nf) = (k as f64, n as f64);
    let z2 = Z95 * Z95;
    let denom = nf + z2;
    let centre = (kf + z2 / 2.0) / denom;
    let half = Z95 / denom * (kf * (nf - kf) / nf + z2 / 4.0).sqrt();
    let low = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

/// Fisher's exact test, two-sided, for the 2×2 table `[[a, b], [c, d]]`.
///
/// Computed as R's `fisher.test` (and scipy's `fisher_exact`): conditioning on the margins, the
/// p-value is the total probability of the tables whose probability is at most the observed
/// table's, with R's relative tolerance of 1e-7 so that ties computed with rounding error still
/// count. A table with an empty row or column (including the empty table) has only one possible
/// arrangement, so its p-value is 1; callers must not print a p-value for an empty *set* of
/// documents (see `compare`).
///
/// The hypergeometric probabilities are never formed directly: the log-probability of each
/// table relative to the first is a running sum of logs of the exact ratio
/// `P(x+1)/P(x) = (r1−x)(c1−x) / ((x+1)(r2−c1+x+1))` (no lgamma, no factorials, no overflow),
/// and probabilities are summed relative to the most likely table. Time is linear in the number
/// of possible tables (at most `min(a+b, a+c) + 1`), memory constant.
pub fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let r1 = a + b; // first row total
    let r2 = c + d; // second row total
    let c1 = a + c; // first column total
                    // The top-left cell ranges over [lo, hi] given the margins.
    let lo = c1.saturating_sub(r2);
    let hi = r1.min(c1);
    if lo == hi {
        return 1.0;
    }
    // ln P(x+1) - ln P(x)
    let step = |x: u64| -> f64 {
        let (x, r1, r2, c1) = (x as f64, r1 as f64, r2 as f64, c1 as f64);
        (r1 - x).ln() + (c1 - x).ln() - (x + 1.0).ln() - (r2 - c1 + x + 1.0).ln()
    };
    // First pass: the log-probability (relative to x = lo) of the observed table and the maximum.
    let mut rel = 0.0_f64;
    let mut max = 0.0_f64;
    let mut observed = if a == lo { 0.0 } else { f64::NAN };
    for x in lo..hi {
        rel += step(x);
        max = max.max(rel);
        if x + 1 == a {
            observed = rel;
        }
    }
    // Second pass: sum probabilities relative to the maximum, so the largest term is 1.
    let threshold = observed + (1.0 + 1e-7_f64).ln();
    let mut rel = 0.0_f64;
    let mut total = 0.0_f64;
    let mut extreme = 0.0_f64;
    for x in lo..=hi {
        if x > lo {
            rel += step(x - 1);
        }
        let p = (rel - max).exp();
        total += p;
        if rel <= threshold {
            extreme += p;
        }
    }
    (extreme / total).clamp(0.0, 1.0)
}

/// The ratio of set b's rate to set a's rate (occurrences per word), with a 95% interval:
/// `(ratio, low, high)`.
///
/// Poisson counts, log method: `se = sqrt(1/count_a + 1/count_b)`, interval
/// `exp(ln ratio ± 1.96·se)`. `None` when either count or either word total is 0 (the ratio or
/// its interval is undefined, and a reader should see "no occurrences", not a number).
pub fn rate_ratio(
    count_a: u64,
    words_a: u64,
    count_b: u64,
    words_b: u64,
) -> Option<(f64, f64, f64)> {
    if count_a == 0 || count_b == 0 || words_a == 0 || words_b == 0 {
        return None;
    }
    let (ca, wa, cb, wb) = (
        count_a as f64,
        words_a as f64,
        count_b as f64,
        words_b as f64,
    );
    let ln_ratio = (cb / wb).ln() - (ca / wa).ln();
    let se = (1.0 / ca + 1.0 / cb).sqrt();
    Some((
        ln_ratio.exp(),
        (ln_ratio - Z95 * se).exp(),
        (ln_ratio + Z95 * se).exp(),
    ))
}

/// Cohen's kappa for two raters' labels on the same items, one `(first, second)` pair per item.
///
/// `kappa = (p_o − p_e) / (1 − p_e)`, with `p_o` the observed agreement and `p_e` the agreement
/// expected from each rater's label frequencies. `None` when there are no pairs, or when chance
/// agreement is already certain (`p_e = 1`: both raters used one and the same label throughout),
/// where kappa is undefined.
pub fn cohen_kappa<L: Ord>(pairs: &[(L, L)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mut first: BTreeMap<&L, u64> = BTreeMap::new();
    let mut second: BTreeMap<&L, u64> = BTreeMap::new();
    let mut agree = 0_u64;
    for (x, y) in pairs {
        *first.entry(x).or_insert(0) += 1;
        *second.entry(y).or_insert(0) += 1;
        if x == y {
            agree += 1;
        }
    }
    let p_o = agree as f64 / n;
    let p_e: f64 = first
        .iter()
        .map(|(label, &f)| {
            let s = second.get(label).copied().unwrap_or(0);
            (f as f64 / n) * (s as f64 / n)
        })
        .sum();
    if (1.0 - p_e).abs() < 1e-12 {
        return None;
    }
    Some((p_o - p_e) / (1.0 - p_e))
}

/// One set of documents' totals for one concept (the input of [`compare`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SetCounts {
    /// Documents in the set.
    pub documents: u64,
    /// Documents mentioning the concept at least once.
    pub mentioning: u64,
    /// Occurrences of the concept in the set.
    pub count: u64,
    /// Words in the set's documents.
    pub words: u64,
}

impl SetCounts {
    /// Totals of the documents given as `(words, count of the concept)`.
    pub fn of(docs: impl IntoIterator<Item = (u64, u64)>) -> SetCounts {
        docs.into_iter()
            .fold(SetCounts::default(), |mut t, (words, count)| {
                t.documents += 1;
                t.mentioning += u64::from(count > 0);
                t.count += count;
                t.words += words;
                t
            })
    }

    /// mentioning / documents; `None` for an empty set.
    pub fn share(&self) -> Option<f64> {
        (self.documents > 0).then(|| self.mentioning as f64 / self.documents as f64)
    }

    /// Occurrences per 10,000 words (as every rate in efrh, 3 decimals); `None` without words.
    pub fn per_10k(&self) -> Option<f64> {
        crate::aggregate::per_10k(self.count, self.words)
    }
}

/// Set b against set a for one concept. Every figure is `None` where it is undefined, so that
/// nothing is printed for it: shares of an empty set, a p-value when either set is empty, a
/// rate ratio when either count is 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub a_share: Option<f64>,
    pub b_share: Option<f64>,
    /// b_share − a_share.
    pub share_diff: Option<f64>,
    /// Two-sided Fisher's exact test on (mentioning, not mentioning) × (a, b).
    pub p_value: Option<f64>,
    pub a_per_10k: Option<f64>,
    pub b_per_10k: Option<f64>,
    /// b's rate over a's rate, with its 95% interval: `(ratio, low, high)`.
    pub rate_ratio: Option<(f64, f64, f64)>,
}

/// Compare two sets of documents on one concept.
pub fn compare(a: &SetCounts, b: &SetCounts) -> Comparison {
    let (a_share, b_share) = (a.share(), b.share());
    let both = a.documents > 0 && b.documents > 0;
    Comparison {
        a_share,
        b_share,
        share_diff: a_share.zip(b_share).map(|(x, y)| y - x),
        p_value: both.then(|| {
            fisher_exact_two_sided(
                a.mentioning,
                a.documents.saturating_sub(a.mentioning),
                b.mentioning,
                b.documents.saturating_sub(b.mentioning),
            )
        }),
        a_per_10k: a.per_10k(),
        b_per_10k: b.per_10k(),
        rate_ratio: rate_ratio(a.count, a.words, b.count, b.words),
    }
}

/// A p-value as a reader sees it: two significant digits, `< 0.001` below that.
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else if p >= 0.1 {
        format!("p = {p:.2}")
    } else if p >= 0.01 {
        format!("p = {p:.3}")
    } else {
        format!("p = {p:.4}")
    }
}

/// The comparison of two sets on one concept in words a reader understands, e.g.
/// "3 of 9 vs 7 of 9; p = 0.15: too few documents to call this a change".
///
/// At the 5% level; the caller adds the multiple-comparison caveat when it tests many concepts
/// (see [`multiple_comparison_note`]). Sets under 30 documents that show no clear difference
/// are said to be too small to call, larger ones that the difference could be chance.
pub fn describe(a: &SetCounts, b: &SetCounts) -> String {
    let head = format!(
        "{} of {} vs {} of {}",
        a.mentioning, a.documents, b.mentioning, b.documents
    );
    let c = compare(a, b);
    let Some(p) = c.p_value else {
        let empty = if a.documents == 0 { "first" } else { "second" };
        return format!("{head}: the {empty} set has no documents, nothing to compare");
    };
    let verdict = if c.share_diff == Some(0.0) {
        "no change".to_string()
    } else if p < 0.05 {
        let way = if c.share_diff.is_some_and(|d| d > 0.0) {
            "more"
        } else {
            "fewer"
        };
        format!("{way} documents mention it, unlikely to be chance alone")
    } else if a.documents.min(b.documents) < 30 {
        "too few documents to call this a change".to_string()
    } else {
        "a difference this size could be chance".to_string()
    };
    format!("{head}; {}: {verdict}", format_p(p))
}

/// The caveat for `tests` comparisons at the 5% level, empty for one or none: about one in
/// twenty true "no change" results comes out below 0.05 by chance.
pub fn multiple_comparison_note(tests: usize) -> String {
    if tests <= 1 {
        return String::new();
    }
    let expected = tests as f64 * 0.05;
    format!(
        "{tests} concepts were tested: even with no real change anywhere, about {expected:.1} of \
         them would show p < 0.05 by chance. Read single small p-values with care (a \
         Bonferroni threshold for {tests} tests is p < {:.4}).",
        0.05 / tests as f64
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) -> bool {
        if want == 0.0 {
            got.abs() < 1e-15
        } else {
            ((got - want) / want).abs() <= rel
        }
    }

    /// (k, n, low, high) from statsmodels 0.15.0:
    /// `statsmodels.stats.proportion.proportion_confint(k, n, alpha=0.05, method="wilson")`.
    /// statsmodels' tiny non-zero low for k = 0 (2.8e-17, 4.2e-22) is rounding in its formula;
    /// ours is exactly 0, and its 0.9999999999999999 for k = n is exactly 1 here.
    const WILSON: &[(u64, u64, f64, f64)] = &[
        (0, 1, 0.0, 0.7934506856227627),
        (0, 9, 0.0, 0.29914504841954415),
        (9, 9, 0.7008549515804557, 1.0),
        (3, 9, 0.1205838183869109, 0.6457978644196039),
        (7, 9, 0.45258896910698887, 0.9367748928821533),
        (1, 2, 0.09453120573423068, 0.9054687942657693),
        (50, 100, 0.4038315303659956, 0.5961684696340044),
        (0, 1000000, 0.0, 3.841444063944944e-06),
        (1000000, 1000000, 0.9999961585559362, 1.0),
        (123456, 1000000, 0.12281269653142285, 0.12410219641400438),
        (1, 1000000, 1.7652457674537176e-07, 5.664911804311445e-06),
    ];

    #[test]
    fn wilson_matches_statsmodels() {
        for &(k, n, low, high) in WILSON {
            let (l, h) = wilson(k, n).unwrap();
            assert!(close(l, low, 1e-9), "{k} of {n}: low {l} want {low}");
            assert!(close(h, high, 1e-9), "{k} of {n}: high {h} want {high}");
        }
    }

    #[test]
    fn wilson_edges() {
        assert_eq!(wilson(0, 0), None, "0 of 0 has no interval");
        assert_eq!(wilson(3, 2), None, "k > n is not a proportion");
        assert_eq!(wilson(0, 7).unwrap().0, 0.0);
        assert_eq!(wilson(7, 7).unwrap().1, 1.0);
        assert_eq!(wilson(u64::MAX / 2, u64::MAX / 2).unwrap().1, 1.0);
    }

    /// (a, b, c, d, p) from scipy 1.17.1:
    /// `scipy.stats.fisher_exact([[a, b], [c, d]], alternative="two-sided")[1]`, which uses
    /// R's definition and relative tolerance (1 + 1e-7).
    const FISHER: &[(u64, u64, u64, u64, f64)] = &[
        (7, 2, 3, 6, 0.153434800493624),
        (3, 6, 7, 2, 0.153434800493624),
        (0, 0, 0, 0, 1.0),
        (0, 9, 0, 9, 1.0),
        (9, 0, 0, 9, 4.1135335252982315e-05),
        (0, 5, 5, 0, 0.007936507936507938),
        (1, 9, 11, 3, 0.0027594561852200836),
        (10, 10, 10, 10, 1.0),
        (2, 7, 8, 2, 0.02301413756522116),
        (0, 10, 3, 7, 0.21052631578947367),
        (5, 0, 0, 0, 1.0),
        (1, 0, 0, 1, 1.0),
        (3, 1, 1, 3, 0.48571428571428565),
        (12, 5, 8, 15, 0.05355099259437414),
        (4, 4, 4, 4, 1.0),
        // large N
        (500000, 0, 0, 500000, 0.0),
        (400000, 100000, 100000, 400000, 0.0),
        (1000, 999000, 1100, 998900, 0.0306330777492635),
        (500, 499500, 560, 499440, 0.06976130331339396),
        (30, 999970, 10, 999990, 0.0022212140615238945),
        (250000, 250000, 249000, 251000, 0.045716172892690705),
    ];

    #[test]
    fn fisher_matches_scipy() {
        for &(a, b, c, d, p) in FISHER {
            let got = fisher_exact_two_sided(a, b, c, d);
            let ok = if p == 0.0 {
                got < 1e-300
            } else {
                close(got, p, 1e-6)
            };
            assert!(ok, "[[{a},{b}],[{c},{d}]]: p {got} want {p}");
        }
    }

    #[test]
    fn fisher_is_symmetric_and_a_probability() {
        for &(a, b, c, d, _) in FISHER {
            let p = fisher_exact_two_sided(a, b, c, d);
            assert!((0.0..=1.0).contains(&p));
            // transposing the table or swapping the rows leaves the test unchanged
            assert!(close(fisher_exact_two_sided(a, c, b, d), p, 1e-9) || p < 1e-300);
            assert!(close(fisher_exact_two_sided(c, d, a, b), p, 1e-9) || p < 1e-300);
        }
    }

    /// (count_a, words_a, count_b, words_b, ratio, low, high) from statsmodels 0.15.0:
    /// `statsmodels.stats.rates.confint_poisson_2indep(count_b, words_b, count_a, words_a,
    /// method="wald-log", compare="ratio")` (b's rate over a's), ratio = (cb/wb)/(ca/wa).
    const RATE: &[(u64, u64, u64, u64, f64, f64, f64)] = &[
        (
            10,
            10000,
            20,
            10000,
            2.0,
            0.9361836574114522,
            4.272665911579786,
        ),
        (
            3,
            50000,
            7,
            40000,
            2.9166666666666665,
            0.7542267463496607,
            11.279027806447763,
        ),
        (
            1,
            1000,
            1,
            1000,
            1.0,
            0.06254883616611233,
            15.98750770268975,
        ),
        (
            120,
            1000000,
            95,
            800000,
            0.9895833333333333,
            0.7560604000344717,
            1.2952340495104122,
        ),
        (
            5,
            12345,
            1,
            54321,
            0.045452035124537465,
            0.005310174113103612,
            0.38904326919607324,
        ),
    ];

    #[test]
    fn rate_ratio_matches_statsmodels() {
        for &(ca, wa, cb, wb, r, l, h) in RATE {
            let (gr, gl, gh) = rate_ratio(ca, wa, cb, wb).unwrap();
            assert!(close(gr, r, 1e-9), "ratio {gr} want {r}");
            assert!(close(gl, l, 1e-9), "low {gl} want {l}");
            assert!(close(gh, h, 1e-9), "high {gh} want {h}");
        }
    }

    #[test]
    fn rate_ratio_undefined_with_a_zero() {
        assert_eq!(rate_ratio(0, 1000, 5, 1000), None);
        assert_eq!(rate_ratio(5, 1000, 0, 1000), None);
        assert_eq!(rate_ratio(5, 0, 5, 1000), None);
        assert_eq!(rate_ratio(5, 1000, 5, 0), None);
    }

    /// Expand a confusion table (rows: first rater, columns: second) into pairs.
    fn pairs(table: &[&[u64]]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, row) in table.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                out.extend(std::iter::repeat_n((i, j), n as usize));
            }
        }
        out
    }

    /// Kappa from statsmodels 0.15.0:
    /// `statsmodels.stats.inter_rater.cohens_kappa(np.array(table), return_results=False)`.
    #[test]
    fn kappa_matches_statsmodels() {
        let cases: &[(&[&[u64]], f64)] = &[
            (&[&[20, 5], &[10, 15]], 0.3999999999999999),
            (&[&[45, 15], &[25, 15]], 0.13043478260869554),
            (&[&[3, 0], &[0, 4]], 1.0),
            (&[&[10, 2, 1], &[3, 8, 2], &[0, 1, 5]], 0.5662650602409639),
            (&[&[0, 5], &[5, 0]], -1.0),
        ];
        for (table, want) in cases {
            let got = cohen_kappa(&pairs(table)).unwrap();
            assert!((got - want).abs() < 1e-12, "{table:?}: {got} want {want}");
        }
    }

    #[test]
    fn kappa_undefined_cases() {
        let none: &[(&str, &str)] = &[];
        assert_eq!(cohen_kappa(none), None, "no pairs");
        assert_eq!(
            cohen_kappa(&[("yes", "yes"), ("yes", "yes")]),
            None,
            "one label throughout: chance agreement is certain"
        );
        // string labels work the same as indices
        let k = cohen_kappa(&[("yes", "yes"), ("no", "no"), ("yes", "no"), ("no", "no")]);
        assert!(k.is_some_and(|k| (k - 0.5).abs() < 1e-12));
    }

    fn set(documents: u64, mentioning: u64, count: u64, words: u64) -> SetCounts {
        SetCounts {
            documents,
            mentioning,
            count,
            words,
        }
    }

    #[test]
    fn set_counts_of_documents() {
        let s = SetCounts::of([(100, 0), (200, 3), (50, 1)]);
        assert_eq!(s, set(3, 2, 4, 350));
        assert_eq!(SetCounts::of([]), set(0, 0, 0, 0));
    }

    #[test]
    fn compare_two_waves() {
        // 3 of 9 then 7 of 9: Fisher as scipy (0.153434800493624, table above);
        // rate ratio (20/10000)/(10/10000) as statsmodels (RATE table above).
        let a = set(9, 3, 10, 10_000);
        let b = set(9, 7, 20, 10_000);
        let c = compare(&a, &b);
        assert!(close(c.p_value.unwrap(), 0.153434800493624, 1e-9));
        assert!(close(c.share_diff.unwrap(), 4.0 / 9.0, 1e-12));
        assert_eq!(c.a_per_10k, Some(10.0));
        assert_eq!(c.b_per_10k, Some(20.0));
        let (r, l, h) = c.rate_ratio.unwrap();
        assert!(close(r, 2.0, 1e-12));
        assert!(close(l, 0.9361836574114522, 1e-9));
        assert!(close(h, 4.272665911579786, 1e-9));
        assert_eq!(
            describe(&a, &b),
            "3 of 9 vs 7 of 9; p = 0.15: too few documents to call this a change"
        );
    }

    #[test]
    fn never_a_p_value_for_an_empty_set() {
        let a = set(0, 0, 0, 0);
        let b = set(9, 7, 20, 10_000);
        let c = compare(&a, &b);
        assert_eq!(c.p_value, None);
        assert_eq!(c.a_share, None);
        assert_eq!(c.share_diff, None);
        assert_eq!(c.a_per_10k, None);
        assert_eq!(c.rate_ratio, None);
        assert_eq!(compare(&b, &a).p_value, None);
        let words = describe(&a, &b);
        assert!(!words.contains("p ="), "{words}");
        assert!(words.contains("first set has no documents"), "{words}");
    }

    #[test]
    fn zero_counts_leave_the_rate_ratio_empty_but_keep_the_p_value() {
        // 0 of 5 vs 5 of 5: scipy 0.007936507936507938 (table above)
        let c = compare(&set(5, 0, 0, 5_000), &set(5, 5, 9, 5_000));
        assert_eq!(c.rate_ratio, None);
        assert!(close(c.p_value.unwrap(), 0.007936507936507938, 1e-9));
        assert_eq!(c.a_per_10k, Some(0.0));
    }

    #[test]
    fn describe_words() {
        // 0 of 5 vs 5 of 5 (p 0.0079), 9 of 9 vs 0 of 9 (p 4.1e-05)
        assert_eq!(
            describe(&set(5, 0, 0, 1), &set(5, 5, 5, 1)),
            "0 of 5 vs 5 of 5; p = 0.0079: more documents mention it, unlikely to be chance alone"
        );
        assert_eq!(
            describe(&set(9, 9, 9, 1), &set(9, 0, 0, 1)),
            "9 of 9 vs 0 of 9; p < 0.001: fewer documents mention it, unlikely to be chance alone"
        );
        assert_eq!(
            describe(&set(4, 2, 2, 1), &set(4, 2, 2, 1)),
            "2 of 4 vs 2 of 4; p = 1.00: no change"
        );
        // 500 of 1000 vs 530 of 1000: not significant with large sets
        let w = describe(&set(1000, 500, 500, 1), &set(1000, 530, 530, 1));
        assert!(w.ends_with("a difference this size could be chance"), "{w}");
    }

    #[test]
    fn multiple_comparison_caveat() {
        assert_eq!(multiple_comparison_note(1), "");
        let n = multiple_comparison_note(20);
        assert!(n.contains("about 1.0 of them"), "{n}");
        assert!(n.contains("p < 0.0025"), "{n}");
    }
}
