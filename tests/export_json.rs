//! `parallax export --format json`: the whole corpus as one document that
//! validates against schema/corpus.schema.json, with offsets that select
//! each passage's text from its essay.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn export(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["export", "--format", "json"])
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/corpus.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_export_validates_against_the_schema() {
    let v = validator();
    for args in [&[][..], &["--theme", "gsomia"], &["--tour", "seminar"]] {
        let doc = export(args);
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{args:?}: {errs:#?}");
    }
}

#[test]
fn the_schema_rejects_what_a_reader_could_not_use() {
    let v = validator();
    let doc = export(&["--theme", "gsomia"]);
    let mut broken = doc.clone();
    broken["passages"][0].as_object_mut().unwrap().remove("end");
    assert!(!errors(&v, &broken).is_empty(), "a passage without `end`");
    let mut broken = doc.clone();
    broken["passages"][0]["role"] = "opinion".into();
    assert!(!errors(&v, &broken).is_empty(), "an unknown role");
    let mut broken = doc;
    broken["themes"][0]["colour"] = "red".into();
    assert!(!errors(&v, &broken).is_empty(), "a misspelt key");
}

#[test]
fn offsets_select_each_passage_from_its_essay_in_code_points() {
    let doc = export(&[]);
    let essays: std::collections::HashMap<&str, Vec<char>> = doc["essays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap(),
                e["text"].as_str().unwrap().chars().collect(),
            )
        })
        .collect();
    let passages = doc["passages"].as_array().unwrap();
    let builtin = parallax::corpus::load(parallax::corpus::files::builtin())
        .corpus
        .map
        .passages
        .len();
    assert_eq!(passages.len(), builtin);
    assert_eq!(doc["themes"].as_array().unwrap().len(), 16);
    assert_eq!(doc["tours"][0]["steps"].as_array().unwrap().len(), 7);
    let mut non_ascii_before = false;
    for p in passages {
        let text = &essays[p["essay"].as_str().unwrap()];
        let (s, e) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        let got: String = text[s..e].iter().collect();
        assert_eq!(got, p["text"].as_str().unwrap());
        non_ascii_before |= text[..s].iter().any(|c| !c.is_ascii());
    }
    // Offsets in bytes would only differ after a non-ASCII character.
    assert!(
        non_ascii_before,
        "the corpus should test code points, not bytes"
    );
}

#[test]
fn a_theme_export_keeps_only_that_theme() {
    let doc = export(&["--theme", "gsomia"]);
    let themes: Vec<&str> = doc["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(themes, ["gsomia"]);
    for p in doc["passages"].as_array().unwrap() {
        assert_eq!(p["themes"], serde_json::json!(["gsomia"]));
    }
    assert_eq!(doc["passages"].as_array().unwrap().len(), 5);
    assert!(doc["tours"].as_array().unwrap().is_empty());
}
