//! Protocol overhead (issue: persistent mode reaches at least 50 % of the
//! throughput of calling `verify` directly, on the same ES256 cases).
//!
//! - `direct_verify`: `uniqr::verify` in process, the baseline;
//! - `shim_persistent`: the same requests to `uniqr shim` over the NDJSON
//!   protocol (JSON framing, pipes, parsing the reply);
//! - `judge`: comparing a reply with the expectation.
//!
//! Run: `cargo bench -p uniqr-cli --bench harness`; figures in BENCHMARKS.md.

use std::time::Duration;

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use uniqr_conform::runner::transport::{Persistent, Transport};
use uniqr_conform::vectors;

#[path = "support/setup.rs"]
mod setup;

fn bench(c: &mut Criterion) {
    let s = setup::Setup::new();
    let (load, requests) = (&s.load, &s.requests);

    let mut g = c.benchmark_group("harness/ES256");
    let mut i = 0usize;
    g.bench_function("direct_verify", |b| {
        b.iter(|| {
            i += 1;
            s.verify_directly(i)
        })
    });

    let mut vendor = Persistent::new(vec![env!("CARGO_BIN_EXE_uniqr").into(), "shim".into()]);
    let timeout = Duration::from_secs(10);
    vendor.call(load, timeout).expect("context loads");
    let mut k = 0usize;
    g.bench_function("shim_persistent", |b| {
        b.iter(|| {
            k = (k + 1) % requests.len();
            let reply = vendor
                .call(black_box(&requests[k]), timeout)
                .expect("reply");
            assert_eq!(reply.response.ok, Some(true));
        })
    });
    // --jobs scaling of the protocol itself: the same number of requests
    // through one vendor process, or split over two processes in two
    // threads (what `--jobs 2` does), without process start-up.
    let spawn = || {
        let mut v = Persistent::new(vec![env!("CARGO_BIN_EXE_uniqr").into(), "shim".into()]);
        v.call(load, timeout).expect("context loads");
        v
    };
    let mut pool = [spawn(), spawn()];
    g.bench_function("shim_jobs1_per_request", |b| {
        b.iter_custom(|n| {
            let start = std::time::Instant::now();
            for r in requests.iter().cycle().take(n as usize) {
                pool[0].call(r, timeout).expect("reply");
            }
            start.elapsed()
        })
    });
    g.bench_function("shim_jobs2_per_request", |b| {
        b.iter_custom(|n| {
            let start = std::time::Instant::now();
            let half = (n as usize).div_ceil(2);
            std::thread::scope(|s| {
                for v in pool.iter_mut() {
                    let reqs = requests;
                    s.spawn(move || {
                        for r in reqs.iter().cycle().take(half) {
                            v.call(r, timeout).expect("reply");
                        }
                    });
                }
            });
            start.elapsed()
        })
    });
    let reply = vendor.call(&requests[0], timeout).expect("reply");
    g.bench_function("judge", |b| {
        b.iter(|| vectors::judge(black_box(&s.cases[0]), black_box(&reply.response)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
