//! Issue 13: `export --format qdpx` writes its archive as it makes it. An
//! allocator that counts live bytes measures the most memory allocated at
//! once while a corpus with a large essay and thousands of passages is
//! exported to a file; it must stay well under both the project file and
//! the archive, so that neither (nor a copy of the essay, nor the whole
//! project as data) is ever held whole. The corpus is loaded before the
//! count starts. No timing is measured. (Its own test binary: the counters
//! are process-wide, and another test running beside it would add to them.)

use std::io::{BufWriter, Read, Seek, SeekFrom};

use parallax::corpus::{self, Corpus};

mod common;
#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::peak_during;

/// `n` words of 2 to 9 letters drawn from a fixed pseudo-random sequence
/// (text deflate cannot shrink much, so the archive stays large).
fn words(seed: &mut u64, n: usize) -> String {
    let mut out = String::new();
    for _ in 0..n {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let len = 2 + (*seed >> 60) as usize % 8;
        for i in 0..len {
            out.push(char::from(b'a' + ((*seed >> (8 + 5 * i)) % 26) as u8));
        }
        out.push(' ');
    }
    out
}

/// One essay of `paragraphs` paragraphs of about 1 KB, each quoted by a
/// passage with a stance of about 300 bytes, and a short essay beside it.
fn big_corpus(paragraphs: usize) -> Corpus {
    let mut seed = 7;
    let mut essay = String::from("+++\ntitle = \"Big\"\nauthors = [\"A\"]\n+++\n");
    let mut map = String::from("[[themes]]\nid = \"all\"\ntitle = \"All of it\"\n\n");
    for i in 0..paragraphs {
        essay.push_str(&format!("Paragraph {i:05}. {}\n\n", words(&mut seed, 170)));
        map.push_str(&format!(
            "[[passages]]\nessay = \"big\"\nthemes = [\"all\"]\nquote = \"Paragraph {i:05}.\"\nstance = \"{}\"\n\n",
            words(&mut seed, 50)
        ));
    }
    let small = "+++\ntitle = \"Small\"\nauthors = [\"B\"]\n+++\nA short essay, the whole thing.\n";
    map.push_str(
        "[[passages]]\nessay = \"small\"\nthemes = [\"all\"]\nquote = \"the whole thing\"\nstance = \"S.\"\n",
    );
    let loaded = corpus::load(common::memory_files(
        "big",
        vec![("big", essay), ("small", small.to_string())],
        map,
    ));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.corpus
}

#[test]
fn a_qdpx_export_holds_neither_its_archive_nor_its_project_file_at_once() {
    let c = big_corpus(4_000);
    let file = tempfile::tempfile().unwrap();
    // As `parallax export -o` writes: a buffered temporary file.
    let peak = peak_during(|| {
        let out = parallax::export::qdpx::write(&c, BufWriter::new(&file)).unwrap();
        out.into_inner().unwrap();
    });
    // What was written, read back after the count: the archive's size and
    // the project file's, which a writer building them first would hold.
    let mut bytes = Vec::new();
    (&file).seek(SeekFrom::Start(0)).unwrap();
    (&file).read_to_end(&mut bytes).unwrap();
    let archive = bytes.len();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let project = zip.by_name("project.qde").unwrap().size() as usize;
    let essay = c.essays[0].text.len();
    let report = format!(
        "peak {} KiB; archive {} KiB, project.qde {} KiB, essay {} KiB",
        peak >> 10,
        archive >> 10,
        project >> 10,
        essay >> 10
    );
    println!("{report}");
    // The corpus makes both big enough for the bound to mean something.
    assert!(archive > 2 << 20 && project > 2 << 20, "{report}");
    // Bounded: one deflater (about 370 KiB), 32 and 64 KiB buffers, one
    // passage's strings and the zip's directory. Before, the project file
    // was built as a string and the archive as a vector, both whole.
    assert!(
        peak < archive.min(project).min(essay) / 2,
        "the export allocated too much at once: {report}"
    );
}
