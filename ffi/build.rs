//! Restricts the symbols exported by the shared library to `sigma_*` on ELF targets (see
//! `sigma_auth.map`).

fn main() {
    println!("cargo:rerun-if-changed=sigma_auth.map");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={dir}/sigma_auth.map");
    }
}
