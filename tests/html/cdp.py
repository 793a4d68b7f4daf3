"""Headless Chromium driven over the DevTools protocol on a pipe, shared by
the browser checks of the HTML reports (check.sh, interop.sh)."""
import base64, json, os, select, subprocess, sys, time


class Chrome:
    """Headless Chromium driven over the DevTools protocol on a pipe (fds 3
    and 4), so that the check can type into the page without a port."""
    def __init__(self, profile):
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        def fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-pipe",
             f"--user-data-dir={profile}"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf, self.last, self.events = b"", 0, []

    def read(self, timeout=30):
        end = time.time() + timeout
        while b"\0" not in self.buf:
            left = end - time.time()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]:
                raise TimeoutError("no message from Chromium")
            chunk = os.read(self.from_r, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None):
        self.last += 1
        msg = {"id": self.last, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read()
            if m.get("id") == self.last:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait(self, method):
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self.read())
        self.events = [e for e in self.events if e.get("method") != method]

    def open(self, url, scripts=True):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for m in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(m, session=s)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=s)
        self.send("Emulation.setScriptExecutionDisabled", {"value": not scripts}, session=s)
        self.send("Page.navigate", {"url": url}, session=s)
        self.wait("Page.loadEventFired")
        return s

    def js(self, s, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=s)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails'].get('text')}")
        return r["result"].get("value")

    def shot(self, s, path, full):
        params = {"format": "png"}
        if full:
            size = self.send("Page.getLayoutMetrics", session=s)["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = self.send("Page.captureScreenshot", params, session=s)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def console(self):
        kinds = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")
        return [e for e in self.events if e.get("method") in kinds]

    def close(self):
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError, EOFError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def console_problems(chrome):
    """Every console message and exception the pages logged, as problems."""
    return [f"console: {json.dumps(e.get('params'))[:300]}" for e in chrome.console()]


def finish(name, problems, summary):
    """Prints the problems and exits 1, or prints the summary."""
    if problems:
        print(f"{name}: FAILED", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print(f"{name}: ok: {summary}")
