//! Re-anchoring after edits (issue 11): the synthetic corpus (1,000 essays,
//! 20,000 passages) with every passage's prefix and suffix recorded, as
//! `check --fix` records them; then every essay edited at 1% of its letters
//! (random substitutions, insertions and deletions). Times `check`'s load
//! of the edited corpus beside the unedited one — the target is under 3×.
//!
//! `cargo bench --bench reanchor`; `PARALLAX_BENCH_ESSAYS=N` for a smaller
//! corpus. Prints how many passages came out exact, moved, changed and
//! orphaned.

#[path = "support/synth.rs"]
mod synth;

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::corpus::{self, files};
use parallax::mapping::anchor::Status;
use parallax::mapping::fix;

/// Edit 1% of the letters of an essay's body (after its front matter):
/// a third substituted, a third deleted, a third with a letter inserted.
fn edit(markdown: &str, rng: &mut synth::Rng) -> String {
    let body = markdown.find("\n+++\n").map_or(0, |i| i + 5);
    let mut bytes = markdown.as_bytes().to_vec();
    let letters: Vec<usize> = (body..bytes.len())
        .filter(|&i| bytes[i].is_ascii_lowercase())
        .collect();
    let n = letters.len() / 100;
    let mut at: Vec<usize> = (0..n).map(|_| letters[rng.below(letters.len())]).collect();
    at.sort_unstable();
    at.dedup();
    // From the back, so earlier positions hold.
    for &i in at.iter().rev() {
        let c = b'a' + rng.below(26) as u8;
        match rng.below(3) {
            0 => bytes[i] = c,
            1 => {
                bytes.remove(i);
            }
            _ => bytes.insert(i, c),
        }
    }
    String::from_utf8(bytes).expect("ASCII edits keep UTF-8")
}

fn write_all(dir: &Path, files: &[(String, String)]) {
    std::fs::create_dir_all(dir.join("essays")).unwrap();
    std::fs::create_dir_all(dir.join("themes")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn reanchor(c: &mut Criterion) {
    let mut cfg = synth::Config::default();
    if let Some(n) = std::env::var("PARALLAX_BENCH_ESSAYS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        cfg.essays = n;
    }
    let (mut files_, stats) = synth::generate(&cfg);
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    write_all(&plain, &files_);

    // Record every passage's context, as `check --fix` would.
    let loaded = corpus::load(files::from_dir(&plain));
    assert!(loaded.diagnostics.is_empty(), "{}", loaded.diagnostics[0]);
    let t = std::time::Instant::now();
    let fixes = fix::plan(&loaded.corpus.essays, &loaded.corpus.map);
    let mut by_file: HashMap<String, Vec<&fix::Fix>> = HashMap::new();
    for f in &fixes {
        by_file.entry(f.file.clone()).or_default().push(f);
    }
    for (name, text) in files_.iter_mut() {
        let shown = format!("{}/{name}", plain.display());
        if let Some(fs) = by_file.get(&shown) {
            let (new, out) = fix::apply(text, fs);
            assert!(out.iter().all(|o| matches!(o, Ok(Some(_)))));
            *text = new;
        }
    }
    eprintln!(
        "recorded context for {} passages in {:.2} s",
        fixes.len(),
        t.elapsed().as_secs_f64()
    );
    let unedited = tmp.path().join("unedited");
    write_all(&unedited, &files_);

    let mut rng = synth::Rng::new(cfg.seed ^ 0xED17);
    for (name, text) in files_.iter_mut() {
        if name.starts_with("essays/") {
            *text = edit(text, &mut rng);
        }
    }
    let edited = tmp.path().join("edited");
    write_all(&edited, &files_);
    drop(files_);

    let before = corpus::load(files::from_dir(&unedited));
    assert!(before.diagnostics.is_empty(), "{}", before.diagnostics[0]);
    let after = corpus::load(files::from_dir(&edited));
    let map = &after.corpus.map;
    let count = |s| map.passages.iter().filter(|p| p.anchor == s).count();
    eprintln!(
        "{} passages after a 1% edit of every essay: {} exact, {} moved, {} changed, {} orphaned",
        stats.passages,
        count(Status::Exact),
        count(Status::Moved),
        count(Status::Changed),
        map.orphans.len()
    );
    let ranges = map
        .orphans
        .iter()
        .filter(|o| !matches!(o.selector, parallax::mapping::anchor::Selector::Quote(_)))
        .count();
    eprintln!("orphans with start/end phrases: {ranges}");
    for o in map
        .orphans
        .iter()
        .filter(|o| matches!(o.selector, parallax::mapping::anchor::Selector::Quote(_)))
        .take(3)
    {
        eprintln!("  {} {}", o.defined_at, o.reason);
    }
    drop((before, after));

    // Best of five, alternating, beside criterion's figures (the machine
    // is shared; the minimum is the least disturbed).
    let (mut a, mut b) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let t = std::time::Instant::now();
        black_box(corpus::load(files::from_dir(&unedited)));
        a = a.min(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        black_box(corpus::load(files::from_dir(&edited)));
        b = b.min(t.elapsed().as_secs_f64());
    }
    eprintln!(
        "best of 5: unedited {:.0} ms, edited {:.0} ms, ratio {:.2}",
        a * 1e3,
        b * 1e3,
        b / a
    );
    if std::env::var_os("PARALLAX_BENCH_QUICK").is_some() {
        return;
    }
    let mut g = c.benchmark_group("reanchor");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("check-unedited", |b| {
        b.iter(|| corpus::load(black_box(files::from_dir(&unedited))))
    });
    g.bench_function("check-after-1%-edit", |b| {
        b.iter(|| corpus::load(black_box(files::from_dir(&edited))))
    });
    g.finish();
}

criterion_group!(benches, reanchor);
criterion_main!(benches);
