//! Replays every committed fuzz corpus file (`fuzz/corpus/<target>/*`) through the same target
//! function the cargo-fuzz binary runs, on the stable toolchain, so CI checks the corpora and
//! every saved regression without nightly or libFuzzer.

#[allow(dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

#[test]
fn every_target_has_a_corpus_and_it_passes() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut total = 0;
    for (name, run) in targets::TARGETS {
        let dir = corpus.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
            .map(|entry| entry.expect("corpus entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "empty corpus for {name}");
        for file in &files {
            let data = std::fs::read(file).expect("corpus file");
            // Printed, not only panicked with: the C ABI (c_abi target) installs a silent panic
            // hook, so no panic message of this process reaches the test output.
            if let Err(payload) = std::panic::catch_unwind(|| run(&data)) {
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                let failure = format!(
                    "fuzz target {name} fails on {}: {message} (input hex {})",
                    file.display(),
                    data.iter().map(|b| format!("{b:02x}")).collect::<String>()
                );
                println!("{failure}");
                panic!("{failure}");
            }
        }
        println!("{name}: {} inputs", files.len());
        total += files.len();
    }
    println!(
        "replayed {total} corpus inputs over {} targets",
        targets::TARGETS.len()
    );
}

#[test]
fn every_fuzz_binary_is_listed() {
    // The cargo-fuzz binaries and the replay list must not drift apart.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    let mut bins: Vec<String> = std::fs::read_dir(dir)
        .expect("fuzz_targets")
        .map(|e| e.expect("entry").path())
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    bins.sort();
    let mut listed: Vec<String> = targets::TARGETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    listed.sort();
    assert_eq!(bins, listed);
}
