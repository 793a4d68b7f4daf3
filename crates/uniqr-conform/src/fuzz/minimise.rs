//! Minimisation (R-FZ-5): delta debugging over the edits of the mutated
//! layer, then shrinking the sample payload. Every candidate is rebuilt
//! from the payload out (re-encoded and re-signed above the mutated layer)
//! and kept only if the vendor still fails with the same signature.

use super::engine::{Pair, signature};
use super::fields::SHRINKS;
use super::plan::Plan;
use super::report::{Minimised, Signature};
use crate::vectors::Case;

/// Input size of a built case: the text, or the payload JSON for encode.
fn size(case: &Case) -> usize {
    match &case.input.text {
        Some(t) => t.len(),
        None => case
            .input
            .payload
            .as_ref()
            .map_or(0, |p| p.to_string().len()),
    }
}

/// Minimises `plan`, which fails with `sig`, within `budget` builds.
pub(crate) fn minimise(
    pair: &mut Pair<'_>,
    plan: &Plan,
    sig: &Signature,
    budget: usize,
) -> (Plan, Minimised) {
    let steps = std::cell::Cell::new(0);
    let mut sizes = (0, 0);
    let mut test = |p: &Plan, sizes: &mut (usize, usize)| {
        if steps.get() >= budget {
            return false;
        }
        steps.set(steps.get() + 1);
        let ran = pair.run(p, "fuzz-minimise");
        let same = signature(&ran, p.layer).as_ref() == Some(sig);
        if same {
            sizes.1 = size(&ran.case);
        }
        same
    };
    let mut best = plan.clone();
    if !test(&best, &mut sizes) {
        // Not reproducible (a flaky vendor): keep the case as found.
        return (
            best,
            Minimised {
                steps: steps.get(),
                edits: (plan.edits.len(), plan.edits.len()),
                size: (0, 0),
            },
        );
    }
    sizes.0 = sizes.1;
    // ddmin (Zeller and Hildebrandt 2002) over the edit list.
    let mut n = 2;
    while best.edits.len() >= 2 {
        let len = best.edits.len();
        let chunk = len.div_ceil(n);
        let parts: Vec<Vec<_>> = best.edits.chunks(chunk).map(<[_]>::to_vec).collect();
        let mut reduced = false;
        for i in 0..parts.len() {
            let complement: Vec<_> = parts
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, p)| p.iter().copied())
                .collect();
            for candidate in [parts[i].clone(), complement] {
                if candidate.is_empty() || candidate.len() == len {
                    continue;
                }
                let trial = Plan {
                    edits: candidate,
                    ..best.clone()
                };
                if test(&trial, &mut sizes) {
                    best = trial;
                    n = (n - 1).max(2);
                    reduced = true;
                    break;
                }
            }
            if reduced {
                break;
            }
        }
        if !reduced {
            if n >= len || steps.get() >= budget {
                break;
            }
            n = (2 * n).min(len);
        }
    }
    // Then the sample: fewer entries, shorter names.
    loop {
        let mut progress = false;
        for shrink in SHRINKS {
            let mut trial = best.clone();
            if shrink(&mut trial.payload) && test(&trial, &mut sizes) {
                best = trial;
                progress = true;
            }
        }
        if !progress || steps.get() >= budget {
            break;
        }
    }
    let after = if sizes.1 == 0 { sizes.0 } else { sizes.1 };
    (
        best.clone(),
        Minimised {
            steps: steps.get(),
            edits: (plan.edits.len(), best.edits.len()),
            size: (sizes.0, after),
        },
    )
}
