//! Stable term hashes for the hashing vectoriser (`--hashing N`): the column of a term is
//! `hash_term(term) mod N`, the same on every machine and in every version of sintesi.
//!
//! * a word (stem): 64-bit FNV-1a of its UTF-8 bytes, with the top bit cleared;
//! * an n-gram: `fmix64(h(prefix) · 0x9E3779B97F4A7C15 + h(last))` (MurmurHash3's
//!   finaliser), top bit cleared, where `prefix` is the (n − 1)-gram and `last` the last word.
//!
//! Terms that share a bucket share a column; document frequencies are exact per bucket.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const TOP_BIT_CLEAR: u64 = u64::MAX >> 1;

/// The hash of a word (stem).
pub(crate) fn hash_term(term: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in term.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h & TOP_BIT_CLEAR
}

/// The hash of the n-gram made of `prefix` (its hash) followed by `last` (its hash).
pub(crate) fn hash_pair(prefix: u64, last: u64) -> u64 {
    fmix64(
        prefix
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(last),
    ) & TOP_BIT_CLEAR
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        // FNV-1a of "a" is 0xaf63dc4c8601ec8c; top bit cleared.
        assert_eq!(hash_term("a"), 0xaf63_dc4c_8601_ec8c & TOP_BIT_CLEAR);
        assert_eq!(hash_term(""), FNV_OFFSET & TOP_BIT_CLEAR);
        assert_ne!(
            hash_pair(hash_term("a"), hash_term("b")),
            hash_pair(hash_term("b"), hash_term("a"))
        );
    }
}
