//! Internals exposed for in-tree tools (the fuzz targets in `fuzz/`, the
//! corpus replay test). Not a stable API: anything here may change in any
//! release.

pub mod fuzzing;
