//! The state types: [`Pass`], [`Wait`], [`Choice`], [`Parallel`], [`Succeed`], [`Fail`] (Task
//! states are in [`super::tasks`]). Each offers only the fields its type allows in ASL.

#[macro_use]
pub(crate) mod builder;
mod choice;
mod map;
mod parallel;
mod pass;
mod terminal;
mod wait;

pub(crate) use builder::Builder;
pub use choice::Choice;
pub use map::Map;
pub use parallel::Parallel;
pub use pass::Pass;
pub use terminal::{Fail, Succeed};
pub use wait::Wait;
