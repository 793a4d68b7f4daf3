//! The deterministic robustness image set (R-QR-13).
//!
//! [`robustness_set`] renders a few demo codes of different sizes and
//! degrades them the way printing, screens and phone cameras do: rotation,
//! down-scaling, noise, blur, JPEG, low contrast, perspective, damage,
//! inversion, a photo-like background. Every image says what a verifier
//! must do with it ([`Expect`]). Everything is seeded, so the same call
//! gives the same bytes on every machine (the images are PNG/JPEG encoded
//! with fixed settings of the pinned `image` crate).

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::render::{RenderOptions, Segments, Symbol};
use uniqr::claims::Claims;
use uniqr::cose::Alg;
use uniqr::error::Error;
use uniqr::payload::Payload;

/// What a verifier must do with an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// It MUST decode to exactly the code's text.
    Decode,
    /// It MUST be rejected with this registry code.
    Reject(&'static str),
    /// Either outcome conforms (measured, not required).
    Optional,
}

impl Expect {
    /// `"decode"`, `"reject:CODE"` or `"optional"`.
    pub fn label(&self) -> String {
        match self {
            Expect::Decode => "decode".into(),
            Expect::Reject(code) => format!("reject:{code}"),
            Expect::Optional => "optional".into(),
        }
    }
}

/// One image of the set.
#[derive(Clone, Debug)]
pub struct Sample {
    /// File name, e.g. `rot15-typical-0.png`.
    pub file: String,
    /// Degradation class, e.g. `rot15`.
    pub class: &'static str,
    /// Which code: `small`, `typical` or `large`.
    pub code: &'static str,
    /// The QR text the symbol carries (empty if there is none).
    pub text: String,
    /// What a verifier must do.
    pub expect: Expect,
    /// The encoded PNG or JPEG image.
    pub image: Vec<u8>,
}

/// The degradation classes, in set order, with their expectation.
pub const CLASSES: &[(&str, Expect)] = &[
    ("clean", Expect::Decode),
    ("mask-version", Expect::Decode),
    ("rot15", Expect::Decode),
    ("rot45", Expect::Decode),
    ("rot90", Expect::Decode),
    ("scale2px", Expect::Decode),
    ("noise", Expect::Decode),
    ("blur", Expect::Decode),
    ("jpeg30", Expect::Decode),
    ("low-contrast", Expect::Decode),
    ("tilt", Expect::Decode),
    ("damage10", Expect::Decode),
    ("inverted", Expect::Decode),
    ("photo", Expect::Decode),
    ("small-in-large", Expect::Decode),
    ("scale1.5px", Expect::Optional),
    ("mirrored", Expect::Optional),
    ("byte-mode", Expect::Reject("QR_MODE_INVALID")),
    ("split-segments", Expect::Reject("QR_MODE_INVALID")),
    ("cropped", Expect::Reject("QR_UNREADABLE")),
    ("no-symbol", Expect::Reject("QR_UNREADABLE")),
];

/// The demo codes of the set: `(label, QR text)`, small to large. Fixed
/// claims and deterministic signatures make the texts stable.
///
/// # Errors
/// None in practice; the bundled payloads are valid.
pub fn codes() -> Result<Vec<(&'static str, String)>, Error> {
    let claims = uniqr::demo::sample_claims();
    let code = |json: &str, alg: Alg, claims: &Claims| -> Result<String, Error> {
        let payload = Payload::from_json(json)?;
        uniqr::encode(&payload, &uniqr::demo::signer(alg), claims)
    };
    Ok(vec![
        (
            "small",
            code(
                include_str!("../../../examples/payloads/identity-only.json"),
                Alg::EdDsa,
                &claims,
            )?,
        ),
        ("typical", uniqr::demo::sample_text()?),
        (
            "large",
            code(
                include_str!("../../../examples/payloads/all-kinds-russian.json"),
                Alg::Es256,
                &claims,
            )?,
        ),
    ])
}

/// Builds the set: every class for every code, `variants` times with
/// different seeds (the conformance set is `variants = 1`).
///
/// # Errors
/// None in practice (only encoding failures of the bundled codes).
pub fn robustness_set(variants: u32) -> Result<Vec<Sample>, Error> {
    let codes = codes()?;
    let mut out = Vec::new();
    for variant in 0..variants {
        for class in 0..CLASSES.len() {
            for code in 0..codes.len() {
                out.push(make_sample(&codes, class, code, variant)?);
            }
        }
    }
    Ok(out)
}

/// One image of [`robustness_set`]: class and code by index into
/// [`CLASSES`] and [`codes`], and the variant; `None` if out of range.
///
/// # Errors
/// None in practice (only encoding failures of the bundled codes).
pub fn sample(class: usize, code: usize, variant: u32) -> Result<Option<Sample>, Error> {
    let codes = codes()?;
    if class >= CLASSES.len() || code >= codes.len() {
        return Ok(None);
    }
    make_sample(&codes, class, code, variant).map(Some)
}

fn make_sample(
    codes: &[(&'static str, String)],
    ci: usize,
    ki: usize,
    variant: u32,
) -> Result<Sample, Error> {
    let (class, expect) = CLASSES[ci];
    let (label, text) = &codes[ki];
    let seed = (u64::from(variant) << 32) | ((ci as u64) << 8) | ki as u64;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5551_5231_0000_0000);
    let (image, jpeg) = make(class, text, &mut rng)?;
    let ext = if jpeg { "jpg" } else { "png" };
    Ok(Sample {
        file: format!("{class}-{label}-{variant}.{ext}"),
        class,
        code: label,
        text: if class == "no-symbol" {
            String::new()
        } else {
            text.clone()
        },
        expect,
        image,
    })
}

/// A tab-separated manifest: `file class code expect text`, one line each.
pub fn manifest(samples: &[Sample]) -> String {
    let mut s = String::from("file\tclass\tcode\texpect\ttext\n");
    for x in samples {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            x.file,
            x.class,
            x.code,
            x.expect.label(),
            x.text
        ));
    }
    s
}

/// Renders `text` and applies one degradation class of [`CLASSES`],
/// returning the encoded image and whether it is a JPEG (else PNG). The
/// golden-vector generator uses this with the suite's own codes.
///
/// # Errors
/// `QR_UNREADABLE`-family errors if `text` cannot be drawn as a symbol.
pub fn make(class: &str, text: &str, rng: &mut ChaCha8Rng) -> Result<(Vec<u8>, bool), Error> {
    let sym = Symbol::new(text)?;
    let at = |px: u32| Gray::from_symbol(&sym, px);
    let jitter = |rng: &mut ChaCha8Rng| uniform(rng) * 4.0 - 2.0;
    let img = match class {
        "clean" => at(4),
        "mask-version" => {
            let mask = (rng.next_u32() % 8) as u8;
            let version = (sym.version() + 1 + (rng.next_u32() % 3) as u8).min(40);
            Gray::from_symbol(
                &Symbol::build(text, Segments::Alphanumeric, version, Some(mask))?,
                4,
            )
        }
        "rot15" => at(4).rotate(15.0 + jitter(rng)),
        "rot45" => at(4).rotate(45.0 + jitter(rng)),
        "rot90" => at(4).rotate(90.0),
        "scale2px" => at(8).rotate(jitter(rng) + 2.0).downscale(4),
        "scale1.5px" => at(6).rotate(jitter(rng) + 2.0).downscale(4),
        "noise" => at(4).noise(40.0, rng),
        "blur" => at(4).blur(1.2),
        "jpeg30" => return Ok((at(4).jpeg(30), true)),
        "low-contrast" => at(4).blur(1.0).contrast(90, 150).noise(4.0, rng),
        "tilt" => at(4).tilt(25.0 + jitter(rng)),
        "damage10" => Gray::from_symbol(&damaged(&sym, 0.10, rng), 4),
        "inverted" => at(4).map(|v| 255 - v),
        "mirrored" => at(4).mirror(),
        "photo" => return Ok((photo(Some(&sym), rng).jpeg(75), true)),
        "small-in-large" => {
            // 2 px modules in a 1600×1200 frame: the symbol is under a
            // quarter of the height, so only an exhaustive search finds it.
            let code = at(8).rotate(jitter(rng) + 3.0).downscale(4);
            let mut g = Gray::filled(1600, 1200, 200);
            let x = rng.next_u32() % (1600 - code.width);
            let y = rng.next_u32() % (1200 - code.height);
            g.paste(&code, x, y);
            g
        }
        "no-symbol" => return Ok((photo(None, rng).jpeg(75), true)),
        "cropped" => {
            let g = at(4);
            let keep = g.width * 55 / 100;
            g.crop(keep, g.height)
        }
        "byte-mode" => Gray::from_symbol(&Symbol::build(text, Segments::Byte, 1, None)?, 4),
        "split-segments" => {
            let n = text.len() / 2;
            Gray::from_symbol(
                &Symbol::build(text, Segments::SplitAlphanumeric(n), 1, None)?,
                4,
            )
        }
        _ => at(4),
    };
    Ok((img.png(), false))
}

/// The symbol with a square stain of random data modules covering
/// `fraction` of its area, away from the finder patterns; function patterns
/// (timing, alignment, format and version information) stay intact, so
/// only codewords are hit and level Q recovers them.
fn damaged(sym: &Symbol, fraction: f32, rng: &mut ChaCha8Rng) -> Symbol {
    let version = qrcode::Version::Normal(i16::from(sym.version()));
    let mut s = sym.clone();
    let w = s.width();
    let side = ((w * w) as f32 * fraction).sqrt().round() as usize;
    let lo = 9;
    let hi = w.saturating_sub(9 + side).max(lo);
    let x0 = lo + rng.next_u32() as usize % (hi - lo + 1);
    let y0 = lo + rng.next_u32() as usize % (hi - lo + 1);
    for y in y0..(y0 + side).min(w) {
        for x in x0..(x0 + side).min(w) {
            let random = rng.next_u32() & 1 == 1;
            let (xi, yi) = (x as i16, y as i16);
            if !qrcode::canvas::is_functional(version, version.width(), xi, yi) {
                s.set_dark(x, y, random);
            }
        }
    }
    s
}

/// A photo-like 640×480 scene: uneven light, grey shapes, sensor noise, a
/// little blur; with the symbol (3 px/module, turned 5–15°) somewhere in it.
fn photo(sym: Option<&Symbol>, rng: &mut ChaCha8Rng) -> Gray {
    let (w, h) = (640u32, 480u32);
    let mut g = Gray::filled(w, h, 170);
    for _ in 0..10 {
        let (x0, y0) = (rng.next_u32() % w, rng.next_u32() % h);
        let (rw, rh) = (30 + rng.next_u32() % 170, 30 + rng.next_u32() % 130);
        let shade = (40 + rng.next_u32() % 190) as u8;
        g.fill_rect(x0, y0, rw, rh, shade);
    }
    if let Some(sym) = sym {
        let code = Gray::from_symbol(sym, 3).rotate(5.0 + uniform(rng) * 10.0);
        let x = rng.next_u32() % (w.saturating_sub(code.width).max(1));
        let y = rng.next_u32() % (h.saturating_sub(code.height).max(1));
        g.paste(&code, x, y);
    }
    // Light falls off from one corner: 100% to 70%.
    let (cx, cy) = (uniform(rng) * w as f32, uniform(rng) * h as f32);
    let diag = ((w * w + h * h) as f32).sqrt();
    for y in 0..h {
        for x in 0..w {
            let d = ((x as f32 - cx).hypot(y as f32 - cy)) / diag;
            let i = (y * w + x) as usize;
            g.pixels[i] = (f32::from(g.pixels[i]) * (1.0 - 0.3 * d)) as u8;
        }
    }
    g.blur(0.8).noise(6.0, rng)
}

/// A uniform sample in [0, 1).
fn uniform(rng: &mut ChaCha8Rng) -> f32 {
    (rng.next_u32() >> 8) as f32 / (1u32 << 24) as f32
}

/// A standard normal sample (Box–Muller).
fn gaussian(rng: &mut ChaCha8Rng) -> f32 {
    let u1 = uniform(rng).max(1e-7);
    let u2 = uniform(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
}

/// An 8-bit greyscale image with the transforms the set uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Row-major pixels, 0 black to 255 white.
    pub pixels: Vec<u8>,
}

impl Gray {
    /// A `width`×`height` image of one grey level.
    pub fn filled(width: u32, height: u32, level: u8) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![level; width as usize * height as usize],
        }
    }

    /// The symbol at `module_px` pixels per module with a 4-module quiet zone.
    pub fn from_symbol(sym: &Symbol, module_px: u32) -> Gray {
        let (pixels, side) = sym.to_luma(&RenderOptions {
            module_px,
            quiet_zone: 4,
        });
        Gray {
            width: side,
            height: side,
            pixels,
        }
    }

    fn at(&self, x: i64, y: i64, bg: f32) -> f32 {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return bg;
        }
        f32::from(self.pixels[y as usize * self.width as usize + x as usize])
    }

    /// Bilinear sample at continuous coordinates (pixel centres at +0.5).
    fn sample(&self, x: f32, y: f32, bg: f32) -> f32 {
        let (x, y) = (x - 0.5, y - 0.5);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = self.at(x0, y0, bg) * (1.0 - fx) + self.at(x0 + 1, y0, bg) * fx;
        let bottom = self.at(x0, y0 + 1, bg) * (1.0 - fx) + self.at(x0 + 1, y0 + 1, bg) * fx;
        top * (1.0 - fy) + bottom * fy
    }

    /// A `width`×`height` image whose pixel (x, y) samples this one at
    /// `inverse(x, y)` (inverse mapping; outside is white).
    pub fn warp(&self, width: u32, height: u32, inverse: impl Fn(f32, f32) -> (f32, f32)) -> Gray {
        let mut out = Gray::filled(width, height, 255);
        for y in 0..height {
            for x in 0..width {
                let (sx, sy) = inverse(x as f32 + 0.5, y as f32 + 0.5);
                let v = self.sample(sx, sy, 255.0);
                out.pixels[(y * width + x) as usize] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
        out
    }

    /// Rotated by `degrees` clockwise about its centre, on a canvas that holds
    /// all of it.
    pub fn rotate(&self, degrees: f32) -> Gray {
        let (s, c) = degrees.to_radians().sin_cos();
        let (w, h) = (self.width as f32, self.height as f32);
        let nw = (w * c.abs() + h * s.abs()).ceil() as u32;
        let nh = (w * s.abs() + h * c.abs()).ceil() as u32;
        let (cx, cy) = (nw as f32 / 2.0, nh as f32 / 2.0);
        self.warp(nw, nh, |x, y| {
            let (dx, dy) = (x - cx, y - cy);
            (dx * c + dy * s + w / 2.0, -dx * s + dy * c + h / 2.0)
        })
    }

    /// Seen tilted by `degrees` about the vertical axis through a pinhole
    /// camera at twice the image width: the far side shrinks.
    pub fn tilt(&self, degrees: f32) -> Gray {
        let (s, c) = degrees.to_radians().sin_cos();
        let (w, h) = (self.width as f32, self.height as f32);
        let d = 2.0 * w;
        // Forward: x' = d·x·c / (d + x·s), y' = d·y / (d + x·s), centred.
        let fwd_x = |x: f32| d * x * c / (d + x * s);
        let half_w = fwd_x(-w / 2.0).abs().max(fwd_x(w / 2.0).abs());
        let half_h = (d * (h / 2.0) / (d - (w / 2.0) * s)).abs();
        let (nw, nh) = ((2.0 * half_w).ceil() as u32, (2.0 * half_h).ceil() as u32);
        let (cx, cy) = (nw as f32 / 2.0, nh as f32 / 2.0);
        self.warp(nw, nh, |u, v| {
            let (u, v) = (u - cx, v - cy);
            let x = u * d / (d * c - u * s);
            let z = d + x * s;
            (x + w / 2.0, v * z / d + h / 2.0)
        })
    }

    /// Shrunk by an integer factor, averaging each `factor`×`factor` block.
    pub fn downscale(&self, factor: u32) -> Gray {
        let f = factor.max(1);
        let (nw, nh) = (self.width / f, self.height / f);
        let mut out = Gray::filled(nw, nh, 255);
        for y in 0..nh {
            for x in 0..nw {
                let mut sum = 0u32;
                for dy in 0..f {
                    let row = ((y * f + dy) * self.width) as usize;
                    for dx in 0..f {
                        sum += u32::from(self.pixels[row + (x * f + dx) as usize]);
                    }
                }
                out.pixels[(y * nw + x) as usize] = (sum / (f * f)) as u8;
            }
        }
        out
    }

    /// Gaussian blur with standard deviation `sigma` pixels (separable).
    pub fn blur(&self, sigma: f32) -> Gray {
        let r = (sigma * 3.0).ceil() as i64;
        let kernel: Vec<f32> = (-r..=r)
            .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
            .collect();
        let total: f32 = kernel.iter().sum();
        let (w, h) = (i64::from(self.width), i64::from(self.height));
        let pass = |src: &[f32], horizontal: bool| -> Vec<f32> {
            let mut dst = vec![0f32; src.len()];
            for y in 0..h {
                for x in 0..w {
                    let mut acc = 0.0;
                    for (k, kv) in kernel.iter().enumerate() {
                        let o = k as i64 - r;
                        let (sx, sy) = if horizontal {
                            ((x + o).clamp(0, w - 1), y)
                        } else {
                            (x, (y + o).clamp(0, h - 1))
                        };
                        acc += kv * src[(sy * w + sx) as usize];
                    }
                    dst[(y * w + x) as usize] = acc / total;
                }
            }
            dst
        };
        let src: Vec<f32> = self.pixels.iter().map(|&v| f32::from(v)).collect();
        let out = pass(&pass(&src, true), false);
        Gray {
            width: self.width,
            height: self.height,
            pixels: out
                .iter()
                .map(|v| v.round().clamp(0.0, 255.0) as u8)
                .collect(),
        }
    }

    /// Adds Gaussian noise of standard deviation `sigma` grey levels.
    pub fn noise(mut self, sigma: f32, rng: &mut ChaCha8Rng) -> Gray {
        for p in &mut self.pixels {
            *p = (f32::from(*p) + sigma * gaussian(rng))
                .round()
                .clamp(0.0, 255.0) as u8;
        }
        self
    }

    /// Maps black to `dark` and white to `light`, linearly.
    pub fn contrast(self, dark: u8, light: u8) -> Gray {
        let (d, l) = (f32::from(dark), f32::from(light));
        self.map(|v| (d + (l - d) * f32::from(v) / 255.0).round() as u8)
    }

    /// Applies `f` to every pixel.
    pub fn map(mut self, f: impl Fn(u8) -> u8) -> Gray {
        for p in &mut self.pixels {
            *p = f(*p);
        }
        self
    }

    /// Flipped left to right.
    pub fn mirror(&self) -> Gray {
        let w = self.width as usize;
        let mut out = self.clone();
        for (dst, src) in out
            .pixels
            .chunks_exact_mut(w)
            .zip(self.pixels.chunks_exact(w))
        {
            for (d, s) in dst.iter_mut().zip(src.iter().rev()) {
                *d = *s;
            }
        }
        out
    }

    /// The top-left `width`×`height` part.
    pub fn crop(&self, width: u32, height: u32) -> Gray {
        let (width, height) = (width.min(self.width), height.min(self.height));
        let mut out = Gray::filled(width, height, 255);
        for y in 0..height as usize {
            let src = y * self.width as usize;
            out.pixels[y * width as usize..(y + 1) * width as usize]
                .copy_from_slice(&self.pixels[src..src + width as usize]);
        }
        out
    }

    fn fill_rect(&mut self, x0: u32, y0: u32, w: u32, h: u32, level: u8) {
        for y in y0..(y0 + h).min(self.height) {
            for x in x0..(x0 + w).min(self.width) {
                self.pixels[(y * self.width + x) as usize] = level;
            }
        }
    }

    /// Copies `other` in with its top-left corner at (`x`, `y`).
    pub fn paste(&mut self, other: &Gray, x: u32, y: u32) {
        for oy in 0..other.height {
            for ox in 0..other.width {
                let (tx, ty) = (x + ox, y + oy);
                if tx < self.width && ty < self.height {
                    self.pixels[(ty * self.width + tx) as usize] =
                        other.pixels[(oy * other.width + ox) as usize];
                }
            }
        }
    }

    /// PNG-encoded (greyscale).
    pub fn png(&self) -> Vec<u8> {
        use image::ImageEncoder;
        let mut out = Vec::new();
        // Encoding a consistent in-memory buffer cannot fail.
        let _ = image::codecs::png::PngEncoder::new(&mut out).write_image(
            &self.pixels,
            self.width,
            self.height,
            image::ExtendedColorType::L8,
        );
        out
    }

    /// JPEG-encoded (greyscale) at `quality` 1..=100.
    pub fn jpeg(&self, quality: u8) -> Vec<u8> {
        use image::ImageEncoder;
        let mut out = Vec::new();
        // Encoding a consistent in-memory buffer cannot fail.
        let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).write_image(
            &self.pixels,
            self.width,
            self.height,
            image::ExtendedColorType::L8,
        );
        out
    }
}
