//! Writing the cloud assembly directory: the only I/O of the synthesis crates.

use std::fs;
use std::path::{Path, PathBuf};

use super::manifest::CLOUD_ASSEMBLY_VERSION;
use super::CloudAssembly;
use crate::error::SynthError;

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SynthError + '_ {
    move |e| SynthError::Io {
        path: path.display().to_string(),
        cause: match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => e.to_string(),
        },
    }
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

impl CloudAssembly {
    /// Writes the assembly into `dir` (created if needed): one `<Stack>.template.json` per stack,
    /// `manifest.json`, `tree.json` and `cdk.out`. Template files of stacks no longer in the app
    /// are removed. Returns the files written.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<PathBuf>, SynthError> {
        if dir.exists() && !dir.is_dir() {
            return Err(SynthError::Io {
                path: dir.display().to_string(),
                cause: "it is not a directory (give -o a directory, new or existing)".into(),
            });
        }
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        let keep: Vec<&str> = self
            .stacks
            .iter()
            .map(|s| s.template_file.as_str())
            .collect();
        for entry in fs::read_dir(dir).map_err(io_error(dir))?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".template.json") && !keep.contains(&name.as_str()) {
                let path = entry.path();
                fs::remove_file(&path).map_err(io_error(&path))?;
            }
        }
        let mut written = Vec::new();
        let put = |name: &str, text: &str, written: &mut Vec<PathBuf>| -> Result<(), SynthError> {
            let path = dir.join(name);
            fs::write(&path, text).map_err(io_error(&path))?;
            written.push(path);
            Ok(())
        };
        for s in &self.stacks {
            put(&s.template_file, &s.template_json, &mut written)?;
            if !s.assets.is_empty() {
                put(
                    &s.asset_manifest_file(),
                    &pretty(&s.asset_manifest()),
                    &mut written,
                )?;
            }
            for a in &s.assets {
                let Some(file) = &a.file else { continue };
                let target = dir.join(a.assembly_file());
                if target.exists() {
                    continue; // content-addressed: the same name holds the same bytes
                }
                fs::copy(file, &target).map_err(io_error(file))?;
                written.push(target);
            }
        }
        put("manifest.json", &pretty(&self.manifest()), &mut written)?;
        put("tree.json", &self.tree_json, &mut written)?;
        put(
            "cdk.out",
            &pretty(&serde_json::json!({ "version": CLOUD_ASSEMBLY_VERSION })),
            &mut written,
        )?;
        Ok(written)
    }
}
