//! What a status means: the one place where CloudFormation's stack, resource and change set
//! statuses are named and decided. Everywhere else holds them typed and asks these rules.

use std::fmt;

macro_rules! statuses {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A status this toolkit does not know (a newer one), as CloudFormation wrote it.
            Unknown(String),
        }

        impl $name {
            /// Every status this toolkit knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)*];

            /// The status as CloudFormation writes it (`CREATE_COMPLETE`).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Unknown(s) => s,
                }
            }

            /// Reads a status as CloudFormation writes it.
            pub fn parse(s: &str) -> $name {
                match s {
                    $($text => $name::$variant,)*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

statuses! {
    /// The status of a stack.
    StackStatus {
        /// Being created.
        CreateInProgress = "CREATE_IN_PROGRESS",
        /// Created.
        CreateComplete = "CREATE_COMPLETE",
        /// The create failed (rollback disabled).
        CreateFailed = "CREATE_FAILED",
        /// A failed create is being rolled back.
        RollbackInProgress = "ROLLBACK_IN_PROGRESS",
        /// A failed create was rolled back: the stack holds nothing and can only be deleted.
        RollbackComplete = "ROLLBACK_COMPLETE",
        /// Rolling back a failed create failed.
        RollbackFailed = "ROLLBACK_FAILED",
        /// Being deleted.
        DeleteInProgress = "DELETE_IN_PROGRESS",
        /// Deleted.
        DeleteComplete = "DELETE_COMPLETE",
        /// The delete failed.
        DeleteFailed = "DELETE_FAILED",
        /// Being updated.
        UpdateInProgress = "UPDATE_IN_PROGRESS",
        /// Updated; old resources are being removed.
        UpdateCompleteCleanupInProgress = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
        /// Updated.
        UpdateComplete = "UPDATE_COMPLETE",
        /// The update failed (rollback disabled).
        UpdateFailed = "UPDATE_FAILED",
        /// A failed update is being rolled back.
        UpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS",
        /// Rolled back; new resources are being removed.
        UpdateRollbackCompleteCleanupInProgress = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
        /// A failed update was rolled back: the stack is as before.
        UpdateRollbackComplete = "UPDATE_ROLLBACK_COMPLETE",
        /// Rolling back a failed update failed: the stack needs `continue-update-rollback`.
        UpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED",
        /// Made by a change set that was never executed.
        ReviewInProgress = "REVIEW_IN_PROGRESS",
        /// Resources are being imported.
        ImportInProgress = "IMPORT_IN_PROGRESS",
        /// Resources were imported.
        ImportComplete = "IMPORT_COMPLETE",
        /// A failed import is being rolled back.
        ImportRollbackInProgress = "IMPORT_ROLLBACK_IN_PROGRESS",
        /// Rolling back a failed import failed.
        ImportRollbackFailed = "IMPORT_ROLLBACK_FAILED",
        /// A failed import was rolled back.
        ImportRollbackComplete = "IMPORT_ROLLBACK_COMPLETE",
    }
}

statuses! {
    /// The status in a stack event or of a stack's resource. Events about the stack itself
    /// carry stack statuses, so every stack status is here too.
    ResourceStatus {
        /// Being created.
        CreateInProgress = "CREATE_IN_PROGRESS",
        /// Created.
        CreateComplete = "CREATE_COMPLETE",
        /// Its create failed.
        CreateFailed = "CREATE_FAILED",
        /// Being deleted.
        DeleteInProgress = "DELETE_IN_PROGRESS",
        /// Deleted.
        DeleteComplete = "DELETE_COMPLETE",
        /// Its delete failed.
        DeleteFailed = "DELETE_FAILED",
        /// Not deleted (its policy is Retain).
        DeleteSkipped = "DELETE_SKIPPED",
        /// Being exported (to another stack, by a stack refactor).
        ExportInProgress = "EXPORT_IN_PROGRESS",
        /// Exported.
        ExportComplete = "EXPORT_COMPLETE",
        /// Its export failed.
        ExportFailed = "EXPORT_FAILED",
        /// An export is being rolled back.
        ExportRollbackInProgress = "EXPORT_ROLLBACK_IN_PROGRESS",
        /// An export was rolled back.
        ExportRollbackComplete = "EXPORT_ROLLBACK_COMPLETE",
        /// Rolling back an export failed.
        ExportRollbackFailed = "EXPORT_ROLLBACK_FAILED",
        /// Being updated.
        UpdateInProgress = "UPDATE_IN_PROGRESS",
        /// Updated.
        UpdateComplete = "UPDATE_COMPLETE",
        /// Its update failed.
        UpdateFailed = "UPDATE_FAILED",
        /// Being imported.
        ImportInProgress = "IMPORT_IN_PROGRESS",
        /// Imported.
        ImportComplete = "IMPORT_COMPLETE",
        /// Its import failed.
        ImportFailed = "IMPORT_FAILED",
        /// An import is being rolled back.
        ImportRollbackInProgress = "IMPORT_ROLLBACK_IN_PROGRESS",
        /// An import was rolled back.
        ImportRollbackComplete = "IMPORT_ROLLBACK_COMPLETE",
        /// Rolling back an import failed.
        ImportRollbackFailed = "IMPORT_ROLLBACK_FAILED",
        /// A failed update is being rolled back.
        UpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS",
        /// A failed update was rolled back.
        UpdateRollbackComplete = "UPDATE_ROLLBACK_COMPLETE",
        /// Rolling back an update failed.
        UpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED",
        /// A failed create is being rolled back.
        RollbackInProgress = "ROLLBACK_IN_PROGRESS",
        /// A failed create was rolled back.
        RollbackComplete = "ROLLBACK_COMPLETE",
        /// Rolling back a create failed.
        RollbackFailed = "ROLLBACK_FAILED",
        /// (Stack events) updated; old resources are being removed.
        UpdateCompleteCleanupInProgress = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
        /// (Stack events) rolled back; new resources are being removed.
        UpdateRollbackCompleteCleanupInProgress = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
        /// (Stack events) made by a change set that was never executed.
        ReviewInProgress = "REVIEW_IN_PROGRESS",
    }
}

statuses! {
    /// The status of a change set.
    ChangeSetStatus {
        /// Waiting to be computed.
        CreatePending = "CREATE_PENDING",
        /// Being computed.
        CreateInProgress = "CREATE_IN_PROGRESS",
        /// Computed: it can be executed.
        CreateComplete = "CREATE_COMPLETE",
        /// Being deleted.
        DeletePending = "DELETE_PENDING",
        /// Being deleted.
        DeleteInProgress = "DELETE_IN_PROGRESS",
        /// Deleted.
        DeleteComplete = "DELETE_COMPLETE",
        /// Deleting it failed.
        DeleteFailed = "DELETE_FAILED",
        /// It could not be computed (or holds no change).
        Failed = "FAILED",
    }
}

statuses! {
    /// Whether a change set can be executed, is being executed, or was.
    ChangeSetExecution {
        /// Not yet computed, or it cannot be executed.
        Unavailable = "UNAVAILABLE",
        /// Computed and ready to execute.
        Available = "AVAILABLE",
        /// Being executed.
        ExecuteInProgress = "EXECUTE_IN_PROGRESS",
        /// Executed.
        ExecuteComplete = "EXECUTE_COMPLETE",
        /// Its execution failed.
        ExecuteFailed = "EXECUTE_FAILED",
        /// Another operation changed the stack since it was computed.
        Obsolete = "OBSOLETE",
    }
}

statuses! {
    /// Where a drift detection of a stack is.
    DriftDetectionStatus {
        /// Still checking the stack's resources.
        DetectionInProgress = "DETECTION_IN_PROGRESS",
        /// Every resource that supports drift detection was checked.
        DetectionComplete = "DETECTION_COMPLETE",
        /// Some resources could not be checked (the reason says which); the others were.
        DetectionFailed = "DETECTION_FAILED",
    }
}

statuses! {
    /// Whether a stack differs from its template (its resources changed outside
    /// CloudFormation).
    StackDriftStatus {
        /// Some resources differ from the template.
        Drifted = "DRIFTED",
        /// Every resource checked matches the template.
        InSync = "IN_SYNC",
        /// Never checked.
        NotChecked = "NOT_CHECKED",
        /// CloudFormation could not tell.
        Undetermined = "UNKNOWN",
    }
}

statuses! {
    /// Whether one resource differs from its template.
    ResourceDriftStatus {
        /// Its properties differ from the template.
        Modified = "MODIFIED",
        /// It was deleted outside CloudFormation.
        Deleted = "DELETED",
        /// It matches the template.
        InSync = "IN_SYNC",
        /// Not checked.
        NotChecked = "NOT_CHECKED",
        /// Its type does not support drift detection.
        Unsupported = "UNSUPPORTED",
        /// CloudFormation could not tell.
        Undetermined = "UNKNOWN",
    }
}

statuses! {
    /// How one property of a drifted resource differs.
    PropertyDifferenceType {
        /// Set on the resource, not in the template.
        Add = "ADD",
        /// In the template, not set on the resource.
        Remove = "REMOVE",
        /// Set to another value.
        NotEqual = "NOT_EQUAL",
    }
}

impl ChangeSetExecution {
    /// The change set is being executed, or can be: someone may execute it.
    pub fn may_run(&self) -> bool {
        use ChangeSetExecution::*;
        match self {
            Available | ExecuteInProgress => true,
            Unavailable | ExecuteComplete | ExecuteFailed | Obsolete => false,
            Unknown(_) => false,
        }
    }
}

impl DriftDetectionStatus {
    /// Still checking.
    pub fn is_in_progress(&self) -> bool {
        use DriftDetectionStatus::*;
        match self {
            DetectionInProgress => true,
            DetectionComplete | DetectionFailed => false,
            Unknown(s) => s.ends_with("_IN_PROGRESS"),
        }
    }

    /// Some resources could not be checked.
    pub fn is_failed(&self) -> bool {
        *self == DriftDetectionStatus::DetectionFailed
    }
}

impl StackDriftStatus {
    /// Some resources differ from the template.
    pub fn is_drifted(&self) -> bool {
        *self == StackDriftStatus::Drifted
    }
}

impl ResourceDriftStatus {
    /// The resource differs from its template (changed or deleted).
    pub fn is_drifted(&self) -> bool {
        use ResourceDriftStatus::*;
        match self {
            Modified | Deleted => true,
            InSync | NotChecked | Unsupported | Undetermined => false,
            Unknown(_) => false,
        }
    }

    /// The drifted statuses, as DescribeStackResourceDrifts filters them.
    pub const DRIFTED: &'static [ResourceDriftStatus] =
        &[ResourceDriftStatus::Modified, ResourceDriftStatus::Deleted];
}

impl StackStatus {
    /// An operation is running on the stack. (`REVIEW_IN_PROGRESS`, a change set under review,
    /// is not an operation.)
    pub fn is_in_progress(&self) -> bool {
        use StackStatus::*;
        match self {
            CreateInProgress
            | RollbackInProgress
            | DeleteInProgress
            | UpdateInProgress
            | UpdateCompleteCleanupInProgress
            | UpdateRollbackInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | ImportInProgress
            | ImportRollbackInProgress => true,
            CreateComplete
            | CreateFailed
            | RollbackComplete
            | RollbackFailed
            | DeleteComplete
            | DeleteFailed
            | UpdateComplete
            | UpdateFailed
            | UpdateRollbackComplete
            | UpdateRollbackFailed
            | ReviewInProgress
            | ImportComplete
            | ImportRollbackFailed
            | ImportRollbackComplete => false,
            Unknown(s) => s.ends_with("_IN_PROGRESS"),
        }
    }

    /// The stack was made by a CREATE change set that has not been executed yet: a deploy may
    /// be about to execute it, or one that stopped left it behind.
    pub fn is_under_review(&self) -> bool {
        *self == StackStatus::ReviewInProgress
    }

    /// No operation is running: the stack can be read, changed or deleted.
    pub fn is_settled(&self) -> bool {
        !self.is_in_progress()
    }

    /// The last operation succeeded in what it was asked (create, update or import).
    pub fn is_deploy_success(&self) -> bool {
        matches!(
            self,
            StackStatus::CreateComplete | StackStatus::UpdateComplete | StackStatus::ImportComplete
        )
    }

    /// The last operation failed (whether or not it was rolled back).
    pub fn is_failure(&self) -> bool {
        use StackStatus::*;
        match self {
            CreateFailed
            | RollbackInProgress
            | RollbackComplete
            | RollbackFailed
            | DeleteFailed
            | UpdateFailed
            | UpdateRollbackInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | UpdateRollbackComplete
            | UpdateRollbackFailed
            | ImportRollbackInProgress
            | ImportRollbackFailed
            | ImportRollbackComplete => true,
            CreateInProgress
            | CreateComplete
            | DeleteInProgress
            | DeleteComplete
            | UpdateInProgress
            | UpdateCompleteCleanupInProgress
            | UpdateComplete
            | ReviewInProgress
            | ImportInProgress
            | ImportComplete => false,
            Unknown(s) => s.contains("FAILED") || s.contains("ROLLBACK"),
        }
    }

    /// The stack is gone.
    pub fn is_deleted(&self) -> bool {
        *self == StackStatus::DeleteComplete
    }

    /// The stack never held a deployed template: a first create that failed and was rolled
    /// back, or a stack made by a change set that was never executed. A deploy deletes it and
    /// creates it again.
    pub fn needs_recreate(&self) -> bool {
        use StackStatus::*;
        match self {
            RollbackComplete | RollbackFailed | ReviewInProgress => true,
            CreateInProgress
            | CreateComplete
            | CreateFailed
            | RollbackInProgress
            | DeleteInProgress
            | DeleteComplete
            | DeleteFailed
            | UpdateInProgress
            | UpdateCompleteCleanupInProgress
            | UpdateComplete
            | UpdateFailed
            | UpdateRollbackInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | UpdateRollbackComplete
            | UpdateRollbackFailed
            | ImportInProgress
            | ImportComplete
            | ImportRollbackInProgress
            | ImportRollbackFailed
            | ImportRollbackComplete => false,
            Unknown(_) => false,
        }
    }

    /// The stack holds a deployed template worth comparing with the synthesized one.
    pub fn has_deployed_template(&self) -> bool {
        use StackStatus::*;
        match self {
            UpdateInProgress
            | UpdateCompleteCleanupInProgress
            | UpdateComplete
            | UpdateFailed
            | UpdateRollbackInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | UpdateRollbackComplete
            | UpdateRollbackFailed
            | CreateComplete
            | ImportInProgress
            | ImportComplete
            | ImportRollbackInProgress
            | ImportRollbackFailed
            | ImportRollbackComplete => true,
            CreateInProgress | CreateFailed | RollbackInProgress | RollbackComplete
            | RollbackFailed | DeleteInProgress | DeleteComplete | DeleteFailed
            | ReviewInProgress => false,
            Unknown(_) => false,
        }
    }

    /// The stack cannot be deployed until someone acts, and what to do: `None` when a deploy
    /// can go ahead.
    pub fn blocked_deploy_fix(&self, stack: &str) -> Option<String> {
        use StackStatus::*;
        match self {
            UpdateRollbackFailed => Some(format!(
                "run `aws cloudformation continue-update-rollback --stack-name {stack}` and deploy again"
            )),
            DeleteFailed => Some("destroy it again once the cause is fixed".to_string()),
            CreateInProgress | CreateComplete | CreateFailed | RollbackInProgress
            | RollbackComplete | RollbackFailed | DeleteInProgress | DeleteComplete
            | UpdateInProgress | UpdateCompleteCleanupInProgress | UpdateComplete
            | UpdateFailed | UpdateRollbackInProgress | UpdateRollbackCompleteCleanupInProgress
            | UpdateRollbackComplete | ReviewInProgress | ImportInProgress | ImportComplete
            | ImportRollbackInProgress | ImportRollbackFailed | ImportRollbackComplete
            | Unknown(_) => None,
        }
    }
}

impl ResourceStatus {
    /// The resource's operation failed.
    pub fn is_failure(&self) -> bool {
        use ResourceStatus::*;
        match self {
            CreateFailed | DeleteFailed | UpdateFailed | ImportFailed | ImportRollbackFailed
            | UpdateRollbackFailed | RollbackFailed | ExportFailed | ExportRollbackFailed => true,
            CreateInProgress
            | CreateComplete
            | DeleteInProgress
            | DeleteComplete
            | DeleteSkipped
            | UpdateInProgress
            | UpdateComplete
            | ImportInProgress
            | ImportComplete
            | ImportRollbackInProgress
            | ImportRollbackComplete
            | UpdateRollbackInProgress
            | UpdateRollbackComplete
            | RollbackInProgress
            | RollbackComplete
            | UpdateCompleteCleanupInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | ReviewInProgress
            | ExportInProgress
            | ExportComplete
            | ExportRollbackInProgress
            | ExportRollbackComplete => false,
            Unknown(s) => s.ends_with("_FAILED"),
        }
    }

    /// A stack event with this status carries the reason a stack operation failed, when no
    /// resource failed: a failure, or the start of the rollback it caused.
    pub fn explains_failure(&self) -> bool {
        use ResourceStatus::*;
        match self {
            RollbackInProgress | UpdateRollbackInProgress | ImportRollbackInProgress => true,
            _ => self.is_failure(),
        }
    }

    /// The resource's operation ended, well or not: one step of a progress bar.
    pub fn is_finished(&self) -> bool {
        use ResourceStatus::*;
        match self {
            CreateComplete
            | DeleteComplete
            | DeleteSkipped
            | UpdateComplete
            | ImportComplete
            | ImportRollbackComplete
            | UpdateRollbackComplete
            | RollbackComplete
            | ExportComplete
            | ExportRollbackComplete => true,
            CreateInProgress
            | DeleteInProgress
            | UpdateInProgress
            | ImportInProgress
            | ImportRollbackInProgress
            | UpdateRollbackInProgress
            | RollbackInProgress
            | UpdateCompleteCleanupInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | ReviewInProgress
            | ExportInProgress
            | ExportRollbackInProgress => false,
            CreateFailed | DeleteFailed | UpdateFailed | ImportFailed | ImportRollbackFailed
            | UpdateRollbackFailed | RollbackFailed | ExportFailed | ExportRollbackFailed => true,
            Unknown(s) => s.ends_with("_COMPLETE") || s.ends_with("_FAILED"),
        }
    }
}

impl ChangeSetStatus {
    /// Still being computed.
    pub fn is_pending(&self) -> bool {
        use ChangeSetStatus::*;
        match self {
            CreatePending | CreateInProgress => true,
            CreateComplete | DeletePending | DeleteInProgress | DeleteComplete | DeleteFailed
            | Failed => false,
            Unknown(_) => false,
        }
    }

    /// Computed and ready to execute.
    pub fn is_ready(&self) -> bool {
        *self == ChangeSetStatus::CreateComplete
    }

    /// Could not be computed.
    pub fn is_failed(&self) -> bool {
        *self == ChangeSetStatus::Failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_as_written() {
        for s in StackStatus::KNOWN {
            assert_eq!(&StackStatus::parse(s.as_str()), s);
        }
        for s in ResourceStatus::KNOWN {
            assert_eq!(&ResourceStatus::parse(s.as_str()), s);
        }
        for s in ChangeSetStatus::KNOWN {
            assert_eq!(&ChangeSetStatus::parse(s.as_str()), s);
        }
        assert_eq!(StackStatus::KNOWN.len(), 23);
        assert_eq!(
            StackStatus::parse("SOMETHING_NEW_IN_PROGRESS"),
            StackStatus::Unknown("SOMETHING_NEW_IN_PROGRESS".into())
        );
        assert!(StackStatus::parse("SOMETHING_NEW_IN_PROGRESS").is_in_progress());
    }

    #[test]
    fn the_sdk_knows_no_stack_status_that_we_do_not() {
        for s in aws_sdk_cloudformation::types::StackStatus::values() {
            assert!(
                !matches!(StackStatus::parse(s), StackStatus::Unknown(_)),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::ResourceStatus::values() {
            assert!(
                !matches!(ResourceStatus::parse(s), ResourceStatus::Unknown(_)),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::ChangeSetStatus::values() {
            assert!(
                !matches!(ChangeSetStatus::parse(s), ChangeSetStatus::Unknown(_)),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::ExecutionStatus::values() {
            assert!(
                !matches!(ChangeSetExecution::parse(s), ChangeSetExecution::Unknown(_)),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::StackDriftDetectionStatus::values() {
            assert!(
                !matches!(
                    DriftDetectionStatus::parse(s),
                    DriftDetectionStatus::Unknown(_)
                ),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::StackDriftStatus::values() {
            assert!(
                !matches!(StackDriftStatus::parse(s), StackDriftStatus::Unknown(_)),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::StackResourceDriftStatus::values() {
            assert!(
                !matches!(
                    ResourceDriftStatus::parse(s),
                    ResourceDriftStatus::Unknown(_)
                ),
                "{s} is missing"
            );
        }
        for s in aws_sdk_cloudformation::types::DifferenceType::values() {
            assert!(
                !matches!(
                    PropertyDifferenceType::parse(s),
                    PropertyDifferenceType::Unknown(_)
                ),
                "{s} is missing"
            );
        }
    }

    #[test]
    fn operations_in_progress_and_settled_stacks() {
        assert!(StackStatus::UpdateCompleteCleanupInProgress.is_in_progress());
        assert!(StackStatus::CreateInProgress.is_in_progress());
        assert!(StackStatus::ReviewInProgress.is_settled());
        assert!(StackStatus::UpdateComplete.is_settled());
        for s in StackStatus::KNOWN {
            assert_eq!(
                s.is_in_progress(),
                s.as_str().ends_with("_IN_PROGRESS") && *s != StackStatus::ReviewInProgress,
                "{s}"
            );
        }
    }

    #[test]
    fn outcomes() {
        assert!(StackStatus::CreateComplete.is_deploy_success());
        assert!(StackStatus::ImportComplete.is_deploy_success());
        assert!(!StackStatus::UpdateRollbackComplete.is_deploy_success());
        assert!(StackStatus::UpdateRollbackComplete.is_failure());
        assert!(StackStatus::RollbackComplete.is_failure());
        assert!(!StackStatus::UpdateComplete.is_failure());
        for s in StackStatus::KNOWN {
            assert!(!(s.is_failure() && s.is_deploy_success()), "{s}");
        }
        assert!(ResourceStatus::CreateFailed.is_failure());
        assert!(ResourceStatus::CreateFailed.is_finished());
        assert!(ResourceStatus::DeleteSkipped.is_finished());
        assert!(!ResourceStatus::UpdateInProgress.is_finished());
        assert!(ChangeSetStatus::CreatePending.is_pending());
        assert!(ChangeSetStatus::CreateComplete.is_ready());
    }

    #[test]
    fn only_settled_deployments_have_a_template_to_compare() {
        use StackStatus::*;
        for yes in [
            CreateComplete,
            UpdateComplete,
            UpdateRollbackComplete,
            UpdateInProgress,
        ] {
            assert!(yes.has_deployed_template(), "{yes}");
        }
        for no in [
            ReviewInProgress,
            RollbackComplete,
            CreateInProgress,
            DeleteFailed,
        ] {
            assert!(!no.has_deployed_template(), "{no}");
        }
        for recreated in [RollbackComplete, RollbackFailed, ReviewInProgress] {
            assert!(recreated.needs_recreate());
        }
        assert!(UpdateRollbackFailed
            .blocked_deploy_fix("Demo")
            .unwrap()
            .contains("continue-update-rollback --stack-name Demo"));
        assert!(UpdateComplete.blocked_deploy_fix("Demo").is_none());
    }
}
