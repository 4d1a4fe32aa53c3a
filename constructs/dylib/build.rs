//! Link flags for the shared library: calls between its own crates bound at link time
//! (`-Bsymbolic-functions`) instead of looked up by the dynamic loader at every start, which
//! otherwise resolves hundreds of thousands of symbols before `main` (70 ms of a 140 ms synth).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-link-arg=-Wl,-Bsymbolic-functions");
}
