//! Builds a [`Plan`] into a suite case, layer by layer from the payload out.
//! Each layer applies its own edits; every layer above it is encoded again
//! and the message is signed again over the edited bytes, so a case carries
//! its defect at one layer and is well-formed everywhere else (R-FZ-2).

use serde_json::Value as J;

use super::plan::{Edit, Plan};
use super::world::{self, KeyId, World};
use crate::forge;
use crate::vectors::{Case, Context, Expected, Input, Op};
use uniqr::cbor::{self, Value};
use uniqr::limits::MAX_TEXT_LEN;
use uniqr::{base45, hex, timefmt};

/// The effective sample after the plan-level edits (time, trust, key).
struct Sample {
    claims: uniqr::Claims,
    key: KeyId,
    signature_key: KeyId,
    now: i64,
    trust: String,
    revoked: String,
}

fn sample(w: &World, plan: &Plan) -> Sample {
    let mut s = Sample {
        claims: plan.claims.clone(),
        key: plan.key,
        signature_key: plan.key,
        now: plan.now,
        trust: world::TRUST.into(),
        revoked: world::REVOKED_NONE.into(),
    };
    let nth = |v: &[String], i: u8| v.get(i as usize % v.len().max(1)).cloned();
    for e in &plan.edits {
        match *e {
            Edit::NowIat(d) => s.now = s.claims.iat.saturating_add(d),
            Edit::NowExp(d) => s.now = s.claims.exp.saturating_add(d),
            Edit::IatAt(t) => {
                let span = (s.claims.exp - s.claims.iat).max(1);
                s.claims.iat = t;
                s.claims.exp = t.saturating_add(span);
                s.now = t;
            }
            Edit::ExpAfterIat(d) => s.claims.exp = s.claims.iat.saturating_add(d),
            Edit::SignWith(k) => {
                s.key = k;
                s.signature_key = k;
            }
            Edit::SOtherKey(k) => s.signature_key = k,
            Edit::BadTrust(i) => s.trust = nth(&w.bad_trust, i).unwrap_or(s.trust),
            Edit::TrustEs256 => s.trust = world::TRUST_ES256.into(),
            Edit::Revoke(i) => {
                s.claims.cti = world::revoked_cti(i as usize % world::REVOKED_CTIS);
                s.revoked = world::REVOKED.into();
            }
            Edit::RevokedList => s.revoked = world::REVOKED.into(),
            Edit::BadRevoked(i) => s.revoked = nth(&w.bad_revoked, i).unwrap_or(s.revoked),
            Edit::TrustFile(i) => s.trust = nth(&w.trust_files, i).unwrap_or(s.trust),
            Edit::RevocationFile(i) => {
                s.revoked = nth(&w.revocation_files, i).unwrap_or(s.revoked);
            }
            _ => {}
        }
    }
    s
}

/// How many signatures and streams a [`Memo`] keeps.
const MEMO: usize = 16;

/// The key and the bytes it signed.
type Signed = (KeyId, Vec<u8>);
/// The level and the bytes compressed at it.
type Compressed = (u8, Vec<u8>);

/// A worker's memo of the two costly pure steps, signing and compressing,
/// looked up by their exact input bytes: a case builds to the same bytes
/// with or without it. Cases of one group share a sample, so edits that do
/// not touch the signed bytes reuse one signature.
#[derive(Default)]
pub struct Memo {
    sigs: Vec<(Signed, [u8; 64])>,
    streams: Vec<(Compressed, Vec<u8>)>,
    next: (usize, usize),
    /// The last payload encoded, and its CBOR (a group shares a payload).
    payload: Option<(uniqr::Payload, Vec<u8>)>,
    /// One reusable compressor per level (see `zlib::compress`).
    deflaters: Vec<(u8, flate2::Compress)>,
}

impl Memo {
    fn payload(&mut self, p: &uniqr::Payload) -> Vec<u8> {
        match &self.payload {
            Some((last, bytes)) if last == p => bytes.clone(),
            _ => {
                let bytes = cbor::encode(&p.to_cbor());
                self.payload = Some((p.clone(), bytes.clone()));
                bytes
            }
        }
    }

    fn sign(&mut self, w: &World, key: KeyId, tbs: Vec<u8>) -> [u8; 64] {
        if let Some((_, sig)) = self.sigs.iter().find(|((k, t), _)| *k == key && *t == tbs) {
            return *sig;
        }
        let sig = w.sign(key, &tbs);
        remember(&mut self.sigs, &mut self.next.0, ((key, tbs), sig));
        sig
    }

    fn compress(&mut self, level: u8, cose: &[u8]) -> Vec<u8> {
        let hit = self
            .streams
            .iter()
            .find(|((l, c), _)| *l == level && c == cose);
        if let Some((_, z)) = hit {
            return z.clone();
        }
        let i = match self.deflaters.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                let c = flate2::Compress::new(flate2::Compression::new(level.into()), true);
                self.deflaters.push((level, c));
                self.deflaters.len() - 1
            }
        };
        let z = uniqr::zlib::compress_with(&mut self.deflaters[i].1, cose);
        let key = (level, cose.to_vec());
        remember(&mut self.streams, &mut self.next.1, (key, z.clone()));
        z
    }
}

/// Keeps `item` in a ring of [`MEMO`] entries.
fn remember<T>(ring: &mut Vec<T>, next: &mut usize, item: T) {
    if ring.len() < MEMO {
        ring.push(item);
    } else {
        ring[*next % MEMO] = item;
    }
    *next = (*next + 1) % MEMO;
}

/// Builds the case (its `expected` is left empty: the reference fills it).
pub fn build(w: &World, plan: &Plan, id: &str, memo: &mut Memo) -> Case {
    build_with_file(w, plan, id, memo).0
}

/// A file a case names that is not one of the world's: a `scan_verify`
/// case's image (path relative to the suite root, and bytes).
pub type CaseFile = Option<(String, Vec<u8>)>;

/// Builds the case and the image file it names, if any.
pub fn build_with_file(w: &World, plan: &Plan, id: &str, memo: &mut Memo) -> (Case, CaseFile) {
    let s = sample(w, plan);
    let mut file = None;
    let mut input = Input::default();
    let mut context = None;
    match plan.op {
        Op::Encode => {
            let mut payload = serde_json::to_value(&plan.payload).unwrap_or_default();
            let mut claims = serde_json::to_value(&s.claims).unwrap_or_default();
            let mut key = w.key_path(s.key).to_owned();
            for e in &plan.edits {
                match *e {
                    Edit::Field(i) => super::fields::apply(i, &mut payload),
                    Edit::Unicode(f, c) => super::fields::apply_unicode(f, c, &mut payload),
                    Edit::Iss(t) => claims["iss"] = J::from(t),
                    Edit::CtiLen(n) => claims["cti"] = J::from(hex::encode(&vec![7; n as usize])),
                    Edit::ClaimDrop(n) => {
                        let name = ["iss", "exp", "iat", "cti"].get(n as usize).copied();
                        if let (Some(name), Some(m)) = (name, claims.as_object_mut()) {
                            m.remove(name);
                        }
                    }
                    Edit::BadKeyFile => key = world::BAD_KEY.into(),
                    _ => {}
                }
            }
            input.payload = Some(payload);
            input.claims = Some(claims);
            input.key = Some(key);
        }
        // The fuzzer never plans render cases (`op_weight`); one would
        // carry a text like verify.
        Op::Verify | Op::Decode | Op::Render => input.text = Some(text(w, plan, &s, memo)),
        Op::ScanVerify => {
            // R-FZ-14: the text drawn and degraded; the last Degrade wins.
            let t = text(w, plan, &s, memo);
            let (class, seed) = plan
                .edits
                .iter()
                .rev()
                .find_map(|e| match *e {
                    Edit::Degrade(c, seed) => Some((c, seed)),
                    _ => None,
                })
                .unwrap_or((0, 0));
            let (bytes, ext) = super::qr::image(&t, class, seed).unwrap_or_default();
            let path = format!("fuzz-{}/{id}.{ext}", plan.layer.name());
            input.image = Some(path.clone());
            file = Some((path, bytes));
        }
    }
    if matches!(plan.op, Op::Verify | Op::ScanVerify) {
        context = Some(Context {
            now: timefmt::format(s.now).unwrap_or_default(),
            trust: s.trust.clone(),
            revoked: s.revoked.clone(),
        });
    }
    let case = Case {
        id: id.into(),
        title: format!("fuzz: {} edits at {}", plan.op.name(), plan.layer.name()),
        category: format!("fuzz-{}", plan.layer.name()),
        requirements: plan
            .layer
            .requirements()
            .iter()
            .map(|r| (*r).to_owned())
            .collect(),
        op: plan.op,
        input,
        context,
        expected: Expected::default(),
    };
    (case, file)
}

/// The QR text: every layer from the payload out, with the plan's edits.
fn text(w: &World, plan: &Plan, s: &Sample, memo: &mut Memo) -> String {
    let signer = w.signer(s.key);
    let body = body(plan, s, memo);
    let (protected, unprotected) = headers(w, plan, signer);
    let tbs = uniqr::cose::sig_structure(&protected, &body);
    let mut sig = memo.sign(w, s.signature_key, tbs).to_vec();
    for e in &plan.edits {
        signature_edit(*e, &mut sig, signer.alg());
    }
    let cose = message(plan, &protected, &unprotected, &body, &sig);
    let deflated = deflate(plan, &cose, memo);
    let mut b45 = base45::encode(&deflated);
    for e in &plan.edits {
        base45_edit(*e, &mut b45);
    }
    let mut text = format!("{}{b45}", uniqr::prefix::PREFIX);
    for e in &plan.edits {
        text_edit(*e, &mut text);
    }
    text
}

/// The claims map bytes (the COSE payload).
fn body(plan: &Plan, s: &Sample, memo: &mut Memo) -> Vec<u8> {
    let edits_payload = plan.edits.iter().any(|e| {
        matches!(
            e,
            Edit::Field(_) | Edit::PayloadReversed | Edit::Unicode(..)
        )
    });
    let payload = if edits_payload {
        let mut j = serde_json::to_value(&plan.payload).unwrap_or_default();
        let mut reversed = false;
        for e in &plan.edits {
            match *e {
                Edit::Field(i) => super::fields::apply(i, &mut j),
                Edit::Unicode(f, c) => super::fields::apply_unicode(f, c, &mut j),
                Edit::PayloadReversed => reversed = true,
                _ => {}
            }
        }
        let bytes = forge::json_cbor(&j);
        if reversed { reverse_map(&bytes) } else { bytes }
    } else {
        memo.payload(&plan.payload)
    };
    let mut entries = forge::claims_entries(&s.claims, &payload);
    for e in &plan.edits {
        match *e {
            Edit::Iss(t) => entries[0].1 = cbor::encode(&Value::Text(t)),
            Edit::CtiLen(n) => entries[3].1 = forge::bstr(&vec![7; n as usize]),
            Edit::ClaimValue(n, raw) => {
                if let Some(entry) = entries.get_mut(n as usize) {
                    entry.1 = raw.to_vec();
                }
            }
            Edit::ClaimWiden(n) => {
                if let Some(entry) = entries.get_mut(n as usize) {
                    entry.1 = widen(&entry.1);
                }
            }
            _ => {}
        }
    }
    for e in &plan.edits {
        match *e {
            Edit::ClaimExtra(k, v) => {
                entries.push((k.to_vec(), v.to_vec()));
                // Canonical order: shorter keys first, then bytewise.
                entries.sort_by(|a, b| (a.0.len(), &a.0).cmp(&(b.0.len(), &b.0)));
            }
            Edit::ClaimDrop(n) if (n as usize) < entries.len() => {
                entries.remove(n as usize);
            }
            _ => {}
        }
    }
    for e in &plan.edits {
        if let Edit::ClaimSwap(n) = *e {
            let n = n as usize;
            if n + 1 < entries.len() {
                entries.swap(n, n + 1);
            }
        }
    }
    forge::raw_map(&entries)
}

/// The protected header bytes (bstr content) and the encoded unprotected
/// header map.
fn headers(w: &World, plan: &Plan, signer: &uniqr::Signer) -> (Vec<u8>, Vec<u8>) {
    let alg = cbor::encode(&Value::Int(signer.alg().cose_id()));
    let mut alg_entry = (cbor::encode(&Value::Int(1)), alg);
    let mut kid = forge::bstr(&signer.kid());
    let mut protected_extra = Vec::new();
    let mut unprotected = Vec::new();
    let (mut kid_protected, mut reversed) = (true, false);
    let (mut empty, mut empty_map) = (false, false);
    for e in &plan.edits {
        match *e {
            Edit::Alg(raw) => alg_entry.1 = raw.to_vec(),
            Edit::KidLen(n) => kid = forge::bstr(&vec![0x5a; n as usize]),
            Edit::KidText => kid = cbor::encode(&Value::Text(&hex::encode(&signer.kid()))),
            Edit::KidOf(k) => kid = forge::bstr(&w.signer(k).kid()),
            Edit::ProtectedEmpty => empty = true,
            Edit::ProtectedEmptyMap => empty_map = true,
            Edit::ProtectedLabel(k, v) => protected_extra.push((k.to_vec(), v.to_vec())),
            Edit::ProtectedReversed => reversed = true,
            Edit::UnprotectedKid => kid_protected = false,
            Edit::UnprotectedLabel(k, v) => unprotected.push((k.to_vec(), v.to_vec())),
            _ => {}
        }
    }
    let kid_entry = (cbor::encode(&Value::Int(4)), kid);
    let mut protected = vec![alg_entry];
    if kid_protected {
        protected.push(kid_entry);
    } else {
        unprotected.insert(0, kid_entry);
    }
    protected.extend(protected_extra);
    if reversed {
        protected.reverse();
    }
    let protected = match (empty, empty_map) {
        (true, _) => Vec::new(),
        (_, true) => vec![0xa0],
        _ => forge::raw_map(&protected),
    };
    (protected, forge::raw_map(&unprotected))
}

fn signature_edit(e: Edit, sig: &mut Vec<u8>, alg: uniqr::Alg) {
    match e {
        Edit::SFlip(pos, bit) if !sig.is_empty() => {
            let i = pos as usize % sig.len();
            sig[i] ^= 1 << (bit % 8);
        }
        Edit::SLen(n) => sig.resize(n as usize, 0),
        Edit::SZero => sig.iter_mut().for_each(|b| *b = 0),
        Edit::SHighS => match <[u8; 64]>::try_from(sig.as_slice()) {
            Ok(a) if alg == uniqr::Alg::Es256 => *sig = forge::high_s(&a).to_vec(),
            Ok(_) => forge::add_l(&mut sig[32..]),
            Err(_) => {}
        },
        Edit::SigForm(f) => super::sigenc::apply(f, sig, alg),
        _ => {}
    }
}

/// The COSE_Sign1 message with the CBOR and structure edits.
fn message(plan: &Plan, protected: &[u8], unprotected: &[u8], body: &[u8], sig: &[u8]) -> Vec<u8> {
    let mut tags = vec![0xd2];
    let mut elems = vec![
        forge::bstr(protected),
        unprotected.to_vec(),
        forge::bstr(body),
        forge::bstr(sig),
    ];
    for e in &plan.edits {
        match *e {
            Edit::Tags(raw) => tags = raw.to_vec(),
            Edit::TagWiden => tags = vec![0xd8, 0x12],
            Edit::ElemAs(n, raw) => {
                if let Some(x) = elems.get_mut((n as usize).wrapping_sub(1)) {
                    *x = raw.to_vec();
                }
            }
            _ => {}
        }
    }
    let (mut widen_array, mut indefinite_array) = (false, false);
    for e in &plan.edits {
        match *e {
            Edit::Widen(0) => widen_array = true,
            Edit::Indefinite(0) => indefinite_array = true,
            Edit::Widen(n) => {
                if let Some(x) = elems.get_mut(n as usize - 1) {
                    *x = widen(x);
                }
            }
            Edit::Indefinite(n) => {
                if let Some(x) = elems.get_mut(n as usize - 1) {
                    *x = indefinite(x);
                }
            }
            _ => {}
        }
    }
    for e in &plan.edits {
        match *e {
            Edit::DropElem(n) if (1..=elems.len()).contains(&(n as usize)) => {
                elems.remove(n as usize - 1);
            }
            Edit::ExtraElem => elems.push(vec![0x40]),
            _ => {}
        }
    }
    let mut out = tags;
    if indefinite_array {
        out.push(0x9f);
    } else {
        let mut head = Vec::new();
        cbor::write_head(4, elems.len() as u64, &mut head);
        out.extend(if widen_array { widen(&head) } else { head });
    }
    for x in &elems {
        out.extend_from_slice(x);
    }
    if indefinite_array {
        out.push(0xff);
    }
    for e in &plan.edits {
        match *e {
            Edit::Trailing(b) => out.push(b),
            Edit::CFlip(pos, bit) if !out.is_empty() => {
                let i = pos as usize % out.len();
                out[i] ^= 1 << (bit % 8);
            }
            _ => {}
        }
    }
    out
}

/// The ZLIB layer with its edits.
fn deflate(plan: &Plan, cose: &[u8], memo: &mut Memo) -> Vec<u8> {
    let mut z = None;
    for e in &plan.edits {
        match *e {
            Edit::ZLevel(l) => z = Some(forge::zlib_level(cose, u32::from(l % 10))),
            Edit::ZRaw => z = Some(forge::raw_deflate(cose)),
            Edit::ZGzip => z = Some(forge::gzip(cose)),
            Edit::ZBomb => {
                let mut big = cose.to_vec();
                big.resize(uniqr::limits::MAX_INFLATED + 1, 0);
                z = Some(uniqr::zlib::compress(&big));
            }
            _ => {}
        }
    }
    let mut z = z.unwrap_or_else(|| memo.compress(plan.level.clamp(1, 9), cose));
    for e in &plan.edits {
        match *e {
            Edit::ZFlip(pos, bit) if !z.is_empty() => {
                let i = pos as usize % z.len();
                z[i] ^= 1 << (bit % 8);
            }
            Edit::ZTruncate(pm) => z.truncate(z.len() * (pm as usize % 1000) / 1000),
            Edit::ZAppend(b) => z.extend_from_slice(b),
            Edit::ZDict if z.len() >= 2 => {
                // FDICT set; FCHECK recomputed so the header check passes.
                let flg = (z[1] | 0x20) & 0xe0;
                let check = (31 - ((u16::from(z[0]) << 8 | u16::from(flg)) % 31)) % 31;
                z[1] = flg | check as u8;
            }
            _ => {}
        }
    }
    z
}

fn base45_edit(e: Edit, b: &mut String) {
    // Base45 output is ASCII, and so is every character an edit inserts
    // except in B45Set/B45Insert, which work on char boundaries.
    let mut chars: Vec<char> = b.chars().collect();
    let n = chars.len();
    match e {
        Edit::B45Set(pos, c) if n > 0 => chars[pos as usize % n] = c,
        Edit::B45Delete(pos) if n > 0 => {
            chars.remove(pos as usize % n);
        }
        Edit::B45Insert(pos, c) => chars.insert(pos as usize % (n + 1), c),
        Edit::B45Triplet(pos, t) if n >= 3 => {
            let start = (pos as usize % n) / 3 * 3;
            for (i, c) in t.chars().enumerate() {
                if let Some(slot) = chars.get_mut(start + i) {
                    *slot = c;
                }
            }
        }
        _ => return,
    }
    *b = chars.into_iter().collect();
}

fn text_edit(e: Edit, t: &mut String) {
    match e {
        Edit::Prefix(p) => {
            let rest: String = t.chars().skip(4).collect();
            *t = format!("{p}{rest}");
        }
        Edit::Version(v) => {
            if let Some(rest) = t.strip_prefix(uniqr::prefix::PREFIX) {
                *t = format!("{v}{rest}");
            }
        }
        Edit::Append(s) => t.push_str(s),
        Edit::Prepend(s) => t.insert_str(0, s),
        Edit::Truncate(pm) => {
            let keep = t.chars().count() * (pm as usize % 1000) / 1000;
            *t = t.chars().take(keep).collect();
        }
        Edit::OverLength => {
            let pad = (MAX_TEXT_LEN + 3).saturating_sub(t.len());
            t.push_str(&"0".repeat(pad));
        }
        _ => {}
    }
}

/// The same item with its head one size longer (non-canonical, R-CBOR-4).
pub fn widen(item: &[u8]) -> Vec<u8> {
    let Some((&first, rest)) = item.split_first() else {
        return item.to_vec();
    };
    let (major, info) = (first & 0xe0, first & 0x1f);
    let (arg, tail): (u64, &[u8]) = match info {
        0..=23 => (u64::from(info), rest),
        24..=26 => {
            let n = 1 << (info - 24);
            if rest.len() < n {
                return item.to_vec();
            }
            let arg = rest[..n].iter().fold(0u64, |a, b| a << 8 | u64::from(*b));
            (arg, &rest[n..])
        }
        _ => return item.to_vec(),
    };
    let width: usize = match info {
        0..=23 => 1,
        24 => 2,
        25 => 4,
        _ => 8,
    };
    let mut out = vec![major | (24 + width.trailing_zeros() as u8)];
    out.extend_from_slice(&arg.to_be_bytes()[8 - width..]);
    out.extend_from_slice(tail);
    out
}

/// A byte string, text string, array or map in indefinite-length form.
fn indefinite(item: &[u8]) -> Vec<u8> {
    let Some(&first) = item.first() else {
        return item.to_vec();
    };
    match first >> 5 {
        // Strings: one definite chunk inside an indefinite string.
        2 | 3 => {
            let mut out = vec![(first & 0xe0) | 0x1f];
            out.extend_from_slice(item);
            out.push(0xff);
            out
        }
        // Arrays and maps: the same items between 0x9f/0xbf and 0xff.
        4 | 5 => {
            let head_len = match first & 0x1f {
                0..=23 => 1,
                24 => 2,
                25 => 3,
                26 => 5,
                27 => 9,
                _ => return item.to_vec(),
            };
            let mut out = vec![(first & 0xe0) | 0x1f];
            out.extend_from_slice(item.get(head_len..).unwrap_or_default());
            out.push(0xff);
            out
        }
        _ => item.to_vec(),
    }
}

/// A canonical map with its entries in reverse order (for maps of more than
/// one entry this is non-canonical).
fn reverse_map(map: &[u8]) -> Vec<u8> {
    let Ok(Value::Map(entries)) = cbor::decode(map) else {
        return map.to_vec();
    };
    let mut raw: Vec<(Vec<u8>, Vec<u8>)> = entries
        .iter()
        .map(|(k, v)| (cbor::encode(k), cbor::encode(v)))
        .collect();
    raw.reverse();
    forge::raw_map(&raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_heads_by_one_size() {
        assert_eq!(widen(&[0x84]), vec![0x98, 0x04]);
        assert_eq!(widen(&[0x58, 0x20, 1]), vec![0x59, 0x00, 0x20, 1]);
        assert_eq!(widen(&[0x1b, 0, 0, 0, 0, 0, 0, 0, 1]).len(), 9);
    }

    #[test]
    fn makes_indefinite_items() {
        assert_eq!(indefinite(&[0x42, 1, 2]), vec![0x5f, 0x42, 1, 2, 0xff]);
        assert_eq!(indefinite(&[0x82, 1, 2]), vec![0x9f, 1, 2, 0xff]);
    }
}
