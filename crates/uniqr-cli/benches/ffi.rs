//! Vendor ABI overhead (issue 6: in-process verify through the vendor ABI
//! reaches at least 90 % of the throughput of calling `verify` directly,
//! isolated mode at least 50 %), on the same ES256 cases:
//!
//! - `direct_verify`: `uniqr::verify` in process, the baseline;
//! - `vendor_lib_in_process`: what `--vendor-lib libuniqr_vendor.so --in-process`
//!   does per case: request to JSON, `uniqr_vendor_call` on the dlopened
//!   library, reply parsed and checked, reply freed;
//! - `vendor_abi_call`: `uniqr_vendor_call` alone on a ready request (the
//!   library's side of the framing);
//! - `vendor_lib_isolated`: what `--vendor-lib` does: the same request
//!   through the `uniqr vendor-host` process over NDJSON pipes.
//!
//! Run: `cargo bench -p uniqr-cli --bench ffi`; whole-suite timings:
//! `benches/ffi_suite.sh`.

use std::time::{Duration, Instant};

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use uniqr_conform::harness::Reply;
use uniqr_conform::runner::transport::Transport;
use uniqr_conform::runner::vendor_lib::{InProcessLib, Isolated};
use uniqr_vendor::{uniqr_vendor_call, uniqr_vendor_free};

#[path = "support/setup.rs"]
mod setup;

fn bench(c: &mut Criterion) {
    let s = setup::Setup::new();
    let (load, requests) = (&s.load, &s.requests);

    let mut g = c.benchmark_group("ffi/ES256");
    let mut i = 0usize;
    g.bench_function("direct_verify", |b| {
        b.iter(|| {
            i += 1;
            s.verify_directly(i)
        })
    });

    let exe = env!("CARGO_BIN_EXE_uniqr");
    // The vendor library of this build sits next to this bench
    // (target/release/deps), built as a dev-dependency.
    let lib = std::env::current_exe()
        .expect("bench path")
        .with_file_name("libuniqr_vendor.so");
    assert!(lib.exists(), "{} missing", lib.display());
    let timeout = Duration::from_secs(10);

    let mut in_process = InProcessLib::new(&lib);
    in_process.call(load, timeout).expect("context loads");
    let mut k = 0usize;
    g.bench_function("vendor_lib_in_process", |b| {
        b.iter(|| {
            k = (k + 1) % requests.len();
            let reply = in_process
                .call(black_box(&requests[k]), timeout)
                .expect("reply");
            assert_eq!(reply.response.ok, Some(true));
        })
    });

    // The library side alone, on the reference linked into this binary.
    let lines: Vec<Vec<u8>> = requests
        .iter()
        .map(|r| serde_json::to_vec(r).expect("json"))
        .collect();
    let load_line = serde_json::to_vec(load).expect("json");
    let raw = |line: &[u8]| {
        let (mut p, mut n) = (std::ptr::null_mut(), 0usize);
        // SAFETY: a valid request slice and out pointers; the reply is freed
        // once, with the values written.
        unsafe {
            let rc = uniqr_vendor_call(line.as_ptr(), line.len(), &mut p, &mut n);
            assert_eq!(rc, 0);
            uniqr_vendor_free(p, n);
        }
    };
    raw(&load_line);
    let mut k = 0usize;
    g.bench_function("vendor_abi_call", |b| {
        b.iter(|| {
            k = (k + 1) % lines.len();
            raw(black_box(&lines[k]));
        })
    });

    // The runner's side of the framing alone: request to JSON, a canned
    // reply parsed (what `vendor_lib_in_process` adds to `vendor_abi_call`).
    let (mut p, mut n) = (std::ptr::null_mut(), 0usize);
    // SAFETY: as in `raw`; the copy is taken before the reply is freed.
    let canned = unsafe {
        let rc = uniqr_vendor_call(lines[0].as_ptr(), lines[0].len(), &mut p, &mut n);
        assert_eq!(rc, 0);
        let v = std::slice::from_raw_parts(p, n).to_vec();
        uniqr_vendor_free(p, n);
        v
    };
    g.bench_function("runner_framing_only", |b| {
        b.iter(|| {
            let line = serde_json::to_vec(black_box(&requests[0])).expect("json");
            let reply: Reply = serde_json::from_slice(black_box(&canned)).expect("reply");
            (line, reply)
        })
    });

    let mut isolated = Isolated::new(&[exe.into(), "vendor-host".into()], &lib);
    isolated.call(load, timeout).expect("context loads");
    let mut k = 0usize;
    g.bench_function("vendor_lib_isolated", |b| {
        b.iter(|| {
            k = (k + 1) % requests.len();
            let reply = isolated
                .call(black_box(&requests[k]), timeout)
                .expect("reply");
            assert_eq!(reply.response.ok, Some(true));
        })
    });
    g.finish();

    // Paired rounds: on a shared machine the load drifts between Criterion's
    // groups, so the goal ratios are also measured round by round, each
    // round timing direct and library back to back.
    let mut k = 0usize;
    let mut direct = || {
        k += 1;
        s.verify_directly(k);
    };
    let mut m = 0usize;
    let mut via_in_process = || {
        m = (m + 1) % requests.len();
        in_process.call(&requests[m], timeout).expect("reply");
    };
    let r = paired(&mut direct, &mut via_in_process);
    println!(
        "paired: --in-process transport reaches {r:.1} % of direct verify throughput (goal 90 %)"
    );
    let mut m = 0usize;
    let mut via_abi = || {
        m = (m + 1) % lines.len();
        raw(&lines[m]);
    };
    let r = paired(&mut direct, &mut via_abi);
    println!(
        "paired: uniqr_vendor_call alone reaches {r:.1} % of direct verify throughput (goal 90 %)"
    );
    let mut m = 0usize;
    let mut via_isolated = || {
        m = (m + 1) % requests.len();
        isolated.call(&requests[m], timeout).expect("reply");
    };
    let r = paired(&mut direct, &mut via_isolated);
    println!(
        "paired: isolated vendor library reaches {r:.1} % of direct verify throughput (goal 50 %)"
    );
}

/// Median over 21 rounds of (time of `base`) / (time of `other`) in %, each
/// round 300 calls of each, back to back.
fn paired(base: &mut dyn FnMut(), other: &mut dyn FnMut()) -> f64 {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..300 {
            f();
        }
        start.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..21)
        .map(|_| {
            let b = time(base);
            let o = time(other);
            100.0 * b / o
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

criterion_group!(benches, bench);
criterion_main!(benches);
