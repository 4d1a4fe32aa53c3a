//! CloudFormation's limits on a template, checked at synthesis.

use crate::error::ValidationError;

/// At most this many resources in one stack.
pub const MAX_RESOURCES: usize = 500;
/// At most this many outputs in one stack.
pub const MAX_OUTPUTS: usize = 200;
/// The largest template CloudFormation accepts (uploaded to S3 and passed by URL).
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;
/// The largest template that can be passed inline as `TemplateBody`; larger ones need an upload.
pub const MAX_TEMPLATE_BODY_BYTES: usize = 51_200;

/// Checks the counts and the size of one stack's template.
pub(crate) fn check(
    stack_name: &str,
    resources: usize,
    outputs: usize,
    template_bytes: usize,
) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let mut err = |message: String| {
        errors.push(ValidationError {
            path: stack_name.to_string(),
            message,
        })
    };
    if resources > MAX_RESOURCES {
        err(format!(
            "stack has {resources} resources; CloudFormation allows at most {MAX_RESOURCES} per stack: split it into several stacks"
        ));
    }
    if outputs > MAX_OUTPUTS {
        err(format!(
            "stack has {outputs} outputs (exports included); CloudFormation allows at most {MAX_OUTPUTS} per stack"
        ));
    }
    if template_bytes > MAX_TEMPLATE_BYTES {
        err(format!(
            "template is {template_bytes} bytes; CloudFormation accepts at most {MAX_TEMPLATE_BYTES} bytes"
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_is_reported() {
        assert!(check("S", 500, 200, MAX_TEMPLATE_BYTES).is_empty());
        let errs = check("S", 501, 201, MAX_TEMPLATE_BYTES + 1);
        assert_eq!(errs.len(), 3);
        assert!(errs[0].message.contains("501 resources"));
        assert!(errs[1].message.contains("201 outputs"));
        assert!(errs[2].message.contains("bytes"));
        assert!(errs.iter().all(|e| e.path == "S"));
    }
}
