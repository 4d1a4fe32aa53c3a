//! Reading a cloud assembly directory written by `synth`: `manifest.json` and the templates it
//! names. A directory that is not a cloud assembly, or one written for another major version of
//! the cloud assembly schema, is refused with what to do.

use std::path::Path;

use cdk_core::assembly::CLOUD_ASSEMBLY_VERSION;
use cdk_core::names::manifest as m;
use cdk_core::Environment;
use indexmap::IndexMap;
use serde_json::Value;

use super::{Assembly, AssemblyStack};
use crate::error::ToolkitError;

fn refuse(path: &Path, problem: impl Into<String>) -> ToolkitError {
    ToolkitError::Assembly {
        path: path.to_path_buf(),
        problem: problem.into(),
    }
}

fn major(version: &str) -> Option<u64> {
    version.split('.').next()?.parse().ok()
}

/// Reads the stacks of the cloud assembly in `dir`.
pub fn read(dir: &Path) -> Result<Assembly, ToolkitError> {
    if !dir.is_dir() {
        return Err(refuse(
            dir,
            "not a cloud assembly: there is no such directory (write one with `synth`)",
        ));
    }
    let manifest_path = dir.join(m::FILE);
    let text = match std::fs::read_to_string(&manifest_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(refuse(
                dir,
                format!(
                    "not a cloud assembly: it has no {} (write one with `synth`)",
                    m::FILE
                ),
            ))
        }
        Err(e) => return Err(refuse(&manifest_path, format!("cannot be read: {e}"))),
    };
    let manifest: Value = serde_json::from_str(&text).map_err(|e| {
        refuse(
            &manifest_path,
            format!(
                "not a cloud assembly manifest: malformed JSON at line {}, column {}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let ours = major(CLOUD_ASSEMBLY_VERSION);
    match manifest[m::VERSION].as_str() {
        Some(v) if major(v).is_some() && major(v) == ours => {}
        Some(v) => {
            return Err(refuse(
                dir,
                format!(
                    "it was written for version {v} of the cloud assembly schema and this toolkit reads version {CLOUD_ASSEMBLY_VERSION} (the same major version): synthesize it again with this toolkit"
                ),
            ))
        }
        None => {
            return Err(refuse(
                &manifest_path,
                format!(
                    "not a cloud assembly manifest: it has no \"{}\"",
                    m::VERSION
                ),
            ))
        }
    }
    let Some(artifacts) = manifest[m::ARTIFACTS].as_object() else {
        return Err(refuse(
            &manifest_path,
            format!(
                "not a cloud assembly manifest: it has no \"{}\"",
                m::ARTIFACTS
            ),
        ));
    };
    let mut stacks = Vec::new();
    for (id, artifact) in artifacts {
        if artifact[m::TYPE] != m::STACK_ARTIFACT_TYPE {
            continue;
        }
        stacks.push(stack(dir, &manifest_path, id, artifact)?);
    }
    if stacks.is_empty() {
        return Err(refuse(&manifest_path, "the assembly holds no stack"));
    }
    Ok(Assembly::new(stacks))
}

fn stack(
    dir: &Path,
    manifest_path: &Path,
    id: &str,
    artifact: &Value,
) -> Result<AssemblyStack, ToolkitError> {
    let props = &artifact[m::PROPERTIES];
    let field = |key: &str| {
        props[key].as_str().map(str::to_string).ok_or_else(|| {
            refuse(
                manifest_path,
                format!("stack artifact {id} has no \"{}.{key}\"", m::PROPERTIES),
            )
        })
    };
    let template_file = field(m::TEMPLATE_FILE)?;
    let stack_name = props[m::STACK_NAME].as_str().unwrap_or(id).to_string();
    let template_path = dir.join(&template_file);
    let template_json = std::fs::read_to_string(&template_path).map_err(|e| {
        refuse(
            &template_path,
            format!("the template of stack {stack_name} cannot be read: {e}"),
        )
    })?;
    if let Err(e) = serde_json::from_str::<Value>(&template_json) {
        return Err(ToolkitError::BadTemplate {
            stack: stack_name,
            what: "synthesized",
            message: format!(
                "{} at line {}, column {}",
                template_path.display(),
                e.line(),
                e.column()
            ),
        });
    }
    let mut s = AssemblyStack::new(id, stack_name, template_json);
    s.template_file = template_file;
    if let Some(path) = artifact[m::DISPLAY_NAME].as_str() {
        s.construct_path = path.to_string();
    }
    s.dependencies = artifact[m::DEPENDENCIES]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    s.tags = props[m::TAGS]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect::<IndexMap<_, _>>();
    s.termination_protection = props[m::TERMINATION_PROTECTION] == true;
    s.assets = assets(dir, &s.artifact_id)?;
    s.environment = match artifact[m::ENVIRONMENT].as_str() {
        None => Environment::agnostic(),
        Some(text) => environment(text).map_err(|problem| {
            refuse(
                manifest_path,
                format!("stack artifact {id} has the environment {text:?}: {problem}"),
            )
        })?,
    };
    Ok(s)
}

/// The stack's assets, from `<artifact>.assets.json` beside the templates (none when there is
/// no such file): each file AWS CDK's asset manifest names, with its object key, and the file
/// beside it if it was built.
fn assets(dir: &Path, artifact_id: &str) -> Result<Vec<super::AssemblyAsset>, ToolkitError> {
    let path = dir.join(format!("{artifact_id}.assets.json"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(refuse(&path, format!("cannot be read: {e}"))),
    };
    let manifest: Value = serde_json::from_str(&text).map_err(|e| {
        refuse(
            &path,
            format!("malformed JSON at line {}, column {}", e.line(), e.column()),
        )
    })?;
    let mut out = Vec::new();
    for (hash, entry) in manifest["files"].as_object().into_iter().flatten() {
        let key = entry["destinations"]
            .as_object()
            .and_then(|d| d.values().next())
            .and_then(|d| d["objectKey"].as_str())
            .map_or_else(|| format!("{hash}.zip"), str::to_string);
        let file = entry["source"]["path"]
            .as_str()
            .map(|p| dir.join(p))
            .filter(|p| p.is_file());
        out.push(super::AssemblyAsset {
            path: entry["displayName"].as_str().unwrap_or(hash).to_string(),
            key,
            file,
        });
    }
    Ok(out)
}

/// An environment as the cloud assembly writes it: `aws://account/region`, with
/// `unknown-account` and `unknown-region` where the stack does not fix them.
pub(crate) fn environment(text: &str) -> Result<Environment, String> {
    let shape = "expected aws://ACCOUNT/REGION";
    let rest = text.strip_prefix("aws://").ok_or(shape)?;
    let (account, region) = rest.split_once('/').ok_or(shape)?;
    let fixed = |v: &str, unknown: &str| (v != unknown).then(|| v.to_string());
    let env = Environment {
        account: fixed(account, "unknown-account"),
        region: fixed(region, "unknown-region"),
    };
    match env.problems().first() {
        Some(p) => Err(p.clone()),
        None => Ok(env),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdk_core::{App, CfnResource, Stack, StackProps};

    fn written() -> (tempfile::TempDir, cdk_core::CloudAssembly) {
        let app = App::new();
        let data = Stack::with_props(
            &app,
            "Data",
            StackProps {
                termination_protection: true,
                ..StackProps::default()
                    .tag("team", "bots")
                    .env(cdk_core::Environment::new("123456789012", "eu-west-1"))
            },
        )
        .unwrap();
        let table = CfnResource::new(&data, "Table", "AWS::DynamoDB::Table").unwrap();
        // A stack of another environment cannot reference Data: Bot depends on it explicitly.
        let bot = Stack::new(&app, "Bot").unwrap();
        CfnResource::new(&bot, "Topic", "AWS::SNS::Topic").unwrap();
        bot.add_dependency(&data);
        let _ = table;
        let assembly = app.synth().unwrap();
        let dir = tempfile::tempdir().unwrap();
        assembly.write_to(dir.path()).unwrap();
        (dir, assembly)
    }

    #[test]
    fn an_assembly_reads_back_as_it_was_synthesized() {
        let (dir, synthesized) = written();
        let read = read(dir.path()).unwrap();
        let from_app = Assembly::from(&synthesized);
        assert_eq!(read.stacks().len(), 2);
        for s in from_app.stacks() {
            let r = read.stack(&s.stack_name).unwrap();
            assert_eq!(r.artifact_id, s.artifact_id);
            assert_eq!(r.template(), s.template());
            assert_eq!(r.dependencies, s.dependencies);
            assert_eq!(r.tags, s.tags);
            assert_eq!(r.termination_protection, s.termination_protection);
            assert_eq!(r.construct_path, s.construct_path);
            assert_eq!(r.requires_upload, s.requires_upload);
            assert_eq!(r.environment, s.environment);
        }
        assert_eq!(
            read.stack("Data").unwrap().environment,
            cdk_core::Environment::new("123456789012", "eu-west-1")
        );
        assert_eq!(
            read.stack("Bot").unwrap().environment,
            cdk_core::Environment::agnostic()
        );
        assert!(read.stack("Data").unwrap().termination_protection);
        let order: Vec<&str> = read
            .deployment_order()
            .iter()
            .map(|s| s.stack_name.as_str())
            .collect();
        assert_eq!(order, ["Data", "Bot"]);
    }

    #[test]
    fn environments_read_as_written_and_malformed_ones_are_refused() {
        assert_eq!(
            environment("aws://unknown-account/unknown-region").unwrap(),
            cdk_core::Environment::agnostic()
        );
        assert_eq!(
            environment("aws://unknown-account/eu-west-1").unwrap(),
            cdk_core::Environment::region("eu-west-1")
        );
        assert!(environment("eu-west-1")
            .unwrap_err()
            .contains("aws://ACCOUNT/REGION"));
        assert!(environment("aws://12/eu-west-1")
            .unwrap_err()
            .contains("12-digit"));
        let (dir, _) = written();
        let path = dir.path().join("manifest.json");
        let mut manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        manifest["artifacts"]["Data"]["environment"] = "aws://123456789012/Europe".into();
        std::fs::write(&path, manifest.to_string()).unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("stack artifact Data has the environment \"aws://123456789012/Europe\": \"Europe\" is not an AWS region name"),
            "{err}"
        );
    }

    #[test]
    fn a_directory_that_is_not_an_assembly_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(
            err.ends_with("not a cloud assembly: it has no manifest.json (write one with `synth`)"),
            "{err}"
        );
        let err = read(&dir.path().join("nope")).unwrap_err().to_string();
        assert!(err.contains("there is no such directory"), "{err}");
        std::fs::write(dir.path().join("manifest.json"), "{\"version\": ").unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("malformed JSON at line 1"), "{err}");
    }

    #[test]
    fn an_assembly_of_another_schema_version_is_refused() {
        let (dir, _) = written();
        let path = dir.path().join("manifest.json");
        let mut manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        manifest["version"] = "21.0.0".into();
        std::fs::write(&path, manifest.to_string()).unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("it was written for version 21.0.0 of the cloud assembly schema and this toolkit reads version 36.0.0"),
            "{err}"
        );
        // A missing template names the stack and the file.
        manifest["version"] = CLOUD_ASSEMBLY_VERSION.into();
        std::fs::write(&path, manifest.to_string()).unwrap();
        std::fs::remove_file(dir.path().join("Bot.template.json")).unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("Bot.template.json: the template of stack Bot cannot be read"),
            "{err}"
        );
    }
}
