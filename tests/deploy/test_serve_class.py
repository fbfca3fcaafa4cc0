"""deploy/serve_class.py: two Streamlit workers behind nginx, one worker per browser.

One class server for the module (loopback, free ports). Each "browser" is a requests
session plus websocket-client, doing what Streamlit's frontend does: load the page, fetch
/_stcore/health (which sets the XSRF cookie), then open /_stcore/stream with the
subprotocols [streamlit, xsrf token, session id to resume].
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from harness.server import free_port

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "serve_class.py"
# NGINX=/path/to/nginx picks another binary (and lets one check the "not installed" path).
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
COOKIE = "linreg_worker"
# A page waiting for its class's next version must hear of a change before the server's own
# wait ends (server.WAIT_SECONDS, 25 s), when it would be answered anyway.
ANSWER_SECONDS = 20
XSRF = "_streamlit_xsrf"


def refused(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) != 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def established_to(port: int) -> int:
    """TCP connections a worker holds now (its side of nginx's proxied connections)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            for line in f:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                    count += 1
    return count


class ClassServer:
    def __init__(self, process: subprocess.Popen, port: int, run_dir: Path, log: Path):
        self.process, self.port, self.run_dir, self.log = process, port, run_dir, log
        self.url = f"http://127.0.0.1:{port}"

    def state(self) -> dict:
        return json.loads((self.run_dir / "state.json").read_text())

    def worker_of(self, upstream: str | None) -> str:
        """The worker named by an X-Upstream header (the last address nginx tried)."""
        assert upstream, "nginx sent no X-Upstream header"
        port = int(upstream.split(",")[-1].strip().rsplit(":", 1)[1])
        (name,) = [w["name"] for w in self.state()["workers"] if w["port"] == port]
        return name

    def port_of(self, name: str) -> int:
        (port,) = [w["port"] for w in self.state()["workers"] if w["name"] == name]
        return port


def _serve(extra: list[str]):
    if not Path(NGINX).is_file():
        message = f"nginx not found at {NGINX} (Debian: apt-get install -y nginx-light)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="serve-class-test-", dir=artifacts))
    log = run_dir / "serve_class.out"
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(SCRIPT), "--workers", "2", "--address", "127.0.0.1",
             "--port", str(port), "--run-dir", str(run_dir), "--nginx", NGINX, *extra],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    server = ClassServer(process, port, run_dir, log)
    deadline = time.monotonic() + 120
    while not (run_dir / "state.json").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"serve_class did not come up:\n{log.read_text()}")
        time.sleep(0.3)

    yield server

    state = server.state()  # the latest pids, restarted workers included
    pids = [state["nginx"]["pid"]] + [w["pid"] for w in state["workers"]]
    if state.get("redis"):
        pids.append(state["redis"]["pid"])
    ports = [port] + [w["port"] for w in state["workers"]]
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(60)
    except subprocess.TimeoutExpired:
        for pid in [process.pid, *pids]:  # only what this fixture started, by pid
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        pytest.fail(f"serve_class did not stop on SIGTERM:\n{log.read_text()}")
    assert code == 0, log.read_text()
    assert [pid for pid in pids if alive(pid)] == [], "processes left running"
    assert all(refused(p) for p in ports), "a port still accepts connections"
    assert not (run_dir / "state.json").exists()


@pytest.fixture(scope="module")
def served():
    yield from _serve([])


@pytest.fixture(scope="module")
def served_redis():
    if not shutil.which("redis-server"):
        message = "redis-server not found (Debian: apt-get install -y redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield from _serve(["--redis"])


class Browser:
    """One student's browser: a cookie jar shared by its page requests and websockets."""

    def __init__(self, server: ClassServer):
        self.server = server
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        response = self.http.get(self.server.url + path, timeout=30)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        return response

    def load_page(self) -> requests.Response:
        page = self.get("/")
        self.get("/_stcore/health")  # the frontend does this first; it sets the XSRF cookie
        return page

    def open_stream(self, resume: str | None = None, port: int | None = None):
        """The page's websocket, through nginx (or straight to a worker's port)."""
        port = port or self.server.port
        protocols = ["streamlit", self.http.cookies.get(XSRF, "")] + ([resume] if resume else [])
        return websocket.create_connection(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=protocols, timeout=60,
            origin=f"http://127.0.0.1:{port}",
            cookie="; ".join(f"{k}={v}" for k, v in self.http.cookies.items()))


def ask(ws, back: BackMsg, answer: str) -> ForwardMsg:
    """Send one message on the page's websocket; return the first reply of the given kind."""
    ws.send_binary(back.SerializeToString())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        msg = ForwardMsg()
        msg.ParseFromString(ws.recv())
        if msg.WhichOneof("type") == answer:
            return msg
    raise AssertionError(f"no {answer} message in 60 s")


def session_id(ws) -> str:
    """Ask for a script run, as the page does on load; the server answers with the session."""
    msg = ask(ws, BackMsg(rerun_script={"query_string": ""}), "new_session")
    return msg.new_session.initialize.session_id


def test_health_comes_through_the_proxy(served):
    response = requests.get(served.url + "/_stcore/health", timeout=10)
    assert response.status_code == 200
    assert response.text.strip() == "ok"
    assert served.worker_of(response.headers.get("X-Upstream")) in ("w0", "w1")


def test_first_html_response_pins_the_browser(served):
    browser = Browser(served)
    page = browser.get("/")
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<div id="root">' in page.text
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=w"), cookie
    for flag in ("Path=/", "SameSite=Lax", "HttpOnly"):
        assert flag in cookie
    assert browser.http.cookies[COOKIE] == served.worker_of(page.headers["X-Upstream"])
    # A browser that already has its cookie is not given another one.
    assert COOKIE not in browser.get("/").headers.get("Set-Cookie", "")


def test_websocket_upgrade_goes_through(served):
    browser = Browser(served)
    browser.load_page()
    ws = browser.open_stream()
    try:
        assert ws.status == 101
        headers = ws.getheaders()
        assert headers["upgrade"].lower() == "websocket"
        assert headers["connection"].lower() == "upgrade"
        assert ws.getsubprotocol() == "streamlit"
        assert served.worker_of(headers["x-upstream"]) == browser.http.cookies[COOKIE]
        assert session_id(ws)
    finally:
        ws.close()


def test_a_browser_stays_on_its_worker(served):
    browser = Browser(served)
    browser.load_page()
    mine = browser.http.cookies[COOKIE]
    # Page, core routes, static files, component files: all to the same worker.
    paths = {"/": 200, "/_stcore/health": 200, "/_stcore/host-config": 200,
             "/app/static/no-such-file.js": 404, "/component/no.such/index.html": 404}
    for _ in range(3):
        for path, status in paths.items():
            response = browser.http.get(served.url + path, timeout=30)
            assert response.status_code == status, (path, response.status_code)
            assert served.worker_of(response.headers["X-Upstream"]) == mine, path

    first = browser.open_stream()
    assert served.worker_of(first.getheaders()["x-upstream"]) == mine
    sid = session_id(first)
    first.close()  # a dropped connection: the page reconnects and asks to resume its session
    second = browser.open_stream(resume=sid)
    try:
        assert served.worker_of(second.getheaders()["x-upstream"]) == mine
        assert session_id(second) == sid
    finally:
        second.close()

    # Why the cookie matters: the other worker has never heard of this session.
    other = "w1" if mine == "w0" else "w0"
    elsewhere = browser.open_stream(resume=sid, port=served.port_of(other))
    try:
        assert session_id(elsewhere) != sid
    finally:
        elsewhere.close()


def test_an_upload_reaches_the_worker_that_holds_the_session(served):
    browser = Browser(served)
    browser.load_page()
    ws = browser.open_stream()
    try:
        sid = session_id(ws)
        request = BackMsg(file_urls_request={"request_id": "r1", "file_names": ["data.csv"],
                                             "session_id": sid})
        (urls,) = ask(ws, request, "file_urls_response").file_urls_response.file_urls
        token = {"X-Xsrftoken": browser.http.cookies[XSRF]}
        csv = b"x,y\n" + b"1,2\n" * (3 << 20)  # 12 MiB: past nginx's default 1 MiB body limit
        upload = browser.http.put(served.url + urls.upload_url, headers=token, timeout=60,
                                  files={"file": ("data.csv", csv, "text/csv")})
        assert upload.status_code == 204, (upload.status_code, upload.text[:300])
        assert served.worker_of(upload.headers["X-Upstream"]) == browser.http.cookies[COOKIE]

        # The same upload sent to the other worker, as a proxy without stickiness would.
        other = "w1" if browser.http.cookies[COOKIE] == "w0" else "w0"
        stray = requests.put(f"http://127.0.0.1:{served.port_of(other)}{urls.upload_url}",
                             headers=token, cookies={XSRF: browser.http.cookies[XSRF]},
                             files={"file": ("data.csv", b"x,y\n1,2\n", "text/csv")}, timeout=30)
        assert stray.status_code == 400
        assert "sticky sessions" in stray.text
    finally:
        ws.close()


def test_new_browsers_spread_over_both_workers(served):
    seen = Counter()
    for _ in range(20):  # all on 2 of 2 workers by chance: 2 * 0.5**20
        browser = Browser(served)
        page = browser.get("/_stcore/health")
        worker = served.worker_of(page.headers["X-Upstream"])
        assert browser.http.cookies[COOKIE] == worker  # the cookie names who answered
        seen[worker] += 1
    assert set(seen) == {"w0", "w1"}, seen


def test_websockets_without_cookies_spread_and_stay_open(served):
    ports = {name: served.port_of(name) for name in ("w0", "w1")}
    before = {name: established_to(port) for name, port in ports.items()}
    sockets, seen = [], Counter()
    try:
        for _ in range(16):  # no cookie at all, like a client that refuses them
            ws = websocket.create_connection(
                f"ws://127.0.0.1:{served.port}/_stcore/stream", subprotocols=["streamlit"],
                origin=served.url, timeout=30)
            sockets.append(ws)
            assert ws.status == 101
            seen[served.worker_of(ws.getheaders()["x-upstream"])] += 1
        assert set(seen) == {"w0", "w1"}, seen
        # Each worker really holds the connections nginx says it sent there.
        deadline = time.monotonic() + 10
        held = {}
        while time.monotonic() < deadline:
            held = {name: established_to(port) - before[name] for name, port in ports.items()}
            if held == dict(seen):
                break
            time.sleep(0.2)
        assert held == dict(seen)
        print(f"\n16 websockets without cookies: {dict(seen)}")
    finally:
        for ws in sockets:
            ws.close()


def test_a_crashed_worker_is_covered_then_restarted(served):
    browser = Browser(served)
    browser.http.cookies.set(COOKIE, "w1")
    browser.load_page()
    old = {w["name"]: w for w in served.state()["workers"]}["w1"]
    os.kill(old["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not refused(old["port"]) and time.monotonic() < deadline:
        time.sleep(0.1)

    # nginx falls back to the other worker: the student sees a fresh page, not a 502.
    response = browser.get("/")
    assert served.worker_of(response.headers["X-Upstream"]) == "w0"
    assert browser.http.cookies[COOKIE] == "w1"  # still pinned, for when w1 is back

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        now = {w["name"]: w for w in served.state()["workers"]}["w1"]
        if now["pid"] != old["pid"]:
            break
        time.sleep(0.3)
    assert now["pid"] != old["pid"] and now["restarts"] == 1, now
    assert now["port"] == old["port"]
    health = requests.get(f"http://127.0.0.1:{now['port']}/_stcore/health", timeout=10)
    assert health.text.strip() == "ok"


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_one_class_spans_both_workers(kind, request):
    """A student on each worker, one class: the store (the SQLite file the workers share, or
    the redis-server serve_class started with --redis) carries the teacher's change to both,
    and each worker's /class/ route answers its waiting page with the new version and the
    teacher's play state, through nginx too."""
    from bench.streamlit_client import Session
    from linreg.classroom.room import Classroom, run_key
    from linreg.classroom.store import open_store

    served = request.getfixturevalue("served" if kind == "sqlite" else "served_redis")
    redis = served.state().get("redis")
    assert (redis is None) == (kind == "sqlite")
    store = open_store(f"redis://127.0.0.1:{redis['port']}/0" if redis else None)
    room = Classroom(store)  # as the teacher's page does, on neither worker
    code, key = room.start({"lr": "0.05", "epochs": "300"}, "en")
    students = [Session(f"http://127.0.0.1:{served.port_of(name)}", timeout=120,
                        query=f"join={code}&name={name}") for name in ("w0", "w1")]
    try:
        for tab in students:
            tab.connect()
            tab.load()
            assert tab.player["lr"] == 0.05 and tab.player["end"] == 300
            assert tab.player["led_by_teacher"] == "Following the teacher"
        assert room.board(code, key, names=True)["joined"] == 2
        waits, sent = {}, []

        def wait(name: str, port: int, after: int) -> None:
            """A page's request for the class's next version, sent straight to a worker or
            through nginx; it must be answered before the server's own wait ends."""
            asked = http.client.HTTPConnection("127.0.0.1", port, timeout=ANSWER_SECONDS)
            try:
                asked.request("GET", f"{students[0].player['watch']['url']}?after={after}")
                sent.append(name)
                answer = asked.getresponse()
                waits[name] = (answer.status, json.loads(answer.read()))
            except OSError as error:  # no answer in time: the change did not wake it
                waits[name] = (None, repr(error))
            finally:
                asked.close()

        before = room.version(code)
        threads = [threading.Thread(target=wait, args=(name, port, before)) for name, port in (
            ("w0", served.port_of("w0")), ("w1", served.port_of("w1")), ("nginx", served.port))]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(sent) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(sent) == 3 and not waits  # the three requests wait for a change
        room.set_player(code, key, 25, False, 0)
        version = room.version(code)
        for t in threads:
            t.join(ANSWER_SECONDS + 10)
        assert {name: w[0] for name, w in waits.items()} == {
            name: 200 for name in ("w0", "w1", "nginx")}, waits
        for name, (_, body) in waits.items():
            # the version, and the teacher's play state, which a following page moves along
            # by itself
            assert body["version"] == version, name
            assert (body["play"]["epoch"], body["play"]["playing"]) == (25, False), name
        for tab in students:
            tab.act("class_sync", version=version)
            assert tab.player["at"] == 25
        # a new setup: each page fetches the class's new run from its own worker, with the
        # pass that worker gave it (the other worker refuses it), the same bytes on both
        room.set_setup(code, key, {"lr": "0.1", "epochs": "300"})
        run, fetched = run_key({"lr": "0.1", "epochs": "300"}), {}
        for name, other, tab in (("w0", "w1", students[0]), ("w1", "w0", students[1])):
            w = tab.player["watch"]
            path = f"{w['url']}/run/{run}?{w['run_query']}"
            own, refused = (requests.get(f"http://127.0.0.1:{served.port_of(n)}{path}",
                                         timeout=ANSWER_SECONDS) for n in (name, other))
            assert (own.status_code, refused.status_code) == (200, 404), name
            fetched[name] = own.content
        assert fetched["w0"] == fetched["w1"] and json.loads(fetched["w0"])["lr"] == 0.1
    finally:
        for tab in students:
            tab.close()
        room.end(code, key)


def test_a_forged_address_header_is_not_a_new_client(served):
    """Joins through nginx under a new forged X-Forwarded-For and X-Real-IP each time: nginx
    writes both over with the address it sees, so the class's limits count that one address
    (the rows of the store's rate limits say whom they counted)."""
    import sqlite3

    from bench.streamlit_client import Session
    from linreg.classroom.room import CODE_ALPHABET
    from linreg.classroom.store import open_store

    store = open_store(None)  # the workers' SQLite file
    wrong = next(c * 6 for c in CODE_ALPHABET if store.read(c * 6) is None)
    forged = [f"198.51.100.{i}" for i in range(3)]
    since = time.time()  # the rows of this test (the file outlives test runs)
    for i, address in enumerate(forged):
        with Session(served.url, query=f"join={wrong}&name=g{i}", timeout=120,
                     headers=(f"X-Forwarded-For: {address}",
                              f"X-Real-IP: 203.0.113.{i}")) as tab:
            tab.load()
    with sqlite3.connect(store.path) as db:
        counted = [key for (key,) in db.execute("SELECT key FROM buckets WHERE at >= ?",
                                                (since,))]
    assert not [k for k in counted if "198.51.100." in k or "203.0.113." in k], counted
    assert {"join:127.0.0.1", "guess:127.0.0.1"} <= set(counted), counted


def test_a_teachers_play_state_told_through_nginx_reaches_the_streams_on_both_workers(
        served):
    """The teacher's player tells its Step to the play route (through nginx, to either
    worker, with the class's play secret); each worker's stream of the class tells its page
    at once, from the shared store. A wrong secret changes nothing."""
    from bench.streamlit_client import Session
    from linreg.classroom.room import Classroom, play_secret, run_key
    from linreg.classroom.store import open_store

    room = Classroom(open_store(None))
    setup = {"lr": "0.05", "epochs": "300"}
    code, key = room.start(setup, "en")
    students = [Session(f"http://127.0.0.1:{served.port_of(name)}", timeout=120,
                        query=f"join={code}&name={name}") for name in ("w0", "w1")]
    streams = []
    try:
        for tab in students:
            tab.connect()
            tab.load()
        url = students[0].player["watch"]["url"]
        assert url == f"/class/{room.signals(code, key)['class']}"
        heard = {}

        def listen(name: str, base: str) -> None:
            # a change, not the stream's heartbeat (a comment, every 20 s), wakes it in time
            answer = requests.get(f"{base}{url}/events?after={room.version(code)}",
                                  stream=True, timeout=ANSWER_SECONDS)
            streams.append(answer)
            assert answer.headers["content-type"].startswith("text/event-stream")
            for line in answer.iter_lines():
                if line.startswith(b"data: "):
                    heard[name] = json.loads(line[6:])
                    return

        threads = [threading.Thread(target=listen, args=(name, f"http://127.0.0.1:"
                                                         f"{served.port_of(name)}"))
                   for name in ("w0", "w1")]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(streams) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(streams) == 2 and not heard  # the streams are quiet until the class changes
        play = {"run": run_key(setup), "epoch": 40, "playing": False, "speed": 100}
        wrong = requests.post(f"{served.url}{url}/play", json={**play, "secret": key},
                              timeout=10)
        assert wrong.status_code == 403
        right = requests.post(f"{served.url}{url}/play",
                              json={**play, "secret": play_secret(key, code)}, timeout=10)
        assert right.status_code == 200 and right.json()["version"] == room.version(code)
        for t in threads:
            t.join(40)
        assert sorted(heard) == ["w0", "w1"]
        for name, answer in heard.items():
            assert answer["version"] == room.version(code), name
            assert (answer["play"]["epoch"], answer["play"]["playing"]) == (40, False), name
    finally:
        for answer in streams:
            answer.close()
        for tab in students:
            tab.close()
        room.end(code, key)


def test_the_class_route_is_rate_limited_per_address_past_a_whole_class(served):
    """nginx's limit_req on /class/: a class of 200 behind one address opens its streams and
    reconnects them all once (400 at once), then 5 a second; past that 429, which the page
    backs off from. The page itself and the health check are not limited; the class's clock
    is limited apart (1000 at once, then 20 a second)."""
    import secrets

    signal = secrets.token_hex(12)
    statuses = []
    start = time.monotonic()
    with requests.Session() as session:
        for _ in range(460):
            statuses.append(session.get(f"{served.url}/class/{signal}/events?after=1",
                                        timeout=30).status_code)
        elapsed = time.monotonic() - start
        assert session.get(f"{served.url}/_stcore/health", timeout=30).text.strip() == "ok"
    passed = statuses.count(404)
    assert set(statuses) == {404, 429}, set(statuses)
    # the burst, and what the rate let through meanwhile
    assert 400 <= passed <= 401 + 5 * elapsed, (passed, elapsed)
    assert statuses.index(429) >= 400
    # the class's clock has its own limit: a whole class's round trips as it joins (5 each)
    clock, start = [], time.monotonic()
    with requests.Session() as session:
        while len(clock) < 4000 and 429 not in clock:
            clock.append(session.get(f"{served.url}/class/{signal}/clock",
                                     timeout=30).status_code)
        elapsed = time.monotonic() - start
    assert set(clock) == {404, 429}, set(clock)
    assert 1000 <= clock.count(404) <= 1001 + 20 * elapsed, (clock.count(404), elapsed)
