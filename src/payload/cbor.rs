//! Payload ⇄ CBOR map with text keys (R-PAY-1).

use super::{Names, Payload, Recovery, Test, Vaccination};
use crate::cbor::Value;
use crate::error::{Error, PayloadError as E};

/// Looks up `known` text keys in a map; any other key is an error.
fn fields<'v, 'a, const N: usize>(
    v: &'v Value<'a>,
    known: [&str; N],
) -> Result<[Option<&'v Value<'a>>; N], Error> {
    let map = v.as_map().ok_or(Error::Payload(E::NotMap))?;
    let mut out = [None; N];
    for (k, val) in map {
        let Value::Text(k) = k else {
            return Err(Error::Payload(E::UnknownField));
        };
        let i = known
            .iter()
            .position(|n| n == k)
            .ok_or(Error::Payload(E::UnknownField))?;
        out[i] = Some(val);
    }
    Ok(out)
}

fn req<'v, 'a>(v: Option<&'v Value<'a>>) -> Result<&'v Value<'a>, Error> {
    v.ok_or(Error::Payload(E::MissingField))
}

fn text(v: Option<&Value<'_>>) -> Result<String, Error> {
    match req(v)? {
        Value::Text(t) => Ok((*t).to_owned()),
        _ => Err(Error::Payload(E::Type)),
    }
}

fn opt_text(v: Option<&Value<'_>>) -> Result<Option<String>, Error> {
    v.map(|v| text(Some(v))).transpose()
}

fn int(v: Option<&Value<'_>>) -> Result<i64, Error> {
    match req(v)? {
        Value::Int(i) => Ok(*i),
        _ => Err(Error::Payload(E::Type)),
    }
}

fn list<T>(
    v: Option<&Value<'_>>,
    each: fn(&Value<'_>) -> Result<T, Error>,
) -> Result<Option<Vec<T>>, Error> {
    match v {
        None => Ok(None),
        Some(Value::Array(items)) => items.iter().map(each).collect::<Result<_, _>>().map(Some),
        Some(_) => Err(Error::Payload(E::Type)),
    }
}

impl Payload {
    /// Reads a payload from its CBOR map and checks every rule.
    ///
    /// ```
    /// use uniqr::{Payload, cbor::Value};
    ///
    /// let p = uniqr::demo::sample_payload();
    /// assert_eq!(Payload::from_cbor(&p.to_cbor())?, p);
    ///
    /// let extra = Value::Map(vec![(Value::Text("x"), Value::Int(1))]);
    /// assert_eq!(Payload::from_cbor(&extra).unwrap_err().code(), "PAYLOAD_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `PAYLOAD_INVALID`: first the shape (not a map, unknown, missing or
    /// mistyped fields, anywhere in the payload), then the rules of
    /// [`Payload::validate`] (R-PAY-10).
    pub fn from_cbor(v: &Value<'_>) -> Result<Payload, Error> {
        let [ver, pid, nam, dob, vs, ts, rs] =
            fields(v, ["ver", "pid", "nam", "dob", "v", "t", "r"])?;
        let p = Payload {
            ver: text(ver)?,
            pid: text(pid)?,
            nam: names(req(nam)?)?,
            dob: text(dob)?,
            v: list(vs, vaccination)?,
            t: list(ts, test)?,
            r: list(rs, recovery)?,
        };
        p.validate()?;
        Ok(p)
    }

    /// The CBOR map of this payload, optional members omitted when absent
    /// (canonical key order is applied by [`cbor::encode`](crate::cbor::encode)).
    ///
    /// ```
    /// use uniqr::cbor::Value;
    ///
    /// let p = uniqr::demo::sample_payload();
    /// let map = p.to_cbor();
    /// let pid = map.as_map().unwrap().iter().find(|(k, _)| *k == Value::Text("pid"));
    /// assert_eq!(pid.map(|(_, v)| v), Some(&Value::Text("VN-079-0001")));
    /// ```
    pub fn to_cbor(&self) -> Value<'_> {
        let mut m = vec![
            (Value::Text("ver"), Value::Text(&self.ver)),
            (Value::Text("pid"), Value::Text(&self.pid)),
            (Value::Text("nam"), names_cbor(&self.nam)),
            (Value::Text("dob"), Value::Text(&self.dob)),
        ];
        if let Some(v) = &self.v {
            m.push((
                Value::Text("v"),
                Value::Array(v.iter().map(vaccination_cbor).collect()),
            ));
        }
        if let Some(t) = &self.t {
            m.push((
                Value::Text("t"),
                Value::Array(t.iter().map(test_cbor).collect()),
            ));
        }
        if let Some(r) = &self.r {
            m.push((
                Value::Text("r"),
                Value::Array(r.iter().map(recovery_cbor).collect()),
            ));
        }
        Value::Map(m)
    }
}

fn names(v: &Value<'_>) -> Result<Names, Error> {
    let [f, fnt, gn, gnt] = fields(v, ["fn", "fnt", "gn", "gnt"])?;
    Ok(Names {
        family: opt_text(f)?,
        fnt: text(fnt)?,
        gn: opt_text(gn)?,
        gnt: opt_text(gnt)?,
    })
}

fn vaccination(v: &Value<'_>) -> Result<Vaccination, Error> {
    let [tg, vp, mp, ma, dn, sd, dt, co, is, ci] = fields(
        v,
        ["tg", "vp", "mp", "ma", "dn", "sd", "dt", "co", "is", "ci"],
    )?;
    Ok(Vaccination {
        tg: text(tg)?,
        vp: text(vp)?,
        mp: text(mp)?,
        ma: text(ma)?,
        dn: int(dn)?,
        sd: int(sd)?,
        dt: text(dt)?,
        co: text(co)?,
        is: text(is)?,
        ci: text(ci)?,
    })
}

fn test(v: &Value<'_>) -> Result<Test, Error> {
    let [tg, tt, nm, ma, sc, tr, tc, co, is, ci] = fields(
        v,
        ["tg", "tt", "nm", "ma", "sc", "tr", "tc", "co", "is", "ci"],
    )?;
    Ok(Test {
        tg: text(tg)?,
        tt: text(tt)?,
        nm: opt_text(nm)?,
        ma: opt_text(ma)?,
        sc: text(sc)?,
        tr: text(tr)?,
        tc: opt_text(tc)?,
        co: text(co)?,
        is: text(is)?,
        ci: text(ci)?,
    })
}

fn recovery(v: &Value<'_>) -> Result<Recovery, Error> {
    let [tg, fr, co, is, df, du, ci] = fields(v, ["tg", "fr", "co", "is", "df", "du", "ci"])?;
    Ok(Recovery {
        tg: text(tg)?,
        fr: text(fr)?,
        co: text(co)?,
        is: text(is)?,
        df: text(df)?,
        du: text(du)?,
        ci: text(ci)?,
    })
}

fn push_opt<'a>(m: &mut Vec<(Value<'a>, Value<'a>)>, k: &'static str, v: &'a Option<String>) {
    if let Some(v) = v {
        m.push((Value::Text(k), Value::Text(v)));
    }
}

fn names_cbor(n: &Names) -> Value<'_> {
    let mut m = vec![(Value::Text("fnt"), Value::Text(&n.fnt))];
    push_opt(&mut m, "fn", &n.family);
    push_opt(&mut m, "gn", &n.gn);
    push_opt(&mut m, "gnt", &n.gnt);
    Value::Map(m)
}

fn vaccination_cbor(v: &Vaccination) -> Value<'_> {
    Value::Map(vec![
        (Value::Text("tg"), Value::Text(&v.tg)),
        (Value::Text("vp"), Value::Text(&v.vp)),
        (Value::Text("mp"), Value::Text(&v.mp)),
        (Value::Text("ma"), Value::Text(&v.ma)),
        (Value::Text("dn"), Value::Int(v.dn)),
        (Value::Text("sd"), Value::Int(v.sd)),
        (Value::Text("dt"), Value::Text(&v.dt)),
        (Value::Text("co"), Value::Text(&v.co)),
        (Value::Text("is"), Value::Text(&v.is)),
        (Value::Text("ci"), Value::Text(&v.ci)),
    ])
}

fn test_cbor(t: &Test) -> Value<'_> {
    let mut m = vec![
        (Value::Text("tg"), Value::Text(&t.tg)),
        (Value::Text("tt"), Value::Text(&t.tt)),
        (Value::Text("sc"), Value::Text(&t.sc)),
        (Value::Text("tr"), Value::Text(&t.tr)),
        (Value::Text("co"), Value::Text(&t.co)),
        (Value::Text("is"), Value::Text(&t.is)),
        (Value::Text("ci"), Value::Text(&t.ci)),
    ];
    push_opt(&mut m, "nm", &t.nm);
    push_opt(&mut m, "ma", &t.ma);
    push_opt(&mut m, "tc", &t.tc);
    Value::Map(m)
}

fn recovery_cbor(r: &Recovery) -> Value<'_> {
    Value::Map(vec![
        (Value::Text("tg"), Value::Text(&r.tg)),
        (Value::Text("fr"), Value::Text(&r.fr)),
        (Value::Text("co"), Value::Text(&r.co)),
        (Value::Text("is"), Value::Text(&r.is)),
        (Value::Text("df"), Value::Text(&r.df)),
        (Value::Text("du"), Value::Text(&r.du)),
        (Value::Text("ci"), Value::Text(&r.ci)),
    ])
}
