"""A loopback TCP relay that counts the bytes a server sends to a browser, as they cross the
wire: HTTP headers and bodies as sent (compressed or not), the websocket's frames as sent
(compressed when the two ends agreed on it). Chromium's own counts report a websocket's
messages decompressed, so a first visit is measured through this relay instead."""

from __future__ import annotations

import contextlib
import socket
import threading

from .server import free_port


class WireCount:
    """Listens on 127.0.0.1 (`url`) and relays every connection to `upstream` (host, port);
    `sent` is every byte the upstream has sent back so far. Stopped by `close`."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.sent = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.open: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        with self.lock:
            self.sent = 0

    def _accept(self) -> None:
        while True:
            try:
                browser, _ = self.listener.accept()
            except OSError:  # closed
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                browser.close()
                continue
            for s in (browser, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.open += [browser, server]
            threading.Thread(target=self._pump, args=(browser, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, browser, True), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while data := source.recv(65536):
                if counted:
                    with self.lock:
                        self.sent += len(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with self.lock:
            for s in self.open:
                s.close()

    def __enter__(self) -> WireCount:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
