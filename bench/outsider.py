"""A live class tried as an outsider would try it, on a real server on loopback, and behind
nginx when nginx is installed.

    .venv/bin/python -m bench.outsider [--guesses 40] [--fill-seconds 10] [--probes 100]

The outsider connects from 127.0.0.2 and other loopback addresses: to the server each is a
stranger's machine on the network, not the proxy on 127.0.0.1 whose X-Real-IP the server
believes. It does what a script would, each part bounded in count and time:

- guesses join codes on the page (how many wrong codes before it is slowed, and how many
  more it still got answered after that);
- sends a new forged X-Forwarded-For and X-Real-IP on every try (the limits must not move);
- fills a class it has the code of from its one address for --fill-seconds (how many got in),
  then a real student from another address joins (in, or what stopped them);
- probes the class route with random signals, a class's signal after it ended and one no
  page of the server is in (every answer must be alike);
- opens streams on its class's signal until refused (a 503 with Retry-After from the server,
  or nginx's 429), while the health check must still answer.

It prints a table of figures and exits 1 if a rule failed. Whatever it starts it stops by
process id.
"""

from __future__ import annotations

import argparse
import http.client
import re
import secrets
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import websocket

from harness.server import NGINX, ServedClass, Server
from linreg.classroom.room import GUESS_BURST, Classroom
from linreg.classroom.signals import MAX_WAITING_PER_CLIENT
from linreg.classroom.store import open_store
from linreg.texts.en import MESSAGES

from .streamlit_client import Session
from .table import print_header, print_row

# other loopback addresses stand for other machines: the script's, for each of its parts
# (so one part's limits do not blur the next's), and a real student's
GUESSER, FILLER, PROBER, HOLDER, STUDENT = (f"127.0.0.{n}" for n in (2, 4, 5, 6, 3))
WIDTH = 58
SETUP = {"lr": "0.05", "epochs": "300"}
TRIES_PER_THREAD = 4  # the script's tabs at once


class Tab(Session):
    """A tab of the page from another address, which remembers the page's notices."""

    source: str = GUESSER
    said: list[str]

    def connect(self) -> None:
        self.said = []
        host, port = self.base_url.split("//", 1)[1].split(":")
        sock = socket.create_connection((host, int(port)), timeout=self.timeout,
                                        source_address=(self.source, 0))
        self._ws = websocket.create_connection(
            f"ws://{host}:{port}/_stcore/stream", timeout=self.timeout, socket=sock,
            subprotocols=["streamlit"], origin=self.base_url, header=list(self.headers))

    def _read_delta(self, msg):
        element = msg.delta.new_element
        if msg.delta.WhichOneof("type") == "new_element" and element.WhichOneof("type") == "alert":
            self.said.append(element.alert.body.replace("\\", "").replace("\u2060", ""))
        return super()._read_delta(msg)


def said(tab: Tab, word: str) -> bool:
    return any(MESSAGES[word].split("{")[0].strip(" .") in text for text in tab.said)


def forged(n: int) -> tuple[str, ...]:
    return (f"X-Forwarded-For: 198.51.100.{n % 250}", f"X-Real-IP: 203.0.113.{n % 250}")


def join(url: str, code: str, name: str, n: int, source: str) -> Tab:
    """One try at the page's join link, with forged address headers: the tab, as it was left."""
    tab = Tab(url, query=f"join={code}&name={name}", timeout=120, headers=forged(n))
    tab.source = source
    try:
        tab.connect()
        tab.load()
    finally:
        tab.close()
    return tab


def request(url: str, path: str, source: str = PROBER, cookie: str = "") -> tuple:
    host, port = url.split("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30,
                                            source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        answer = connection.getresponse()
        headers = sorted((k.lower(), v) for k, v in answer.getheaders()
                         if k.lower() not in ("date", "set-cookie", "x-upstream"))
        return answer.status, answer.read(), headers
    finally:
        connection.close()


def guess(url: str, tries: int, rows: list, where: str) -> None:
    """Wrong codes, a new forged address each time, a few tabs at once."""
    outcomes: list[tuple[float, str]] = []
    lock = threading.Lock()
    start = time.monotonic()

    def worker(k: int) -> None:
        for i in range(k, tries, TRIES_PER_THREAD):
            code = "".join(secrets.choice("ACDEFGHJKMNPQRTUVWXY3479") for _ in range(6))
            began = time.monotonic() - start
            tab = join(url, code, f"g{i}", i, GUESSER)
            answer = ("slowed" if said(tab, "class_slow_down") else
                      "no class" if said(tab, "class_gone") else
                      "joined" if tab.player and tab.player.get("watch") else "other")
            with lock:
                outcomes.append((time.monotonic() - start, began, answer))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(TRIES_PER_THREAD)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    outcomes.sort()
    answers = [a for _, _, a in outcomes]
    first = answers.index("slowed") if "slowed" in answers else len(answers)
    # the tries begun once a refusal had come back: a try of another tab already under way
    # may take one of the last tokens and end after that refusal, which says nothing of the
    # slowdown
    refused_at = outcomes[first][0] if first < len(outcomes) else float("inf")
    after = [(end, a) for end, began, a in outcomes if began >= refused_at]
    answered = sum(1 for _, a in after if a != "slowed")
    span = (after[-1][0] - refused_at) if after else 0.0
    rows.append(dict(name=f"{where}: wrong codes answered before slowed", value=first, unit="codes",
                     goal=f"<= {GUESS_BURST}", ok=len(answers) == tries and "other" not in answers
                     and first <= GUESS_BURST + TRIES_PER_THREAD and "joined" not in answers,
                     note=f"{len(answers)} tries, each with new forged X-Forwarded-For and "
                          f"X-Real-IP; {answers.count('other')} other answers"))
    rows.append(dict(name=f"{where}: wrong codes answered once slowed", value=answered,
                     unit="codes", goal="~0.2/s", ok=bool(after) and answered <= 2 + 0.2 * span,
                     note=f"{len(after)} tries begun in {span:.1f} s after the first refusal "
                          "came back; every code refused alike meanwhile"))


def fill(url: str, room: Classroom, seconds: float, rows: list, where: str) -> tuple:
    """One address joins a class as fast as its tabs go, then a real student tries."""
    code, key = room.start(SETUP, "en")
    stop = time.monotonic() + seconds
    results: list[str] = []
    signal: list[str] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        n = k
        while time.monotonic() < stop:
            tab = join(url, code, f"f{n}", 1000 + n, FILLER)
            inside = bool(tab.player and tab.player.get("watch"))
            with lock:
                results.append("in" if inside else "slowed" if said(tab, "class_slow_down")
                               else "full" if said(tab, "class_full") else "other")
                if inside and not signal:
                    signal.append(tab.player["watch"]["url"])
            n += TRIES_PER_THREAD

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(TRIES_PER_THREAD)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    joined = room.board(code, key)["joined"]
    rows.append(dict(name=f"{where}: one address fills a class for {seconds:g} s", value=joined,
                     unit="joined", goal="info", ok=bool(results) and "other" not in results,
                     note=f"{len(results)} tries: {results.count('slowed')} slowed, "
                          f"{results.count('full')} full, {results.count('other')} other"))
    tries, real = 0, None
    while tries < 5:  # the real student tries as a person would, a second apart
        tries += 1
        real = join(url, code, "Real", 0, source=STUDENT)
        if real.player and real.player.get("watch"):
            break
        time.sleep(1)
    inside = bool(real.player and real.player.get("watch"))
    rows.append(dict(name=f"{where}: then a real student from elsewhere", value=tries,
                     unit="tries", goal="in",
                     ok=inside or joined >= 200,
                     note=("in" if inside else f"not in: {' / '.join(real.said) or '?'}")
                          + f"; the class held {joined} then (the teacher's Whom I let in, "
                            "Nobody more and Remove stop a stranger who has the code)"))
    return code, key, signal[0] if signal else None


def probe(url: str, room: Classroom, probes: int, rows: list, where: str) -> None:
    """Random signals, an ended class's, one no page of this server is in: alike."""
    code, key = room.start(SETUP, "en")
    tab = join(url, code, "p", 5000, source=STUDENT)  # a page here is in it...
    ended = tab.player["watch"]["url"] if tab.player and tab.player.get("watch") else None
    room.end(code, key)  # ...and it ends
    other, other_key = room.start(SETUP, "en")
    not_here = f"/class/{room.signals(other, other_key)['class']}"
    paths = [f"/class/{secrets.token_hex(12)}" for _ in range(probes)] + [not_here] + (
        [ended] if ended else [])
    answers = [request(url, f"{p}/events?after=1") for p in paths]
    answers += [request(url, f"{p}?after=1") for p in paths[-2:]]
    first = answers[0]
    alike = sum(1 for a in answers if a == first)
    room.end(other, other_key)
    rows.append(dict(name=f"{where}: class route probed with signals", value=alike,
                     unit="alike", goal=f"= {len(answers)}",
                     ok=alike == len(answers) and ended is not None and first[0] == 404,
                     note=f"{probes} random, one ended, one no page here (stream and long "
                          f"poll): all {first[0]} {first[1][:40]!r}"))


def hold(url: str, signal: str | None, limit: int, rows: list, where: str,
         cookies: tuple[str, ...] = ("",)) -> None:
    """Streams on the class's signal from one address until refused; health meanwhile."""
    if signal is None:
        rows.append(dict(name=f"{where}: streams held from one address", value=None, unit="",
                         goal="", ok=False, note="no signal: the outsider never got in"))
        return
    host, port = url.split("//", 1)[1].split(":")
    cookie = next((c for c in cookies if request(url, f"{signal}?after=-1", HOLDER,
                                                 cookie=c)[0] == 200), "")
    held, refused = [], None
    start = time.monotonic()
    try:
        while len(held) < limit and time.monotonic() - start < 60:
            sock = socket.create_connection((host, int(port)), timeout=30,
                                            source_address=(HOLDER, 0))
            sock.sendall(f"GET {signal}/events?after=-1 HTTP/1.1\r\nHost: {host}:{port}\r\n"
                         f"Cookie: {cookie}\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                head += chunk
            status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
            if status != 200:
                retry = re.search(rb"(?i)\r\nretry-after: *(\d+)", head)
                refused = (status, int(retry.group(1)) if retry else None)
                sock.close()
                break
            held.append(sock)
        healthy = request(url, "/_stcore/health", source=STUDENT)[1].strip() == b"ok"
    finally:
        for sock in held:
            sock.close()
    status, retry = refused or (None, None)
    rows.append(dict(name=f"{where}: streams held from one address", value=len(held),
                     unit="streams", goal=f"<= {MAX_WAITING_PER_CLIENT}",
                     ok=healthy and status in (429, 503) and (status == 429 or retry)
                     and len(held) <= MAX_WAITING_PER_CLIENT,
                     note=f"then {status}" + (f" Retry-After {retry} s" if retry else "")
                          + f"; the health check {'answered' if healthy else 'FAILED'} "
                            f"meanwhile; {time.monotonic() - start:.1f} s"))


def attempt(url: str, room: Classroom, args, where: str, cookies=("",)) -> list[dict]:
    rows: list[dict] = []
    guess(url, args.guesses, rows, where)
    _, _, signal = fill(url, room, args.fill_seconds, rows, where)
    probe(url, room, args.probes, rows, where)
    hold(url, signal, args.streams, rows, where, cookies)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outsider")
    parser.add_argument("--guesses", type=int, default=40, help="wrong codes tried")
    parser.add_argument("--fill-seconds", type=float, default=10.0)
    parser.add_argument("--probes", type=int, default=100, help="random signals tried")
    parser.add_argument("--streams", type=int, default=MAX_WAITING_PER_CLIENT + 20,
                        help="streams opened at most")
    parser.add_argument("--no-nginx", action="store_true", help="the one server alone")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        store_url = f"sqlite://{Path(folder) / 'classes.sqlite3'}"
        server = Server(extra_env={"LINREG_STORE": store_url}, log_name="outsider-server.log")
        try:
            rows += attempt(server.url, Classroom(open_store(store_url)), args, "one server")
        finally:
            server.stop()
    if args.no_nginx:
        pass
    elif not Path(NGINX).is_file():
        print(f"behind nginx: skipped, nginx not found at {NGINX} (Debian: apt-get install -y "
              "nginx-light)")
    else:
        with tempfile.TemporaryDirectory() as folder:
            store_url = f"sqlite://{Path(folder) / 'classes.sqlite3'}"
            served = ServedClass(2, extra_env={"LINREG_STORE": store_url})
            try:
                deadline = time.monotonic() + 120
                while not all(w.get("port") for w in served.state().get("workers", [{}])):
                    assert time.monotonic() < deadline, "the workers did not come up"
                    time.sleep(0.5)
                rows += attempt(served.url, Classroom(open_store(store_url)), args,
                                "behind nginx", ("linreg_worker=w0", "linreg_worker=w1"))
            finally:
                served.stop()
    print_header(width=WIDTH, results=True)
    for row in rows:
        print_row(dict(row, result="ok" if row["ok"] else "FAILED"), WIDTH)
    failed = [row["name"] for row in rows if not row["ok"]]
    if failed:
        print(f"rules failed: {'; '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
