//! Deterministic zips: entries sorted, fixed timestamps, permissions only as executable or not,
//! so the same contents always give the same bytes.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::fingerprint::{files, is_executable};
use super::AssetError;

fn options(executable: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(if executable { 0o755 } else { 0o644 })
}

fn finish(writer: ZipWriter<std::fs::File>, to: &Path) -> Result<(), AssetError> {
    writer
        .finish()
        .map(|_| ())
        .map_err(|e| AssetError::io(to, e))
}

/// A temporary name beside `to`, unique to this process and thread: preparations of the same
/// asset running at once (two apps synthesizing, tests in parallel) never rename each other's.
fn partial_path(to: &Path) -> std::path::PathBuf {
    let (process, thread) = (std::process::id(), std::thread::current().id());
    to.with_extension(format!("zip.{process}.{thread:?}.partial"))
}

/// Zips every file beneath `dir` into `to` (written through a temporary name, so that a
/// half-written zip is never taken for a prepared one).
pub(crate) fn zip_directory(dir: &Path, to: &Path) -> Result<(), AssetError> {
    let partial = partial_path(to);
    let file = std::fs::File::create(&partial).map_err(|e| AssetError::io(&partial, e))?;
    let mut writer = ZipWriter::new(file);
    for rel in files(dir)? {
        let path = dir.join(&rel);
        let name = rel.to_string_lossy().replace('\\', "/");
        writer
            .start_file(name, options(is_executable(&path)))
            .map_err(|e| AssetError::io(&partial, e))?;
        let bytes = std::fs::read(&path).map_err(|e| AssetError::io(&path, e))?;
        writer
            .write_all(&bytes)
            .map_err(|e| AssetError::io(&partial, e))?;
    }
    finish(writer, &partial)?;
    std::fs::rename(&partial, to).map_err(|e| AssetError::io(to, e))
}

/// Zips one executable as `bootstrap` (a Lambda custom runtime's entry point).
pub(crate) fn zip_bootstrap(binary: &Path, to: &Path) -> Result<(), AssetError> {
    let partial = partial_path(to);
    let file = std::fs::File::create(&partial).map_err(|e| AssetError::io(&partial, e))?;
    let mut writer = ZipWriter::new(file);
    writer
        .start_file("bootstrap", options(true))
        .map_err(|e| AssetError::io(&partial, e))?;
    let bytes = std::fs::read(binary).map_err(|e| AssetError::io(binary, e))?;
    writer
        .write_all(&bytes)
        .map_err(|e| AssetError::io(&partial, e))?;
    finish(writer, &partial)?;
    std::fs::rename(&partial, to).map_err(|e| AssetError::io(to, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_contents_zip_to_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("lib")).unwrap();
        std::fs::write(src.join("index.py"), "def handler(e, c): return e\n").unwrap();
        std::fs::write(src.join("lib/util.py"), "X = 1\n").unwrap();
        zip_directory(&src, &dir.path().join("a.zip")).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        std::fs::write(src.join("index.py"), "def handler(e, c): return e\n").unwrap();
        zip_directory(&src, &dir.path().join("b.zip")).unwrap();
        let a = std::fs::read(dir.path().join("a.zip")).unwrap();
        assert_eq!(a, std::fs::read(dir.path().join("b.zip")).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["index.py", "lib/util.py"]);
    }
}
