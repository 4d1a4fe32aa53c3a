//! Content hashes: SHA-256 over what an asset holds (relative paths, bytes, the executable
//! bit), never over times or the machine it is on.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::AssetError;

/// Every file beneath `dir` (sorted, relative), skipping `target/` and hidden entries.
pub(crate) fn files(dir: &Path) -> Result<Vec<PathBuf>, AssetError> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| AssetError::io(&d, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| AssetError::io(&d, e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| AssetError::io(&path, e))?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                out.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

pub(crate) fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

pub(crate) fn feed_file(hasher: &mut Sha256, path: &Path) -> Result<(), AssetError> {
    let mut f = std::fs::File::open(path).map_err(|e| AssetError::io(path, e))?;
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| AssetError::io(path, e))?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buf[..n]);
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of a directory's contents.
pub fn hash_directory(dir: &Path) -> Result<String, AssetError> {
    if !dir.is_dir() {
        return Err(AssetError::io(
            dir,
            "not a directory (an asset directory must exist)",
        ));
    }
    let mut hasher = Sha256::new();
    feed_directory(&mut hasher, dir)?;
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn feed_directory(hasher: &mut Sha256, dir: &Path) -> Result<(), AssetError> {
    for rel in files(dir)? {
        let path = dir.join(&rel);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0, u8::from(is_executable(&path))]);
        feed_file(hasher, &path)?;
        hasher.update([0xff]);
    }
    Ok(())
}

/// The hash of one file's bytes.
pub fn hash_file(path: &Path) -> Result<String, AssetError> {
    if !path.is_file() {
        return Err(AssetError::io(path, "no such file"));
    }
    let mut hasher = Sha256::new();
    feed_file(&mut hasher, path)?;
    Ok(hex(&hasher.finalize()))
}

/// A hash of several parts (for Rust functions: their sources, the lock file, the toolchain).
pub(crate) fn hash_parts(
    parts: impl FnOnce(&mut Sha256) -> Result<(), AssetError>,
) -> Result<String, AssetError> {
    let mut hasher = Sha256::new();
    parts(&mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_change_the_hash_and_times_do_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "one").unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "two").unwrap();
        std::fs::create_dir(dir.path().join("target")).unwrap();
        std::fs::write(dir.path().join("target/ignored"), "x").unwrap();
        let first = hash_directory(dir.path()).unwrap();
        // Rewriting the same bytes (a new mtime) or adding to target/ changes nothing.
        std::fs::write(dir.path().join("a.txt"), "one").unwrap();
        std::fs::write(dir.path().join("target/other"), "y").unwrap();
        assert_eq!(hash_directory(dir.path()).unwrap(), first);
        std::fs::write(dir.path().join("sub/b.txt"), "two!").unwrap();
        assert_ne!(hash_directory(dir.path()).unwrap(), first);
        std::fs::write(dir.path().join("sub/b.txt"), "two").unwrap();
        std::fs::rename(dir.path().join("a.txt"), dir.path().join("c.txt")).unwrap();
        assert_ne!(
            hash_directory(dir.path()).unwrap(),
            first,
            "a rename changes it"
        );
        assert!(hash_directory(&dir.path().join("nope")).is_err());
    }
}
