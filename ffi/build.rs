//! Linker arguments for the shared library on ELF targets: the exported symbols are restricted
//! to `sigma_*` (see `sigma_auth.map`), and the library gets a SONAME, `libsigma_auth.so.0.<minor>`
//! while the version is 0.x (a 0.x minor release may break the ABI) and `libsigma_auth.so.<major>`
//! from 1.0 on, the convention of cargo-c. `scripts/install-c` installs it under that name.
//! Programs linked against the build tree (`-L target/release -lsigma_auth`) record the SONAME,
//! so a link by that name to `libsigma_auth.so` is made next to it in the profile directory.

fn main() {
    println!("cargo:rerun-if-changed=sigma_auth.map");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={dir}/sigma_auth.map");
        let soname = soname();
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
        link_soname_in_profile_dir(&soname);
    }
}

/// Makes `<profile dir>/<soname>` a symbolic link to the `libsigma_auth.so` that cargo writes
/// there, so that a program linked against the build tree finds the library by its SONAME.
/// Best effort: when the directory is not where cargo's layout puts it, or the link cannot be
/// made, the build goes on with a warning.
fn link_soname_in_profile_dir(soname: &str) {
    let Ok(out_dir) = std::env::var("OUT_DIR") else {
        return;
    };
    // OUT_DIR is <profile dir>/build/<package>-<hash>/out.
    let mut up = std::path::Path::new(&out_dir).ancestors();
    let (build, profile) = (up.nth(2), up.next());
    let (Some(build), Some(profile)) = (build, profile) else {
        return;
    };
    if build.file_name() != Some(std::ffi::OsStr::new("build")) {
        return;
    }
    let link = profile.join(soname);
    if std::fs::symlink_metadata(&link).is_ok() {
        return;
    }
    #[cfg(unix)]
    if let Err(e) = std::os::unix::fs::symlink("libsigma_auth.so", &link) {
        println!(
            "cargo:warning=could not link {} to libsigma_auth.so: {e}",
            link.display()
        );
    }
}

/// The SONAME for this package version: `libsigma_auth.so.0.<minor>` before 1.0, else
/// `libsigma_auth.so.<major>`.
fn soname() -> String {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_else(|_| "0".into());
    if major == "0" {
        format!("libsigma_auth.so.0.{minor}")
    } else {
        format!("libsigma_auth.so.{major}")
    }
}
