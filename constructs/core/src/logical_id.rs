//! Stable logical IDs from construct paths, the way AWS CDK computes them.
//!
//! A resource's logical ID depends only on its own path inside its stack: a readable part (the
//! path's ids with non-alphanumerics removed, `Resource` left out, repeated ids folded) followed by
//! the first 8 hex digits of the MD5 of the path. A resource directly under its stack keeps its
//! id as it is. Ids named `Default` are left out of the path entirely.

use md5::{Digest, Md5};

use crate::tree::store::Tree;

/// CloudFormation's limit on logical IDs.
pub const MAX_LOGICAL_ID_LEN: usize = 255;
const MAX_HUMAN_LEN: usize = 240;
const HIDDEN_ID: &str = "Default";
const HIDDEN_FROM_HUMAN_ID: &str = "Resource";

/// The logical ID for the path components below the stack.
///
/// ```
/// use cdk_core::logical_id::make_unique_id;
/// assert_eq!(make_unique_id(&["Table"]), "Table");
/// let id = make_unique_id(&["Poller", "Function", "Resource"]);
/// assert!(id.starts_with("PollerFunction") && id.len() == "PollerFunction".len() + 8);
/// ```
pub fn make_unique_id(components: &[&str]) -> String {
    let components: Vec<&str> = components
        .iter()
        .copied()
        .filter(|c| *c != HIDDEN_ID)
        .collect();
    if components.len() == 1 {
        let top = alphanumeric(components[0]);
        if !top.is_empty() && top.len() <= MAX_LOGICAL_ID_LEN {
            return top;
        }
    }
    let digest = Md5::digest(components.join("/").as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02X}")).collect();
    let mut human = String::new();
    let mut last: Option<&str> = None;
    for c in &components {
        let dupe = last.is_some_and(|l| l.ends_with(c));
        if !dupe {
            last = Some(c);
            if *c != HIDDEN_FROM_HUMAN_ID {
                human.push_str(&alphanumeric(c));
            }
        }
    }
    human.truncate(MAX_HUMAN_LEN);
    human + &hash
}

fn alphanumeric(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The logical ID of node `index`, from its path below its stack.
pub(crate) fn for_node(tree: &Tree, index: usize) -> String {
    let components = tree.components(index);
    let below_stack = match tree.stack_of(index) {
        Some(stack) => components.len() - tree.components(stack).len(),
        None => components.len(),
    };
    make_unique_id(&components[components.len() - below_stack..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_aws_cdk_for_known_paths() {
        // Logical IDs AWS CDK gives these constructs (`new s3.Bucket(stack, 'MyBucket')`, ...),
        // as they appear in its templates: pinned, not recomputed.
        assert_eq!(make_unique_id(&["MyBucket"]), "MyBucket");
        assert_eq!(
            make_unique_id(&["MyBucket", "Resource"]),
            "MyBucketF68F3FF0"
        );
        assert_eq!(
            make_unique_id(&["MyFunction", "Resource"]),
            "MyFunction3BAA72D1"
        );
        assert_eq!(
            make_unique_id(&["MyFunction", "ServiceRole", "Resource"]),
            "MyFunctionServiceRole3C357FF2"
        );
        assert_eq!(make_unique_id(&["MyQueue", "Resource"]), "MyQueueE6CA6235");
        assert_eq!(make_unique_id(&["MyTopic", "Resource"]), "MyTopic86869434");
    }

    #[test]
    fn default_is_hidden_and_dupes_fold() {
        assert_eq!(
            make_unique_id(&["Default"]),
            make_unique_id(&[]).to_string()
        );
        assert_eq!(make_unique_id(&["Table", "Default"]), "Table");
        let id = make_unique_id(&["Role", "Role", "Policy"]);
        assert!(id.starts_with("RolePolicy"), "{id}");
    }

    #[test]
    fn stable_and_distinct() {
        let a = make_unique_id(&["A", "B-C"]);
        assert_eq!(a, make_unique_id(&["A", "B-C"]));
        assert_ne!(a, make_unique_id(&["A", "BC"]));
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn long_paths_stay_within_limit() {
        let long = "x".repeat(400);
        let id = make_unique_id(&[&long, "y"]);
        assert_eq!(id.len(), MAX_HUMAN_LEN + 8);
        assert_eq!(make_unique_id(&[&long]).len(), MAX_HUMAN_LEN + 8);
    }
}
