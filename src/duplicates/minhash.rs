//! MinHash signatures: a fixed-size summary of a shingle set from which the Jaccard
//! similarity of two sets can be estimated without the sets.
//!
//! Position `i` of a signature is the least value of the hash function `h_i` over the set; two
//! sets agree at a position with probability |A∩B| / |A∪B| (Broder, "On the resemblance and
//! containment of documents", 1997). The `h_i` are multiply-add-shift functions of the 64-bit
//! shingle hash (Dietzfelbinger 1996) with fixed constants, so a signature depends on the text
//! alone: the same in every run, on any number of threads. Only the top 16 bits of each
//! minimum are kept ("b-bit minwise hashing", Li and König 2010): half the memory of full
//! 32-bit values, at the price of a chance agreement of 1 in 65,536 per position, which
//! [`jaccard`] subtracts.

/// Positions of a signature: the estimate of a Jaccard similarity J has a standard error of
/// √(J(1−J)/128), under 0.045.
pub(crate) const SIGNATURE_LEN: usize = 128;

/// One document's signature.
pub(crate) type Signature = [u16; SIGNATURE_LEN];

/// The constants `(a_i, b_i)` of the hash functions, `a_i` odd, from a fixed seed.
struct Functions {
    a: [u64; SIGNATURE_LEN],
    b: [u64; SIGNATURE_LEN],
}

const fn functions() -> Functions {
    // splitmix64 from a fixed seed: any well-spread constants do; fixed ones keep signatures
    // comparable between runs.
    let mut state: u64 = 0x5151_7e51_0000_0001;
    let mut f = Functions {
        a: [0; SIGNATURE_LEN],
        b: [0; SIGNATURE_LEN],
    };
    let mut i = 0;
    while i < 2 * SIGNATURE_LEN {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        if i < SIGNATURE_LEN {
            f.a[i] = z | 1;
        } else {
            f.b[i - SIGNATURE_LEN] = z;
        }
        i += 1;
    }
    f
}

static FUNCTIONS: Functions = functions();

/// The signature of a set of shingle hashes. An empty set gives all `u16::MAX`; callers
/// leave such documents out.
///
/// This is most of the cost of finding duplicates (128 multiplications per shingle), so on
/// x86-64 it runs the same arithmetic in 512-bit or 256-bit vectors where the processor has
/// them: integer arithmetic, so the signature is the same bits on every machine.
pub fn signature(hashes: &[u64]) -> Signature {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the processor has the features `signature_avx512` is compiled for.
            #[allow(unsafe_code)]
            return unsafe { signature_avx512(hashes) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above, for `signature_avx2`.
            #[allow(unsafe_code)]
            return unsafe { signature_avx2(hashes) };
        }
    }
    signature_portable(hashes)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn signature_avx512(hashes: &[u64]) -> Signature {
    signature_portable(hashes)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn signature_avx2(hashes: &[u64]) -> Signature {
    signature_portable(hashes)
}

/// [`signature`] in plain Rust, inlined into each variant so the compiler can vectorise it for
/// that variant's instructions.
#[inline(always)]
fn signature_portable(hashes: &[u64]) -> Signature {
    let mut low = [u32::MAX; SIGNATURE_LEN];
    let (a, b) = (&FUNCTIONS.a, &FUNCTIONS.b);
    for &x in hashes {
        for i in 0..SIGNATURE_LEN {
            let h = (a[i].wrapping_mul(x).wrapping_add(b[i]) >> 32) as u32;
            low[i] = low[i].min(h);
        }
    }
    let mut sig = [0u16; SIGNATURE_LEN];
    for (s, l) in sig.iter_mut().zip(low) {
        *s = (l >> 16) as u16;
    }
    sig
}

/// The estimated Jaccard similarity |A∩B| / |A∪B| of two sets from their signatures.
pub(crate) fn jaccard(a: &Signature, b: &Signature) -> f64 {
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    // Positions agree by chance one time in 2^16: P(agree) = J + (1 − J) / 2^16.
    let chance = 1.0 / 65_536.0;
    let p = agree as f64 / SIGNATURE_LEN as f64;
    ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0)
}

/// The estimated containment |A∩B| / min(|A|, |B|) of two sets of known sizes: |A∩B| follows
/// from J = |A∩B| / (|A| + |B| − |A∩B|). It is 1 when the smaller set lies inside the larger,
/// however much larger that is: a truncated copy, or a story inside another site's page,
/// scores as high as an exact copy.
pub fn containment(jaccard: f64, size_a: u32, size_b: u32) -> f64 {
    let smaller = size_a.min(size_b);
    if smaller == 0 {
        return 0.0;
    }
    let common = jaccard * (f64::from(size_a) + f64::from(size_b)) / (1.0 + jaccard);
    (common / f64::from(smaller)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::shingles::mix;

    fn set(range: std::ops::Range<u64>) -> Vec<u64> {
        range.map(mix).collect()
    }

    #[test]
    fn every_variant_gives_the_same_bits() {
        let a = set(0..777);
        assert_eq!(signature(&a), signature_portable(&a));
    }

    #[test]
    fn signatures_are_deterministic_and_order_free() {
        let a = set(0..500);
        let mut b = a.clone();
        b.reverse();
        assert_eq!(signature(&a), signature(&b));
        assert_eq!(signature(&a), signature(&set(0..500)));
    }

    #[test]
    fn estimates_jaccard_within_its_standard_error() {
        // Sets of 1,000 sharing 0, 250, 500, 750 or 1,000 elements, 40 draws each.
        for shared in [0u64, 250, 500, 750, 1000] {
            let truth = shared as f64 / (2000 - shared) as f64;
            let mut sum = 0.0;
            for draw in 0..40u64 {
                let base = draw * 1_000_000;
                let a = set(base..base + 1000);
                let b = set(base + 1000 - shared..base + 2000 - shared);
                sum += jaccard(&signature(&a), &signature(&b));
            }
            let mean = sum / 40.0;
            // The mean of 40 estimates: standard error ≤ 0.045 / √40 ≈ 0.007.
            assert!((mean - truth).abs() < 0.025, "{shared}: {mean} vs {truth}");
        }
    }

    #[test]
    fn containment_survives_truncation() {
        let full = set(0..1000);
        let first_70 = set(0..700);
        let j = jaccard(&signature(&full), &signature(&first_70));
        assert!((j - 0.7).abs() < 0.15, "{j}");
        let c = containment(j, 1000, 700);
        assert!(c > 0.85, "{c}");
        let unrelated = set(5000..5700);
        let j = jaccard(&signature(&full), &signature(&unrelated));
        assert!(containment(j, 1000, 700) < 0.1);
    }

    #[test]
    fn containment_of_known_sets() {
        assert!((containment(0.5, 100, 50) - 1.0).abs() < 1e-12);
        assert!((containment(1.0 / 3.0, 100, 100) - 0.5).abs() < 1e-12);
        assert_eq!(containment(0.9, 0, 10), 0.0);
    }
}
