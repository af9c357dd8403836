//! The position prior for news: reporters put the essentials first (the inverted pyramid), so
//! an early sentence is worth more than the same sentence later on.
//!
//! The prior of the candidate at position `p` (0 = its document's first candidate) is
//! `1 / (1 + p)`: the lead sentence counts fully, the second half as much, and the tail
//! hardly at all. It is mixed with a method's scores, after those are scaled so the best is 1:
//! `(1 − w) · score / max + w · prior`. `w = 0` leaves the method alone and `w = 1` is Lead.

/// `1 / (1 + position)` for every candidate.
pub fn position_prior(positions: &[usize]) -> Vec<f64> {
    positions.iter().map(|&p| 1.0 / (1.0 + p as f64)).collect()
}

/// `scores` scaled to a maximum of 1, mixed with the position prior at `weight` in `[0, 1]`.
/// All-zero scores stay zero before mixing.
pub(crate) fn with_position_prior(scores: &[f64], positions: &[usize], weight: f64) -> Vec<f64> {
    let max = scores.iter().copied().fold(0.0f64, f64::max);
    let scale = if max > 0.0 { 1.0 / max } else { 0.0 };
    if weight == 0.0 {
        return scores.iter().map(|s| s * scale).collect();
    }
    scores
        .iter()
        .zip(position_prior(positions))
        .map(|(s, prior)| (1.0 - weight) * s * scale + weight * prior)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prior_halves_at_the_second_sentence() {
        assert_eq!(position_prior(&[0, 1, 3]), [1.0, 0.5, 0.25]);
    }

    #[test]
    fn mixing_interpolates_between_the_method_and_lead() {
        let scores = [1.0, 4.0, 2.0];
        let positions = [0, 1, 2];
        assert_eq!(
            with_position_prior(&scores, &positions, 0.0),
            [0.25, 1.0, 0.5]
        );
        let lead = with_position_prior(&scores, &positions, 1.0);
        assert_eq!(lead, position_prior(&positions));
        let half = with_position_prior(&scores, &positions, 0.5);
        assert!((half[0] - 0.625).abs() < 1e-12);
        assert!((half[1] - 0.75).abs() < 1e-12);
    }
}
