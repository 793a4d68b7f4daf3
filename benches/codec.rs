//! Verification is the hot path (issue: full `verify` ≤ 1.2× the bare
//! signature verification of the same bytes with the same backend).
//!
//! For each algorithm this measures, on the demo vaccination code:
//! - `verify_full`: `uniqr::verify`, text in, verdict out;
//! - `signature_only`: `PublicKey::verify` on the same Sig_structure bytes
//!   (the `ring` backend the codec uses), the baseline;
//! - the layers before the signature, to show where the rest goes.
//!
//! Run: `cargo bench --bench codec`; figures in BENCHMARKS.md.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use uniqr::cose::{Sign1, sig_structure};
use uniqr::{Alg, Revocations, demo};

fn bench(c: &mut Criterion) {
    let trust = demo::trust_list();
    let none = Revocations::none();
    for alg in [Alg::Es256, Alg::EdDsa] {
        let signer = demo::signer(alg);
        let text = uniqr::encode(&demo::sample_payload(), &signer, &demo::sample_claims())
            .expect("sample encodes");
        let cose = uniqr::codec::unwrap_text(&text).expect("sample unwraps");
        let msg = Sign1::parse(&cose).expect("sample parses");
        let tbs = sig_structure(msg.protected, msg.payload);
        let sig = msg.signature.to_vec();
        let key = signer.trusted().key.clone();
        let name = alg.name();
        let mut g = c.benchmark_group(format!("codec/{name}"));
        g.bench_function("verify_full", |b| {
            b.iter(|| uniqr::verify(black_box(&text), &trust, &none, demo::NOW).expect("valid"))
        });
        g.bench_function("signature_only", |b| {
            b.iter(|| key.verify(black_box(&tbs), black_box(&sig)).expect("valid"))
        });
        g.bench_function("unwrap_text", |b| {
            b.iter(|| uniqr::codec::unwrap_text(black_box(&text)).expect("valid"))
        });
        let body = text.strip_prefix("UQ1:").expect("prefix");
        let deflated = uniqr::base45::decode(body).expect("base45");
        g.bench_function("layer_base45", |b| {
            b.iter(|| uniqr::base45::decode(black_box(body)).expect("valid"))
        });
        g.bench_function("layer_inflate", |b| {
            b.iter(|| uniqr::zlib::inflate(black_box(&deflated)).expect("valid"))
        });
        g.bench_function("layer_claims_and_payload", |b| {
            b.iter(|| {
                let v = uniqr::cbor::decode(black_box(msg.payload)).expect("valid");
                let (c, p) = uniqr::Claims::from_cbor(&v).expect("valid");
                (c, uniqr::Payload::from_cbor(p).expect("valid"))
            })
        });
        g.bench_function("cose_parse", |b| {
            b.iter(|| Sign1::parse(black_box(&cose)).expect("valid").kid)
        });
        if alg == Alg::EdDsa {
            // Backend choice for EdDSA, measured side by side (BENCHMARKS.md).
            let uniqr::key::PublicKey::Ed25519(vk) = &key else {
                unreachable!("EdDSA demo key")
            };
            let raw = vk.to_bytes();
            g.bench_function("backend_ring_ed25519", |b| {
                b.iter(|| {
                    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, &raw)
                        .verify(black_box(&tbs), black_box(&sig))
                        .expect("valid")
                })
            });
            let dsig = ed25519_dalek::Signature::from_slice(&sig).expect("64 bytes");
            g.bench_function("backend_dalek_verify", |b| {
                b.iter(|| vk.verify_strict(black_box(&tbs), &dsig).expect("valid"))
            });
        }
        g.finish();
    }
    let text = demo::sample_text().expect("sample");
    c.bench_function("codec/ES256/encode", |b| {
        let s = demo::signer(Alg::Es256);
        let p = demo::sample_payload();
        let cl = demo::sample_claims();
        b.iter(|| uniqr::encode(black_box(&p), &s, &cl).expect("encodes"))
    });
    black_box(text);
}

criterion_group!(benches, bench);
criterion_main!(benches);
