//! The page's one style sheet and one script, constant for every report
//! (the script is allowed by its hash in the page's Content-Security-Policy).

pub(super) const CSS: &str = r#"
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--fail2:#a40e26;--xfail:#9a6700;--skip:#6e7781;--link:#0a3069}
*{box-sizing:border-box}
[hidden]{display:none!important}
[id]{scroll-margin-top:8rem}
html{color-scheme:light}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
main,header.top,footer,.finder-in{max-width:72rem;margin:0 auto;padding:0 1.25rem}
header.top{padding-top:1.5rem}
.skip{position:absolute;left:-10000px;top:0}
.skip:focus{left:1rem;top:1rem;z-index:10;background:#fff;padding:.5rem 1rem;border:2px solid var(--link)}
h1{font-size:1.8rem;margin:0 0 .25rem}
h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:0 0 .35rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
h2+p,h3+p{margin-top:0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em;overflow-wrap:anywhere}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all}
pre.block{background:var(--bg2);border:1px solid var(--line);border-radius:6px;padding:.6rem .75rem}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.sub{color:var(--muted);margin:0 0 1rem}
.sub strong{color:var(--fg)}
.verdict{border:2px solid;border-radius:10px;padding:1rem 1.25rem;margin:0;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.verdict-word{margin:0;font-size:1.6rem;line-height:1.25;font-weight:800;display:flex;gap:.6rem;align-items:baseline}
.verdict-word .icon{flex:none;font-size:1.4rem}
.v-conformant{color:#0b4d1e;background:#dafbe1;border-color:var(--pass)}
.v-waivers{color:#053e47;background:#d8f4f7;border-color:#0f7c8c;border-style:double;border-width:4px}
.v-partial{color:#4d2d00;background:#fff8c5;border-color:#bf8700}
.v-not{color:#82071e;background:#ffebe9;border-color:var(--fail)}
.verdict-facts{display:flex;flex-wrap:wrap;gap:.5rem 2.5rem;margin:.75rem 0 0;padding:.75rem 0 0;border-top:1px solid currentColor}
.verdict-facts dt{font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.verdict-facts dd{margin:0;font-weight:600}
.verdict-facts ul{margin:0;padding-left:1.1rem}
.verdict a{color:inherit}
.chip{display:inline-block;border:1px solid currentColor;border-radius:1rem;padding:0 .55rem;margin:0 .25rem .1rem 0;font-size:.9rem;font-weight:700}
.claim{font-weight:400;font-size:.9rem}
.suite{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:700;font-size:.85rem;border:1px solid}
.suite-official{color:#0b4d1e;background:#dafbe1;border-color:#4ac26b}
.suite-custom,.suite-modified{color:#4d2d00;background:#fff8c5;border-color:#d4a72c}
.incomplete{margin:.75rem 0 0;padding:.5rem .75rem;border-left:4px solid var(--xfail);background:#fff8c5;color:#4d2d00;font-weight:600}
nav.toc{margin:1rem 0 0}
nav.toc ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;margin:0;padding:0;font-size:.95rem}
.finder{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);box-shadow:0 2px 6px rgba(31,35,40,.08);margin-top:1.25rem;padding:.6rem 0}
.finder-row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.finder label[for]{font-weight:700}
.finder input[type=search]{flex:1 1 18rem;min-width:12rem;font:inherit;padding:.35rem .6rem;border:1px solid #8c959f;border-radius:6px}
.finder fieldset{border:0;margin:.4rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .9rem;align-items:center}
.finder legend{float:left;margin-right:.5rem;font-weight:700;font-size:.9rem}
.finder fieldset label{font-size:.9rem;white-space:nowrap;cursor:pointer}
button{font:inherit;font-size:.9rem;padding:.3rem .7rem;border:1px solid #8c959f;border-radius:6px;background:var(--bg2);color:var(--fg);cursor:pointer}
button:hover{background:#eaeef2}
button:disabled{opacity:.55;cursor:not-allowed}
.status{color:var(--muted);font-size:.9rem;margin-left:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid var(--line)}
thead th{background:var(--bg2);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table:not(.kv) td code,table:not(.kv) th code{white-space:nowrap}
table.kv th{width:13rem;font-weight:600;color:var(--muted)}
tr.zero td,tr.zero th{color:var(--muted)}
tr.has-fail>th:first-child{box-shadow:inset 4px 0 0 var(--fail)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(7.5rem,1fr));gap:.75rem;margin:.5rem 0 1rem;padding:0}
.stats div{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem}
.stats div.bad{border-color:var(--fail);box-shadow:inset 0 3px 0 var(--fail)}
.stats dt{color:var(--muted);font-size:.9rem}
.stats dd{margin:0;font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:600;border:1px solid;white-space:nowrap;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
.b-pass{color:#0b4d1e;background:#dafbe1;border-color:#4ac26b}
.b-fail{color:#82071e;background:#ffebe9;border-color:#ff8182}
.b-xfail{color:#4d2d00;background:#fff8c5;border-color:#d4a72c}
.b-skip{color:#24292f;background:#eaeef2;border-color:#afb8c1}
.bar{display:flex;height:1.1rem;min-width:8rem;border:1px solid var(--line);border-radius:3px;overflow:hidden;background:#fff}
.bar span{display:block;height:100%;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.s-pass{background:var(--pass)}
.s-fail{background:repeating-linear-gradient(45deg,var(--fail) 0 4px,var(--fail2) 4px 8px)}
.s-xfail{background:var(--xfail)}
.s-skip{background:var(--skip)}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.25rem 0;color:var(--muted);font-size:.9rem}
.legend span{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.3rem;border-radius:2px}
td.barcell{width:40%}
article.case{border:1px solid var(--line);border-left:5px solid var(--fail);border-radius:6px;padding:.75rem 1rem;margin:1rem 0;break-inside:avoid}
article.case>p{margin:0 0 .5rem}
.repro{margin:.5rem 0 .75rem}
.repro h4{margin:0 0 .25rem;font-size:.9rem;color:var(--muted)}
.cmdline{display:flex;gap:.5rem;align-items:flex-start}
pre.cmd{flex:1;background:#f6f8fa;border:1px solid var(--line);border-left:4px solid #0969da;border-radius:6px;padding:.5rem .75rem}
pre.cmd::before{content:"$ ";color:var(--muted);user-select:none}
.repro .note{margin:.25rem 0 0}
dl.ctx{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}
dl.ctx dt{color:var(--muted);font-size:.85rem}
dl.ctx dd{margin:0}
ul.diff{margin:0;padding-left:1.2rem}
ul.links{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.15rem .75rem}
ul.cases{margin:.25rem 0 .5rem;padding-left:1.2rem}
ul.cases li{margin:.1rem 0}
.k{font-size:.8rem;font-weight:600}
.k-pass{color:#116329}.k-fail{color:#a40e26}.k-xfail{color:#7d4e00}.k-skip{color:var(--muted)}
.reqs{color:var(--muted);font-size:.85rem}
details{margin:.35rem 0}
h3.part{margin:1.25rem 0 .35rem}
td details{margin:.15rem 0 0}
td summary{font-size:.85rem;color:var(--muted)}
details.all>summary{font-weight:600}
details.cat{border:1px solid var(--line);border-radius:6px;padding:.35rem .75rem}
summary{cursor:pointer}
details.cat>summary{font-weight:600}
figure{margin:0}
figure img{display:block;max-width:min(100%,20rem);height:auto;border:1px solid var(--line)}
figcaption,.note{color:var(--muted);font-size:.9rem}
.nomatch{font-style:italic;color:var(--muted)}
footer{margin-top:3rem;padding-bottom:2rem;color:var(--muted);font-size:.9rem}
footer p{margin:0;border-top:1px solid var(--line);padding-top:1rem}
@media (max-width:40rem){.verdict-word{font-size:1.3rem}.status{margin-left:0}.finder{position:static}.barcell{display:none}table{display:block;overflow-x:auto}}
@media print{body{font-size:11pt}a{color:inherit;text-decoration:none}h2{break-after:avoid}.finder,.copy,nav.toc,.skip{display:none!important}tr,li{break-inside:avoid}.v-waivers{border-style:double}}
"#;

/// The page's only script: search, outcome filters, copy buttons. It holds
/// no report data, so no vendor text is ever inside a `<script>` element; it
/// reads escaped `data-*` attributes and writes with `textContent` only.
pub(super) const SCRIPT: &str = r#"
(function () {
  "use strict";
  var finder = document.getElementById("finder");
  if (!finder || !finder.querySelectorAll) { return; }
  var search = document.getElementById("finder-q");
  var boxes = [].slice.call(finder.querySelectorAll("input[name=kind]"));
  var status = document.getElementById("finder-status");
  var items = [].slice.call(document.querySelectorAll("[data-q]"));
  var groups = [].slice.call(document.querySelectorAll("[data-group]"));
  var notes = [].slice.call(document.querySelectorAll("[data-nomatch]"));
  var ids = {};
  items.forEach(function (el) { if (el.hasAttribute("data-case")) { ids[el.getAttribute("data-case")] = 1; } });
  var total = Object.keys(ids).length;
  function shown(el, top) {
    for (var n = el; n && n !== top; n = n.parentElement) { if (n.hidden) { return false; } }
    return true;
  }
  function anyShown(root) {
    return [].some.call(root.querySelectorAll("[data-q]"), function (el) { return shown(el, root); });
  }
  function apply() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var kinds = {};
    var on = 0;
    boxes.forEach(function (b) { if (b.checked) { kinds[b.value] = 1; on++; } });
    var active = terms.length > 0 || on < boxes.length;
    items.forEach(function (el) {
      var hay = el.getAttribute("data-q").toLowerCase();
      var ks = (el.getAttribute("data-kind") || "").split(" ");
      el.hidden = !(terms.every(function (t) { return hay.indexOf(t) >= 0; }) &&
        ks.some(function (k) { return kinds[k] === 1; }));
    });
    // A row holding listed cases (a requirement) shows when one of them does.
    for (var i = items.length - 1; i >= 0; i--) {
      if (items[i].hidden && [].some.call(items[i].querySelectorAll("[data-q]"), function (d) { return !d.hidden; })) {
        items[i].hidden = false;
      }
    }
    groups.forEach(function (g) { g.hidden = false; });
    groups.forEach(function (g) {
      var any = anyShown(g);
      g.hidden = !any;
      if (g.tagName === "DETAILS") {
        if (active && any && !g.open) { g.open = true; g.setAttribute("data-opened", ""); }
        if (!active && g.hasAttribute("data-opened")) { g.open = false; g.removeAttribute("data-opened"); }
      }
    });
    notes.forEach(function (p) {
      var sec = p.parentElement;
      p.hidden = !(sec.querySelector("[data-q]") && !anyShown(sec));
    });
    var seen = {};
    items.forEach(function (el) {
      if (el.hasAttribute("data-case") && shown(el, null)) { seen[el.getAttribute("data-case")] = 1; }
    });
    var n = Object.keys(seen).length;
    status.textContent = active ? "Showing " + n + " of " + total + " cases" : "Showing all " + total + " cases";
  }
  function reset() {
    search.value = "";
    boxes.forEach(function (b) { b.checked = true; });
    apply();
  }
  search.addEventListener("input", apply);
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.getElementById("finder-failures").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = b.hasAttribute("data-failure"); });
    apply();
  });
  document.getElementById("finder-all").addEventListener("click", reset);
  window.addEventListener("hashchange", function () {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var t = document.getElementById(id);
    if (t && !shown(t, null)) { reset(); t.scrollIntoView(); }
  });
  [].forEach.call(document.querySelectorAll("pre.cmd"), function (pre) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy";
    b.textContent = "Copy";
    b.setAttribute("aria-label", "Copy the command");
    b.addEventListener("click", function () {
      var text = pre.textContent;
      function select() {
        var r = document.createRange();
        r.selectNodeContents(pre);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
        b.textContent = "Selected: copy with the keyboard";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { b.textContent = "Copied"; }, select);
      } else {
        select();
      }
    });
    pre.parentNode.appendChild(b);
  });
  finder.hidden = false;
  apply();
})();
"#;
