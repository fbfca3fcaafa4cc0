"""How the server delivers the page's files to a browser on a slow network.

Streamlit serves its own scripts (about 4 MB) uncompressed; on a school's shared Wi-Fi that
is most of a phone's first visit. This middleware gzips every compressible answer the
browser accepts gzip for, and keeps the compressed bytes of the content-hashed assets
(never changed for a given address) so each is compressed once per server, not per visit.
It also names plotly.js in the page's first document, so the browser fetches and runs it from
the start instead of after the player has mounted (the plots wait for it).

Streamlit asks for its icon font (Material Symbols, 375 KB) as soon as it starts, on every
page, with `document.fonts.load('1em "Material Symbols Rounded"')`, whose text is a space.
The font's range is made to leave the space out, so that ask loads nothing; an icon's name
(letters) still fetches the font once an icon is laid out, and the icons of a first visit are
drawn without it (ui/style.py, put into the first document's head).

Streamlit's text font (Source Sans, 170 KB) is preloaded by its first document and named by
its first screen, before the theme arrives. The theme names the device's own fonts
(.streamlit/config.toml); the preload is taken out and the font's range made empty, so it is
never fetched: a phone shows its own Roboto or San Francisco, and Hangul the system's Korean
font, as before.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import OrderedDict
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/wasm", "font/ttf", "application/x-font-ttf")
MIN_BYTES = 1024  # smaller answers gain less than the header costs
KEPT_BYTES = 32 * 2**20  # compressed assets kept in memory at most
# asset addresses whose file never changes: Streamlit's hashed bundles, our static folder
KEPT_PREFIXES = ("/static/", "/app/static/")
SKIPPED_PREFIXES = ("/_stcore/stream", "/class/")  # the websocket, the class's long wait
STYLES = "/static/css/"  # Streamlit's stylesheets, where its icon font is declared
ICON_FONT = b"font-family:Material Symbols Rounded;"
TEXT_FONT = b"font-family:Source Sans;"


class _Kept:
    """The compressed assets, least recently used dropped first."""

    def __init__(self) -> None:
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        with self.lock:
            if key in self.items or len(body) > KEPT_BYTES:
                return
            self.items[key] = body
            self.size += len(body)
            while self.size > KEPT_BYTES:
                _, old = self.items.popitem(last=False)
                self.size -= len(old)


def _accepts_gzip(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            return b"gzip" in value.lower()
    return False


def fonts_left_out(css: bytes) -> bytes:
    """The icon font's declaration for every character but the space, and the text font's
    for none a page shows (U+0) (see the docstring)."""
    return (css.replace(ICON_FONT, ICON_FONT + b"unicode-range:U+21-10FFFF;")
            .replace(TEXT_FONT, TEXT_FONT + b"unicode-range:U+0;"))


FONT_PRELOAD = re.compile(rb'<link\s+rel="preload"[^>]*\bas="font"[^>]*>\s*')


def without_font_preload(html: bytes) -> bytes:
    """The root document without its preloaded text font (see the docstring)."""
    return FONT_PRELOAD.sub(b"", html)


# Streamlit's chunks that its first screen with the player needs (the component, st.html and
# their helpers); by default the browser asks for them only once the first message is read.
FIRST_CHUNKS = ("BidiComponent.", "Html.", "purify.es.", "serialization.", "recordbatch.",
                "_arrayReduce.")


def first_chunks() -> str:
    """Links that fetch those chunks from the start, in parallel with Streamlit's own start
    (on a phone they otherwise cost a round trip after the first message). A chunk a later
    Streamlit names otherwise is left out: the page is then only as fast as before."""
    import streamlit

    folder = Path(streamlit.__file__).parent / "static" / "static" / "js"
    names = sorted(f.name for f in folder.glob("*.js") if f.name.startswith(FIRST_CHUNKS))
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{n}">'
                   for n in names)


def early_script(src: str) -> str:
    """plotly.js, fetched from the start and run as soon as it arrives, while Streamlit
    starts (on a phone, while it waits for the script's first messages); the player takes
    it (player/js/charts.js). A failed one removes itself, and the player asks again."""
    return (f'<script async src="{src}" data-plotly-early '
            f'onerror="this.remove()"></script>')


class GzipAssets:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app, head: str = "") -> None:
        self.app = app
        self.kept = _Kept()
        self.head = head.encode()  # put into the root document's <head>

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET"
                or path.startswith(SKIPPED_PREFIXES)
                or not (_accepts_gzip(scope) or path == "/" or path.startswith(STYLES))):
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []
        passing = False

        async def relay(message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", ())}
                kind = headers.get(b"content-type", b"").decode("latin-1").lower()
                if (message["status"] != 200 or b"content-encoding" in headers
                        or not kind.startswith(COMPRESSIBLE)):
                    passing = True
                    await send(message)
                    return
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await send_compressed(start, b"".join(chunks))

        async def send_compressed(start: dict, body: bytes) -> None:
            if path == "/" and self.head:
                body = without_font_preload(body).replace(b"</head>", self.head + b"</head>", 1)
            elif path.startswith(STYLES):
                body = fonts_left_out(body)
            headers = [(k, v) for k, v in start.get("headers", ())
                       if k.lower() not in (b"content-length", b"vary")]
            if len(body) < MIN_BYTES or not _accepts_gzip(scope):
                await send({**start, "headers": headers + [
                    (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            key = (path, len(body), hash(body)) if path.startswith(KEPT_PREFIXES) else None
            packed = self.kept.get(key) if key else None
            if packed is None:
                packed = gzip.compress(body, compresslevel=9 if key else 6, mtime=0)
                if key:
                    self.kept.put(key, packed)
            headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding"),
                        (b"content-length", str(len(packed)).encode())]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": packed})

        await self.app(scope, receive, relay)
