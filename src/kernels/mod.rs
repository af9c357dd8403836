//! Numerical kernels shared by the stages: dense and sparse products, distances, orthonormal
//! bases, a symmetric eigensolver, seeded random draws and the agreement of two partitions.
//!
//! Each exists once here and is used by LSA ([`crate::reduce`]), the document map
//! ([`crate::projection`]), clustering ([`crate::cluster`]) and the metrics
//! ([`crate::evaluate`]). The kernels are deterministic: the same input gives the same bits
//! whatever the number of threads (work is split into fixed blocks, partial results summed in
//! a fixed order), which is what makes reports byte-identical from run to run. They know
//! nothing of documents, terms or topics.

/// Defines `$name`, which runs `$portable` compiled for AVX (256-bit floating point) where the
/// processor has it, and as built otherwise. The kernels given to it add in one fixed order per
/// output element, whatever the vector width, and FMA is not enabled, so both builds give the
/// same bits: a report does not depend on the machine (the kernels' tests check it). On the
/// Gutenberg chunks this took k-means from 4.0 to 2.9 s.
macro_rules! with_avx {
    ($(#[$meta:meta])* $vis:vis fn $name:ident / $avx:ident = $portable:ident
        ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?) => {
        $(#[$meta])*
        #[inline]
        $vis fn $name($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx") {
                    // SAFETY: the processor has AVX, the one feature `$avx` is compiled for.
                    #[allow(unsafe_code)]
                    return unsafe { $avx($($arg),*) };
                }
            }
            $portable($($arg),*)
        }

        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx")]
        fn $avx($($arg: $ty),*) $(-> $ret)? {
            $portable($($arg),*)
        }
    };
}

pub mod dense;
pub(crate) mod distance;
pub(crate) mod eigen;
pub(crate) mod orthonormal;
pub(crate) mod partitions;
pub mod sampling;
pub mod sparse;
