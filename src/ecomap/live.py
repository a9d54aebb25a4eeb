"""The live preview's web server: the last good outputs of one map on 127.0.0.1, and a page
that reloads itself when they change (``ecomap render MAP --watch``).

Standard library only (http.server, one thread per connection). The report on disk is never
touched: the served copy of ``/`` gets a few lines of script appended to the report's own one
inline script, and its Content-Security-Policy the new script's hash and ``connect-src 'self'``
(for the Server-Sent Events stream at ``/events``); nothing else in the policy changes. Every
other output is served byte-identical at ``/<file name>``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_CONTENT_TYPES = {".svg": "image/svg+xml", ".html": "text/html; charset=utf-8",
                  ".json": "application/json; charset=utf-8", ".png": "image/png",
                  ".pdf": "application/pdf", ".dot": "text/plain; charset=utf-8",
                  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml."
                           "presentation"}
_KEEPALIVE_SECONDS = 10.0  # an idle stream says something this often: a closed tab is noticed

# Appended to the page's script. The page knows the outputs it was built from (TOKEN); the
# stream sends the current ones and the current error: another token reloads the page (at
# the same scroll position), an error shows in a banner over the last good outputs. The
# banner is styled through the CSSOM, which the report's style-src-attr 'none' allows.
_RELOAD_JS = """
;(function () {
  "use strict";
  var token = "__TOKEN__", key = "ecomap-live-scroll", banner = null;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  function show(text) {
    if (!text) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = document.createElement("pre");
      banner.id = "ecomap-live-error";
      var s = banner.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.margin = "0";
      s.zIndex = "2147483647"; s.maxHeight = "40vh"; s.overflow = "auto";
      s.padding = "0.75em 1em"; s.background = "#7f1d1d"; s.color = "#fff";
      s.font = "13px/1.4 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent = text;
  }
  var stream = new EventSource("/events");
  stream.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.token !== token) {
      stream.close();
      sessionStorage.setItem(key, String(window.scrollY));
      window.location.reload();
      return;
    }
    show(state.error);
  };
})();
"""

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def live_report(report: bytes, token: str) -> bytes:
    """The report as served: its one inline script extended by the reload script, its policy
    allowing exactly that script and the stream. ValueError if the page is not a report."""
    text = report.decode("utf-8")
    script, policy = _SCRIPT.search(text), _CSP.search(text)
    if script is None or policy is None:
        raise ValueError("not an ecomap report: no inline script or no Content-Security-Policy")
    old_js = script.group(1)
    new_js = old_js + _RELOAD_JS.replace("__TOKEN__", token)
    directives = [d.strip() for d in html.unescape(policy.group(2)).split(";") if d.strip()]
    old_hash = f"'{_sha256(old_js)}'"
    if f"script-src {old_hash}" not in directives:
        raise ValueError("the report's policy does not name its script")
    directives = [f"script-src '{_sha256(new_js)}'" if d == f"script-src {old_hash}" else d
                  for d in directives] + ["connect-src 'self'"]
    text = (text[:policy.start(2)] + html.escape("; ".join(directives)) + text[policy.end(2):])
    start, end = _SCRIPT.search(text).span(1)  # type: ignore[union-attr]  # found above
    return (text[:start] + new_js + text[end:]).encode("utf-8")


def live_placeholder(title: str, body: str, token: str) -> bytes:
    """A page for when there is no report to show: the SVG alone (``body`` its ``<img>``), or
    nothing yet (the map has not rendered once)."""
    js = _RELOAD_JS.replace("__TOKEN__", token)
    policy = "; ".join(["default-src 'none'", f"script-src '{_sha256(js)}'", "img-src 'self'",
                        "connect-src 'self'", "base-uri 'none'", "form-action 'none'"])
    return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(policy)}">\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}\n"
            f"<script>{js}</script>\n</body>\n</html>\n").encode()


class Site:
    """What is served, swapped as a whole under a lock; waiting streams are woken on change."""

    def __init__(self, title: str) -> None:
        self._changed = threading.Condition()
        self._title = title
        self._files: dict[str, bytes] = {}
        self._main = ""   # the file ``/`` shows: the report, else the SVG
        self._page = b""  # ``/`` as served
        self._token = ""  # names the outputs ``/`` shows
        self.error = ""
        self.stopping = False
        self._set_page()

    def publish(self, files: dict[str, bytes], main: str) -> None:
        """New outputs (all of them or only some, e.g. the SVG first): served from now on."""
        with self._changed:
            self._files.update(files)
            if main:
                self._main = main
            self._set_page()
            self._changed.notify_all()

    def show_error(self, message: str) -> None:
        with self._changed:
            self.error = message
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()

    def _set_page(self) -> None:
        main = self._files.get(self._main, b"")
        token = hashlib.sha256(main).hexdigest()[:16]
        if self._main.endswith(".html"):
            self._page = live_report(main, token)
        elif self._main:
            src = html.escape(f"/{self._main}?v={token}")
            self._page = live_placeholder(self._title, f'<img src="{src}" alt="">', token)
        else:
            self._page = live_placeholder(self._title, "<p>ecomap: no output yet</p>", token)
        self._token = token

    def state(self) -> bytes:
        """What the event stream sends: the token of the outputs ``/`` shows and the error."""
        with self._changed:
            return json.dumps({"token": self._token, "error": self.error}).encode()

    def page(self) -> bytes:
        with self._changed:
            return self._page

    def file(self, name: str) -> bytes | None:
        with self._changed:
            return self._files.get(name)

    def wait(self, seen: bytes) -> bytes | None:
        """The state once it differs from ``seen``; None after a quiet while or on stop."""
        with self._changed:
            self._changed.wait_for(lambda: self.stopping or self.state() != seen,
                                   _KEEPALIVE_SECONDS)
            if self.stopping:
                return None
            now = self.state()
            return now if now != seen else None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 — the name http.server calls
        site = self.server.site
        if not self._host_allowed():  # a page elsewhere rebinding its name to 127.0.0.1
            self.send_error(403, "unexpected Host header")
            return
        path = self.path.split("?", 1)[0]
        if path == "/events":
            self._stream(site)
            return
        body = site.page() if path == "/" else site.file(path[1:])
        if body is None:
            self.send_error(404)
            return
        suffix = "." + path.rsplit(".", 1)[-1] if path != "/" else ".html"
        self.send_response(200)
        self.send_header("Content-Type", _CONTENT_TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _host_allowed(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _stream(self, site: Site) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = site.state()
        try:
            self.wfile.write(b"data: " + state + b"\n\n")
            self.wfile.flush()
            while not site.stopping:
                now = site.wait(state)
                if now is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    state = now
                    self.wfile.write(b"data: " + state + b"\n\n")
                self.wfile.flush()
        except OSError:  # the tab was closed
            return

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — http.server's name
        """Quiet: the terminal is for the map's errors."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # open streams do not hold up Ctrl-C

    def __init__(self, port: int, site: Site) -> None:
        self.site = site
        super().__init__(("127.0.0.1", port), _Handler)


def serve(site: Site, port: int) -> tuple[_Server, str]:
    """Start serving ``site`` on 127.0.0.1 (port 0: any free one) in a background thread;
    the server and its address. OSError when the port is taken."""
    server = _Server(port, site)
    threading.Thread(target=server.serve_forever, name="ecomap-live", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
