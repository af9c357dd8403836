//! Numerical kernels shared by the stages: dense and sparse products, distances, orthonormal
//! bases, a symmetric eigensolver, seeded random draws and the agreement of two partitions.
//!
//! Each exists once here and is used by LSA ([`crate::reduce`]), the document map
//! ([`crate::projection`]), clustering ([`crate::cluster`]) and the metrics
//! ([`crate::evaluate`]). The kernels are deterministic: the same input gives the same bits
//! whatever the number of threads (work is split into fixed blocks, partial results summed in
//! a fixed order), which is what makes reports byte-identical from run to run. They know
//! nothing of documents, terms or topics.

pub mod dense;
pub(crate) mod distance;
pub(crate) mod eigen;
pub(crate) mod orthonormal;
pub(crate) mod partitions;
pub mod sampling;
pub mod sparse;
