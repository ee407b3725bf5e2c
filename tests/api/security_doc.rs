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
                .expect("a split yields at least one part");
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
        let found = match std::fs::read_to_string(root.join(path)) {
            // A file that is gone holds none of the tests it is cited for.
            Err(_) => false,
            Ok(source) if path.ends_with(".rs") => source.contains(&format!("fn {test}(")),
            Ok(source) => source.contains(test.as_str()),
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

/// No private key, and nothing shaped like a cloud credential, is tracked
/// in the repository: keys are generated at first start (0600) or come
/// from the deployment's secret store (docs/deploy.md).
#[test]
fn no_private_key_or_credential_is_committed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("git ls-files: {e}"));
    assert!(listed.status.success(), "git ls-files failed");
    let markers = [
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----",
    ];
    let mut found = Vec::new();
    for path in listed.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let Ok(bytes) = std::fs::read(root.join(&path)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        // This file names the markers it looks for.
        if path.ends_with("security_doc.rs") {
            continue;
        }
        for marker in markers {
            if text.contains(marker) {
                found.push(format!("{path}: {marker}"));
            }
        }
        if path.ends_with(".pem") || path.ends_with(".key") {
            found.push(format!("{path}: a key file"));
        }
        let aws = text.match_indices("AKIA").any(|(at, _)| {
            text[at + 4..]
                .chars()
                .take(16)
                .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                .count()
                == 16
        });
        if aws {
            found.push(format!("{path}: an AWS access key id"));
        }
    }
    assert!(found.is_empty(), "secrets in the repository: {found:?}");
}

/// Queries are built with diesel's DSL or bound parameters: raw SQL text is
/// never assembled from values (`sql_query(format!(…))`, string pushes).
#[test]
fn no_query_text_is_assembled_from_values() {
    fn rust_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, into);
            } else if path.extension().is_some_and(|e| e == "rs") {
                into.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("api/src"), &mut files);
    assert!(files.len() > 20);
    let mut found = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Each raw query's text must be a literal: the call is followed by a
        // string literal, never by `format!`, a variable or a concatenation.
        for (at, _) in text.match_indices("sql_query(") {
            let rest = text[at + "sql_query(".len()..].trim_start();
            if !rest.starts_with('"') {
                found.push(format!(
                    "{}: sql_query with non-literal text",
                    file.display()
                ));
            }
        }
        for needle in [
            "sql_query(format!",
            "sql_query(&format!",
            "push_sql(",
            ".sql(format!",
        ] {
            if text.contains(needle) {
                found.push(format!("{}: {needle}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
}
