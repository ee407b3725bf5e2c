//! `docs/security.md` traces every checklist requirement to the tests that
//! prove it. A renamed or deleted test must not leave the table citing a
//! test that no longer exists.

use std::path::Path;

/// Every `` `path::test` `` cited in the traceability table.
fn citations(doc: &str) -> Vec<(String, String)> {
    doc.lines()
        .filter(|line| line.starts_with("| ") && line.split('|').count() > 4)
        .flat_map(|line| {
            line.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter_map(|cited| {
            let (path, test) = cited.split_once("::")?;
            let is_test_file = path.ends_with(".rs") || path.ends_with(".mjs");
            is_test_file.then(|| (path.to_owned(), test.to_owned()))
        })
        .collect()
}

#[test]
fn every_test_the_security_table_cites_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = std::fs::read_to_string(root.join("docs/security.md"))
        .unwrap_or_else(|e| panic!("docs/security.md: {e}"));
    let rows = doc
        .lines()
        .filter(|l| {
            let id = l
                .trim_start_matches("| ")
                .split(' ')
                .next()
                .unwrap_or_default();
            id.len() >= 2
                && id.starts_with(|c: char| c.is_ascii_uppercase())
                && id[1..].chars().all(|c| c.is_ascii_digit())
        })
        .count();
    assert_eq!(rows, 69, "one row per checklist requirement");
    let cited = citations(&doc);
    assert!(cited.len() > 50, "the table cites tests: {}", cited.len());
    let mut missing = Vec::new();
    for (path, test) in &cited {
        let source = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        let found = if path.ends_with(".rs") {
            source.contains(&format!("fn {test}("))
        } else {
            source.contains(test.as_str())
        };
        if !found {
            missing.push(format!("{path}::{test}"));
        }
    }
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "cited tests that do not exist"
    );
}
