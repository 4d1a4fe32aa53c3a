//! A JSONata evaluator for the trees parsed by [`cdk_aws::stepfunctions::jsonata`], with the
//! `$states` variable and the functions Step Functions adds (`$partition`, `$range`, `$hash`,
//! `$random`, `$uuid`, `$parse`). Supported: paths over objects and arrays (mapping and
//! flattening, singleton sequences), predicates and indexes, `[]`, wildcards and descendants,
//! every operator, conditionals, `?:` and `??`, blocks and `:=`, lambdas and partial
//! application, `~>`, sorting `^()`, object constructors (with grouping), array constructors
//! and ranges, regular expressions in `$match`, `$contains`, `$split` and `$replace`, and the
//! function library listed in [`functions`]. Not supported (an error naming the feature):
//! the parent operator `%`, focus and index binding `@`/`#`, transforms `|...|`, and
//! `$formatNumber`-style formatting functions.

mod eval;
pub mod functions;
mod value;

pub use crate::rng::Rng;
pub use eval::{evaluate, Env};
pub use value::JValue;
