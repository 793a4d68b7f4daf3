//! Differential fuzzing of a vendor codec (`uniqr fuzz`, `spec/fuzzing.md`).
//!
//! [`mutate`] generates a valid sample and edits one layer of it ([`plan`]);
//! [`build`] encodes it from the payload out, re-signing above the edited
//! layer; [`engine`] runs each case on the reference and on the vendor and
//! compares them with the runner's judge; [`minimise`] shrinks each new
//! finding; [`save`] writes the findings as a replayable suite.

pub mod build;
pub mod engine;
pub mod fields;
pub mod files;
mod minimise;
pub mod mutate;
pub mod order;
pub mod plan;
pub mod qr;
pub mod report;
pub mod save;
pub mod sigenc;
pub mod sign;
pub mod world;

pub use engine::{Event, Fuzzed, Options, run};
pub use plan::{Edit, Layer, Plan, SigForm};
pub use report::{FuzzReport, Stage};
pub use world::World;
