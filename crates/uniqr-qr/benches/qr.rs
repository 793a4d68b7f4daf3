//! The QR symbol layer (issue goals: render PNG ≤ 4 ms; scan of a 372 px
//! image of a ~520-character code at 4 px/module ≤ 1.5 ms median).
//!
//! For two codes, the demo vaccination code (`demo::sample_text`, 603
//! characters, version 19) and a 520-character one-dose code (version 17):
//! - `render_png_8px`: text in, PNG bytes out, default options (8 px/module);
//! - `render_png_4px`: the same at 4 px/module;
//! - `scan_4px`: PNG bytes in (4 px/module, quiet zone 4), text out.
//!
//! Run: `cargo bench --bench qr`; figures in benches/qr-results.draft.md.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use uniqr::{Alg, demo};
use uniqr_qr::{self as qr, RenderOptions};

/// A real 520-character code: the sample payload with one dose and short
/// issuer and certificate ids.
fn code_520() -> String {
    let mut p = demo::sample_payload();
    if let Some(v) = p.v.as_mut() {
        v.truncate(1);
        v[0].is = "Bo Y te".into();
        v[0].ci = "VN-79A0001-1".into();
    }
    uniqr::encode(&p, &demo::signer(Alg::Es256), &demo::sample_claims()).expect("encodes")
}

fn bench(c: &mut Criterion) {
    let four = RenderOptions {
        module_px: 4,
        quiet_zone: 4,
    };
    for (name, text) in [
        ("typical", demo::sample_text().expect("sample")),
        ("520", code_520()),
    ] {
        let png = qr::render_png(&text, &four).expect("renders");
        let side = image::load_from_memory(&png).expect("png").width();
        let mut g = c.benchmark_group(format!("qr/{name}-{}chars-{side}px", text.len()));
        g.bench_function("render_png_8px", |b| {
            b.iter(|| qr::render_png(black_box(&text), &RenderOptions::default()).expect("ok"))
        });
        g.bench_function("render_png_4px", |b| {
            b.iter(|| qr::render_png(black_box(&text), &four).expect("ok"))
        });
        g.bench_function("scan_4px", |b| {
            b.iter(|| qr::scan(black_box(&png)).expect("ok").text)
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
