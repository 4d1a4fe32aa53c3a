//! Writing the cloud assembly: errors name the path and the cause once.

use cdk_core::{App, CfnResource, Stack};

#[test]
fn writing_to_a_file_says_it_is_not_a_directory_once() {
    let app = App::new();
    let stack = Stack::new(&app, "S").unwrap();
    CfnResource::new(&stack, "Topic", "AWS::SNS::Topic").unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    let err = app.synth().unwrap().write_to(file.path()).unwrap_err();
    let shown = format!("{:#}", anyhow_like(&err));
    assert_eq!(shown.matches("not a directory").count(), 1, "{shown}");
    assert!(
        shown.contains(&file.path().display().to_string()),
        "{shown}"
    );
    assert!(
        std::error::Error::source(&err).is_none(),
        "the cause is not repeated as a source"
    );
}

/// What a binary's `{:#}` prints: the error and its sources.
fn anyhow_like(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(&format!(": {s}"));
        cur = s.source();
    }
    out
}
