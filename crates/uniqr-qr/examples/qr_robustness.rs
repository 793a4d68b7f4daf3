//! Writes the QR robustness set and measures our scanner on it
//! (used by `benches/scan_compare.sh`).
//!
//! ```text
//! qr_robustness write DIR [VARIANTS]   images + DIR/manifest.tsv
//! qr_robustness scan DIR [REPEAT]      DIR/ours.tsv: file, outcome, median µs
//! qr_robustness report DIR             per-class table from ours.tsv and zbar.tsv
//! ```
//!
//! Outcomes: `ok` (exact text), `wrong` (other text), or a registry code.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use uniqr_qr::{self as qr, degrade};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let result = match (arg(0), arg(1)) {
        (Some("write"), Some(dir)) => write(Path::new(dir), arg(2).unwrap_or("1")),
        (Some("scan"), Some(dir)) => scan(Path::new(dir), arg(2).unwrap_or("5")),
        (Some("report"), Some(dir)) => report(Path::new(dir)),
        _ => Err("usage: qr_robustness write|scan|report DIR [N]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qr_robustness: {e}");
            ExitCode::from(2)
        }
    }
}

type Res = Result<(), String>;

fn write(dir: &Path, variants: &str) -> Res {
    let variants: u32 = variants.parse().map_err(|_| "VARIANTS: a number")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let set = degrade::robustness_set(variants).map_err(|e| e.to_string())?;
    for s in &set {
        std::fs::write(dir.join(&s.file), &s.image).map_err(|e| e.to_string())?;
    }
    std::fs::write(dir.join("manifest.tsv"), degrade::manifest(&set)).map_err(|e| e.to_string())?;
    eprintln!("wrote {} images to {}", set.len(), dir.display());
    Ok(())
}

struct Entry {
    file: String,
    class: String,
    expect: String,
    text: String,
}

fn manifest(dir: &Path) -> Result<Vec<Entry>, String> {
    let m = std::fs::read_to_string(dir.join("manifest.tsv")).map_err(|e| e.to_string())?;
    Ok(m.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() == 5).then(|| Entry {
                file: f[0].into(),
                class: f[1].into(),
                expect: f[3].into(),
                text: f[4].into(),
            })
        })
        .collect())
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn scan(dir: &Path, repeat: &str) -> Res {
    let repeat: usize = repeat.parse().map_err(|_| "REPEAT: a number")?;
    let mut out = String::new();
    for e in manifest(dir)? {
        let bytes = std::fs::read(dir.join(&e.file)).map_err(|e| e.to_string())?;
        let mut times = Vec::new();
        let mut outcome = String::new();
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            let r = qr::scan(&bytes);
            times.push(t.elapsed().as_secs_f64() * 1e6);
            outcome = match r {
                Ok(s) if s.text == e.text => "ok".into(),
                Ok(_) => "wrong".into(),
                Err(err) => err.code().into(),
            };
        }
        out.push_str(&format!(
            "{}\t{}\t{:.0}\n",
            e.file,
            outcome,
            median(&mut times)
        ));
    }
    std::fs::write(dir.join("ours.tsv"), out).map_err(|e| e.to_string())
}

/// `file -> (outcome, µs)` from a results file.
fn results(path: &Path) -> BTreeMap<String, (String, f64)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let us = f.get(2)?.parse().ok()?;
            Some((f[0].to_string(), (f[1].to_string(), us)))
        })
        .collect()
}

fn report(dir: &Path) -> Res {
    let ours = results(&dir.join("ours.tsv"));
    let zbar = results(&dir.join("zbar.tsv"));
    let mut classes: Vec<(String, String)> = Vec::new();
    let mut rows: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    let entries = manifest(dir)?;
    for e in &entries {
        if !classes.iter().any(|(c, _)| *c == e.class) {
            classes.push((e.class.clone(), e.expect.clone()));
        }
        rows.entry(e.class.clone()).or_default().push(e);
    }
    println!(
        "| class | expect | n | ours ok | zbar ok | ours median ms | zbar median ms | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (class, expect) in &classes {
        let es = &rows[class];
        let want = |e: &Entry| -> String {
            match e.expect.strip_prefix("reject:") {
                Some(code) => code.to_string(),
                None => "ok".into(),
            }
        };
        let rate = |m: &BTreeMap<String, (String, f64)>| {
            let good = es
                .iter()
                .filter(|e| m.get(&e.file).is_some_and(|(o, _)| *o == want(e)))
                .count();
            format!("{good}/{}", es.len())
        };
        let med = |m: &BTreeMap<String, (String, f64)>| {
            let mut t: Vec<f64> = es
                .iter()
                .filter_map(|e| m.get(&e.file).map(|(_, us)| *us))
                .collect();
            median(&mut t) / 1000.0
        };
        let (mo, mz) = (med(&ours), med(&zbar));
        let zb = if zbar.is_empty() {
            "-".to_string()
        } else {
            rate(&zbar)
        };
        println!(
            "| {class} | {expect} | {} | {} | {zb} | {mo:.2} | {mz:.2} | {:.2} |",
            es.len(),
            rate(&ours),
            mo / mz
        );
    }
    let wrong = ours.values().filter(|(o, _)| o == "wrong").count();
    println!("\nwrong texts (ours): {wrong}");
    Ok(())
}
