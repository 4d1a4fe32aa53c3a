//! [`Environment`]: the account and region a stack deploys to.

use std::fmt;

/// Where a stack deploys: an account and a region, each optional. A stack without them is
/// environment-agnostic and deploys wherever the toolkit's credentials and region point, as in
/// AWS CDK.
///
/// ```
/// use cdk_core::{App, Environment, Stack, StackProps};
/// let app = App::new();
/// let env = Environment::new("123456789012", "eu-west-1");
/// let stack = Stack::with_props(&app, "Data", StackProps::default().env(env.clone()))?;
/// assert_eq!(stack.environment().to_string(), "aws://123456789012/eu-west-1");
/// assert_eq!(Environment::agnostic().to_string(), "aws://unknown-account/unknown-region");
/// # Ok::<(), cdk_core::ConstructError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Environment {
    /// The 12-digit account id, if fixed.
    pub account: Option<String>,
    /// The region, if fixed.
    pub region: Option<String>,
}

impl Environment {
    /// A fixed account and region.
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Environment {
            account: Some(account.into()),
            region: Some(region.into()),
        }
    }

    /// A fixed region, any account.
    pub fn region(region: impl Into<String>) -> Self {
        Environment {
            account: None,
            region: Some(region.into()),
        }
    }

    /// Neither fixed.
    pub fn agnostic() -> Self {
        Environment::default()
    }

    /// The problems with the account id and region, if any.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(a) = &self.account {
            if a.len() != 12 || !a.chars().all(|c| c.is_ascii_digit()) {
                out.push(format!("account {a:?} is not a 12-digit AWS account id"));
            }
        }
        if let Some(r) = &self.region {
            if let Err(e) = check_region(r) {
                out.push(e);
            }
        }
        out
    }
}

impl fmt::Display for Environment {
    /// `aws://account/region`, with `unknown-account`/`unknown-region` where not fixed (the
    /// cloud assembly's form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "aws://{}/{}",
            self.account.as_deref().unwrap_or("unknown-account"),
            self.region.as_deref().unwrap_or("unknown-region")
        )
    }
}

/// Checks that `region` has the shape of an AWS region name (`us-east-1`, `eu-central-2`,
/// `us-gov-west-1`, `cn-north-1`).
pub fn check_region(region: &str) -> Result<(), String> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{region:?} is not an AWS region name (like us-east-1 or eu-west-2)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_accounts_are_checked() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-4",
        ] {
            assert!(check_region(ok).is_ok(), "{ok}");
        }
        for bad in [
            "not-a-region",
            "us-east",
            "US-EAST-1",
            "useast1",
            "",
            "us--1",
        ] {
            assert!(check_region(bad).is_err(), "{bad}");
        }
        assert!(Environment::new("12345", "us-east-1").problems()[0].contains("12-digit"));
        assert!(Environment::new("123456789012", "us-east-1")
            .problems()
            .is_empty());
    }
}
