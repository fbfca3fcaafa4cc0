"""Hostile requests to a running server: it refuses them and still answers its health check."""

from __future__ import annotations

import http.client
import os
import socket
import urllib.parse

import pytest

ROOT_FILES = ("app.py", "requirements.txt", ".streamlit/config.toml")


def request(server, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    host = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=20)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)  # the raw path, unnormalised
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def healthy(server) -> bool:
    status, _, body = request(server, "GET", "/_stcore/health")
    return status == 200 and body.strip() == b"ok"


@pytest.mark.parametrize("path", [
    "/app/static/../app.py", "/app/static/%2e%2e/app.py", "/app/static/..%2fapp.py",
    "/app/static/%2e%2e/.streamlit/config.toml", "/../../etc/passwd", "/app/static//etc/passwd",
    "/app/static/../../../../etc/passwd", "/media/../app.py", "/component/../app.py",
])
def test_path_traversal_gets_no_file(server, path):
    status, _, body = request(server, "GET", path)
    assert b"import streamlit" not in body and b"root:x:0:0" not in body
    assert b"enableXsrfProtection" not in body
    assert status in (400, 403, 404) or b"<!doctype html>" in body[:200].lower(), (path, status)
    assert healthy(server)


def test_static_serving_holds_only_the_players_assets(server):
    status, _, body = request(server, "GET", "/app/static/plotly.min.js")
    assert status == 200 and len(body) > 1_000_000
    root = os.path.join(os.path.dirname(__file__), "..", "..", "static")
    # (and class/: each live class's version number, which its pages poll)
    served = sorted(f for f in os.listdir(root) if not f.startswith(".") and f != "class")
    # make fetches the cartesian bundle where npm is at hand; nothing else is ever there
    assert served in (["plotly.min.js"], ["plotly-cartesian.min.js", "plotly.min.js"]), served
    if "plotly-cartesian.min.js" in served:
        status, _, body = request(server, "GET", "/app/static/plotly-cartesian.min.js")
        assert status == 200 and 1_000_000 < len(body) < 2_000_000


def test_an_upload_without_the_xsrf_token_is_refused(server):
    boundary = "linregboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\nx,y\n1,2\n2,4\r\n"
            f"--{boundary}--\r\n").encode()
    status, _, _ = request(server, "PUT", "/_stcore/upload_file/some-session/some-file", body,
                           {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 403
    assert healthy(server)


def test_cors_is_not_opened_to_other_sites(server):
    status, headers, _ = request(server, "GET", "/_stcore/health",
                                 headers={"Origin": "http://evil.example"})
    allowed = {k.lower(): v for k, v in headers.items()}.get("access-control-allow-origin")
    assert allowed in (None, "", server.url), allowed  # never another site, never "*"


def test_a_huge_websocket_frame_does_not_take_the_server_down(server):
    import websocket  # websocket-client

    host = urllib.parse.urlsplit(server.url)
    ws = websocket.create_connection(f"ws://{host.hostname}:{host.port}/_stcore/stream",
                                     timeout=20, subprotocols=["streamlit"],
                                     origin=server.url)
    try:
        try:
            ws.send_binary(os.urandom(64 * 1024 * 1024))  # 64 MB of garbage, not a message
            ws.recv()
        except (TimeoutError, websocket.WebSocketException, OSError):
            pass  # the server may close the connection: that is the point
    finally:
        ws.close()
    assert healthy(server)


def test_garbage_on_the_wire_is_survived(server):
    host = urllib.parse.urlsplit(server.url)
    for junk in (b"\x00" * 10_000, b"GET / HTTP/1.1\r\nHost: " + b"a" * 100_000 + b"\r\n\r\n",
                 b"GARBAGE\r\n\r\n"):
        with socket.create_connection((host.hostname, host.port), timeout=10) as s:
            try:
                s.sendall(junk)
                s.recv(1024)
            except OSError:
                pass
    assert healthy(server)


def _alike(answer) -> tuple:
    status, headers, body = answer
    return status, body, sorted((k.lower(), v) for k, v in headers.items() if k.lower() != "date")


def test_the_class_route_answers_alike_for_a_class_that_never_was_ended_or_is_not_here(server):
    """A signal that never existed, one whose class ended, one no page of this server is in:
    the same status, body and headers, on the stream, the long poll and the clock alike. An
    ended class's open stream hears "ended" (version 0) last, and closes."""
    import json
    import secrets
    import threading
    import time

    import requests

    from bench.streamlit_client import Session
    from linreg.classroom.room import Classroom
    from linreg.classroom.store import open_store

    room = Classroom(open_store(server.store))  # the server's, as the teacher's page has it
    code, key = room.start({"lr": "0.05", "epochs": "300"}, "en")
    elsewhere, other_key = room.start({"lr": "0.05", "epochs": "300"}, "en")
    with Session(server.url, query=f"join={code}&name=Mina", timeout=120) as tab:
        tab.load()
        url = tab.player["watch"]["url"]
    assert url == f"/class/{room.signals(code, key)['class']}"
    heard, opened = [], threading.Event()

    def listen():
        with requests.get(f"{server.url}{url}/events?after={room.version(code)}", stream=True,
                          timeout=60) as answer:
            opened.set()
            heard.extend(json.loads(line[6:])["version"] for line in answer.iter_lines()
                         if line.startswith(b"data: "))
        heard.append("closed")

    thread = threading.Thread(target=listen)
    thread.start()
    assert opened.wait(60)
    clock = requests.get(f"{server.url}{url}/clock", timeout=60)  # a page times it
    assert clock.status_code == 200 and clock.headers["cache-control"] == "no-store"
    assert abs(clock.json()["now"] - time.time()) < 60  # the server's clock (one machine)
    room.end(code, key)
    thread.join(60)
    assert heard == [0, "closed"]
    never = f"/class/{secrets.token_hex(12)}"
    not_here = f"/class/{room.signals(elsewhere, other_key)['class']}"
    for path in ("/events?after=1", "?after=1", "/clock"):
        answers = [_alike(request(server, "GET", f"{signal}{path}"))
                   for signal in (never, url, not_here)]
        assert answers[0][0] == 404 and answers == [answers[0]] * 3, answers
    room.end(elsewhere, other_key)
    assert healthy(server)
