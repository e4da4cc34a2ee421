//! The crate's layers point one way: data ← lanes ← math ← kernels ←
//! dispatch ← api ← glu. A file may import (`crate::...`) only from its own layer
//! or those below it, and only from the module that defines what it
//! imports, never through the crate root's re-exports (so that the imports
//! show the layers).
//!
//! One exception: a test-only module, a file named `*_test.rs` that its
//! parent declares `#[cfg(test)] mod name;`, may import from any layer (a
//! layer's contract test runs through the dispatch). It is not part of the
//! library, so the library's own imports still point one way.
//!
//! A check of the repository, run natively: not under Miri (its isolation
//! forbids reading files) nor on wasm32 (WASI sees only the preopened
//! directory, not these absolute paths).
#![cfg(not(any(miri, target_family = "wasm")))]

use std::path::Path;

/// The layer of a top-level module or crate-root item, lowest first.
fn layer(name: &str) -> Option<usize> {
    Some(match name {
        "error" | "precision" | "backend" | "spec" | "Error" | "Precision" | "MaskedRows"
        | "Backend" | "Spec" | "Kind" | "Tier" => 0,
        "lanes" => 1,
        "math" => 2,
        "kernels" | "Gauss" | "LeakyRelu" | "Elu" => 3,
        "dispatch" | "Kernels" => 4,
        "api" | "attention" | "Activation" | "Binary" | "scalar" | "RowOptions"
        | "SoftmaxState" => 5,
        "glu" | "Glu" => 6,
        _ => return None,
    })
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut checked = 0;
    for f in all {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel.split(['/', '.']).next().unwrap();
        if top == "lib" {
            continue;
        }
        if let Some(name) = rel.strip_suffix("_test.rs") {
            assert_declared_test_only(&src, &rel, name);
            continue;
        }
        let own = layer(top).unwrap_or_else(|| panic!("src/{rel}: module {top} has no layer"));
        // Code only: doc links may point anywhere.
        let text: String = std::fs::read_to_string(&f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        for (i, _) in text.match_indices("crate::") {
            if text[..i].ends_with('$') {
                continue; // `$crate::` in a macro
            }
            let rest = &text[i + "crate::".len()..];
            // `crate::{a, b}` names several; `crate::x` one.
            let names: Vec<&str> = if let Some(list) = rest.strip_prefix('{') {
                list[..list.find('}').unwrap()]
                    .split(',')
                    .map(str::trim)
                    .collect()
            } else {
                vec![rest]
            };
            for n in names {
                let head: String = n
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let reexport = head.starts_with(char::is_uppercase) || head == "scalar";
                assert!(
                    !reexport,
                    "src/{rel} imports crate::{head} through the crate root: import it from its module"
                );
                if let Some(l) = layer(&head) {
                    assert!(
                        l <= own,
                        "src/{rel} (layer {own}) imports crate::{head} (layer {l}), a layer above it"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > 20,
        "too few imports found ({checked}): is the parser broken?"
    );
}

/// Panics unless `src/{rel}` (a `*_test.rs` file, `name` without the
/// suffix) is declared only as `#[cfg(test)] mod {name}_test;` by its
/// parent (`dir/mod.rs` or `dir.rs`; `lib.rs` at the top).
fn assert_declared_test_only(src: &Path, rel: &str, name: &str) {
    let (dir, module) = name.rsplit_once('/').unwrap_or(("", name));
    let module = format!("{module}_test");
    let candidates = if dir.is_empty() {
        vec!["lib.rs".to_string()]
    } else {
        vec![format!("{dir}/mod.rs"), format!("{dir}.rs")]
    };
    let parent = candidates
        .into_iter()
        .map(|p| src.join(p))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("src/{rel}: no parent module file found"));
    let text = std::fs::read_to_string(&parent).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let decls: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let decl = format!("mod {module};");
            lines[i] == decl || lines[i].ends_with(&format!(" {decl}"))
        })
        .collect();
    assert!(
        !decls.is_empty()
            && decls
                .iter()
                .all(|&i| i > 0 && lines[i - 1] == "#[cfg(test)]"),
        "src/{rel} imports freely as a test-only module, but {} does not declare it \
         `#[cfg(test)] mod {module};`",
        parent.display()
    );
}
