//! Every function declared in the table is covered by every harness: it
//! has a reference, a naive formula and (if parametric) parameter sets in
//! `actkern-testkit`, a row in `docs/bounds.md` per tier (element-wise and
//! parametric kinds), and the harnesses iterate `Activation::ALL` instead
//! of naming functions — which keeps a new function at one kernel file and
//! one table entry (plus its reference).
//!
//! A check of the repository, run natively: not under Miri (its isolation
//! forbids reading files) nor on wasm32 (WASI sees only the preopened
//! directory, not these absolute paths).
#![cfg(not(any(miri, target_family = "wasm")))]

use actkern::{Activation, Binary, Kind, Precision};
use actkern_testkit::{params, reference};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_function_has_a_reference_and_a_naive_formula() {
    for &a in Activation::ALL {
        let s = a.spec();
        match s.kind {
            Kind::Elementwise | Kind::Parametric => {
                assert!(
                    reference::element(a, 0.5).is_some(),
                    "{a}: no f64 reference"
                );
                assert!(
                    reference::naive::<reference::Libm>(a, 0.5).is_some(),
                    "{a}: no naive formula"
                );
            }
            Kind::Rowwise => {
                let mut out = [0.0f64; 3];
                assert!(
                    reference::row(a, &[1.0, 2.0, 3.0], &mut out),
                    "{a}: no row reference"
                );
                let mut y = [0.0f32; 3];
                assert!(
                    reference::naive_slice::<reference::Libm>(a, &[1.0, 2.0, 3.0], &mut y),
                    "{a}: no naive formula"
                );
            }
            other => panic!("{a}: kind {other:?} has no harness in actkern-testkit"),
        }
        if s.kind == Kind::Parametric {
            assert!(params::sets(a).count() > 0, "{a}: no parameter sets");
        }
    }
}

#[test]
fn every_binary_function_has_a_reference_a_naive_formula_and_bounds() {
    let md = std::fs::read_to_string(root().join("docs/bounds.md")).expect("docs/bounds.md");
    for &f in Binary::ALL {
        let s = f.spec();
        assert_eq!(s.kind, Kind::Binary);
        assert!(
            reference::pair(f, 0.5, 2.0).is_some(),
            "{f}: no f64 reference"
        );
        let mut y = [0.0f32];
        assert!(
            reference::naive_pairs::<reference::Libm>(f, &[0.5], &[2.0], &mut y),
            "{f}: no naive formula"
        );
        assert!(!s.pair_specials.is_empty(), "{f}: no special values");
        assert!(!s.edges.is_empty(), "{f}: no edges");
        for &p in Precision::ALL {
            let prefix = format!("| {f} (b = ");
            let tier = format!(" | {p} |");
            assert!(
                md.lines()
                    .any(|l| l.starts_with(&prefix) && l.contains(&tier)),
                "docs/bounds.md has no row for {f} {p}"
            );
        }
    }
    for h in [
        "tests/backends.rs",
        "examples/ulp.rs",
        "fuzz/fuzz_targets/binary.rs",
        "benches/kernels.rs",
    ] {
        let text = std::fs::read_to_string(root().join(h)).unwrap_or_else(|e| panic!("{h}: {e}"));
        assert!(
            text.contains("Binary::ALL"),
            "{h} does not iterate Binary::ALL"
        );
    }
}

#[test]
fn every_function_declares_what_the_harnesses_probe() {
    for &a in Activation::ALL {
        let s = a.spec();
        assert_eq!(a.name(), s.name);
        assert!(!s.specials.is_empty(), "{a}: no special values");
        assert!(!s.edges.is_empty(), "{a}: no edges");
        assert!(s.domain.0 < s.domain.1 && s.domain.0.is_finite() && s.domain.1.is_finite());
        assert!(s.range.0 <= s.range.1, "{a}: empty range");
        for &p in Precision::ALL {
            let t = s.tier(p);
            assert!(
                t.bound >= 0.0 && t.bound_any_parameters >= t.bound,
                "{a} {p}: bounds"
            );
            assert!(!t.method.is_empty(), "{a} {p}: no method name");
        }
    }
}

#[test]
fn bounds_table_has_a_row_per_function_and_tier() {
    let md = std::fs::read_to_string(root().join("docs/bounds.md")).expect("docs/bounds.md");
    for &a in Activation::ALL {
        if a.spec().kind == Kind::Rowwise {
            continue;
        }
        for &p in Precision::ALL {
            let prefix = format!("| {a} | {p} |");
            assert!(
                md.lines().any(|l| l.starts_with(&prefix)),
                "docs/bounds.md has no row {prefix}: run `cargo run --release --example ulp -- --exhaustive --markdown docs/bounds.md`"
            );
        }
    }
}

/// Code files of the repository (what `git grep` sees, less Markdown).
fn code_files() -> Vec<PathBuf> {
    repo_files(&|name| {
        ![".md", ".lock", ".svg", ".csv", ".ttf", ".txt"]
            .iter()
            .any(|ext| name.ends_with(ext))
    })
}

/// Markdown files of the repository.
fn markdown_files() -> Vec<PathBuf> {
    repo_files(&|name| name.ends_with(".md"))
}

/// The repository's files whose name `keep` accepts, outside build, fuzz
/// and git output.
fn repo_files(keep: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    fn walk(dir: &Path, keep: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if !matches!(
                    name.as_str(),
                    "target" | "corpus" | "artifacts" | ".git" | "coverage"
                ) {
                    walk(&p, keep, out);
                }
            } else if keep(&name) {
                out.push(p);
            }
        }
    }
    let mut v = Vec::new();
    walk(&root(), keep, &mut v);
    v
}

/// `line` with the contents of its string literals dropped.
fn without_strings(line: &str) -> String {
    let mut inside = false;
    line.chars()
        .filter(|&c| {
            if c == '"' {
                inside = !inside;
            }
            !inside
        })
        .collect()
}

/// Whether `text` holds `word` delimited as `git grep -w` delimits it.
fn has_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let after = text[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word(c));
        before && after
    })
}

#[test]
fn harnesses_iterate_the_table() {
    for h in [
        "tests/backends.rs",
        "examples/ulp.rs",
        "examples/tour.rs",
        "benches/kernels.rs",
        "fuzz/fuzz_targets/unary.rs",
        "fuzz/fuzz_targets/rows.rs",
        "fuzz/fuzz_targets/errors.rs",
        "embedded/src/bin/nopanic.rs",
        "embedded/build.rs",
    ] {
        let text = std::fs::read_to_string(root().join(h)).unwrap_or_else(|e| panic!("{h}: {e}"));
        assert!(
            text.contains("Activation::ALL"),
            "{h} does not iterate Activation::ALL"
        );
    }
}

/// A function is named in the code of at most 5 files: its kernel file,
/// the list, its reference, and at most two others. Comments and string
/// literals do not count (a kernel's docs and formula may mention the
/// functions it builds on), nor does the API that `tools/api.py` generates
/// from the list (`src/api.rs`).
#[test]
fn each_function_is_named_in_few_files() {
    let files: Vec<(PathBuf, String)> = code_files()
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .filter(|(_, t)| !t.starts_with("// @generated"))
        .map(|(p, t)| {
            let code: String = t
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{}\n", without_strings(l)))
                .collect();
            (p, code)
        })
        .collect();
    let names = Activation::ALL
        .iter()
        .map(|a| a.name())
        .chain(Binary::ALL.iter().map(|f| f.name()));
    for a in names {
        let named: Vec<String> = files
            .iter()
            .filter(|(_, t)| has_word(t, a))
            .map(|(p, _)| p.strip_prefix(root()).unwrap_or(p).display().to_string())
            .collect();
        assert!(
            named.len() <= 5,
            "{a} is named in {} code files (at most 5): {named:#?}",
            named.len()
        );
    }
}

/// README shows the table of measured maxima: the same as docs/bounds.md
/// (which CI regenerates), so neither is typed by hand.
#[test]
fn readme_bounds_table_is_docs_bounds() {
    let md = std::fs::read_to_string(root().join("docs/bounds.md")).expect("docs/bounds.md");
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(md.trim()),
        "README's bound table differs from docs/bounds.md: copy docs/bounds.md into README"
    );
}

/// Comments and docs name only paths that exist: every
/// `src/…`, `docs/…`, `tests/…` (and the other top-level folders) path with a
/// file extension in a `.rs`, `.md`, `.toml`, `.sh` or `.py` file of the
/// repository, relative to the root or to the naming file's folder.
#[test]
fn docs_name_only_existing_paths() {
    const TOPS: &[&str] = &[
        "src/",
        "docs/",
        "tests/",
        "testkit/",
        "benches/",
        "examples/",
        "embedded/",
        "fuzz/",
        "tools/",
        "assets/",
    ];
    const EXTS: &[&str] = &[".rs", ".md", ".py", ".sh", ".toml", ".svg", ".mjs", ".awk"];
    let path_char = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut files = code_files();
    files.extend(markdown_files());
    let mut missing = Vec::new();
    let mut seen = 0;
    for f in files {
        let name = f.to_string_lossy().into_owned();
        if ![".rs", ".md", ".toml", ".sh", ".py"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let starts = TOPS.iter().any(|t| rest.starts_with(t))
                && text[..i].chars().next_back().is_none_or(|c| !word_char(c));
            if !starts {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let len = rest.find(|c: char| !path_char(c)).unwrap_or(rest.len());
            let mut p = &rest[..len];
            // The longest prefix that ends in a known extension.
            while !p.is_empty() && !EXTS.iter().any(|e| p.ends_with(e)) {
                p = &p[..p.len() - 1];
            }
            if !p.is_empty() && !p.contains("target/") {
                seen += 1;
                let here = f.parent().unwrap_or(&f).join(p);
                if !root().join(p).exists() && !here.exists() {
                    missing.push(format!(
                        "{} names {p}",
                        f.strip_prefix(root()).unwrap_or(&f).display()
                    ));
                }
            }
            i += len.max(1);
        }
    }
    assert!(seen > 50, "only {seen} paths found: is the scanner broken?");
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}
