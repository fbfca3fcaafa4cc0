"""Where classes live: one interface (ClassStore), two back ends (SQLite, Redis).

A class is a document (setup, mode, the teacher's player, the question, the reveal, chosen
snapshots) changed only by its teacher, plus three collections many students write at once:
students, answers (one per student and question: the latest counts) and submitted runs.
Every change bumps the class's version. Values are JSON-able dicts; the rules are in room.py.
The back ends pass the same tests, and their methods take ClassStore's parameters.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

IDLE_SECONDS = 12 * 3600  # a class nobody touched for 12 hours ends
BUCKET_SECONDS = 3600  # a rate limit untouched this long is full again: its row can go
POOL_SIZE = 64  # connections kept open for the threads that come and go (a class's pages)
DEFAULT_PATH = Path(os.environ.get("LINREG_DATA", ".linreg-data")) / "classes.sqlite3"


class StoreError(RuntimeError):
    """The store cannot be reached or used (a message for people, not a traceback)."""


class Full(Exception):
    """The class holds as many students as it may."""


class ClassStore(Protocol):
    """What the class's rules (room.py) need of a store: SQLiteStore and RedisStore give it.

    `code` names a class, `student` a student (the hash of their token), `now` is the time
    in seconds that keeps a class alive.
    """

    def create(self, code: str, doc: dict, now: float) -> bool:
        """A new class at version 1; False when the code is taken."""

    def read(self, code: str) -> tuple[dict, int] | None:
        """The class's document and version; None when there is no such class."""

    def version(self, code: str) -> int:
        """The class's version (0: no such class)."""

    def update(self, code: str, change: Callable[[dict], dict], now: float) -> int:
        """Apply `change` to the document atomically; the new version (0: no such class).
        An exception raised by `change` leaves the document and its version as they were."""

    def end(self, code: str) -> None:
        """The class and everything its students wrote, gone."""

    def expire(self, now: float) -> list[str]:
        """End every class idle for IDLE_SECONDS, with all its students wrote, and drop the
        rate limits untouched for BUCKET_SECONDS; the codes ended (Redis lets its keys
        expire by themselves: none)."""

    def add_student(self, code: str, student: str, doc: dict, limit: int, now: float) -> int:
        """The student's number in the class (1, 2, ...: never one given before, a removed
        student's included); Full past `limit`, 0: no class."""

    def set_students(self, code: str, docs: dict[str, dict], now: float) -> int:
        """Write these students' documents (the teacher let them in); the new version."""

    def remove_students(self, code: str, students: list[str], now: float) -> int:
        """These students gone, with their answers and runs; the new version."""

    def joined(self, code: str) -> int:
        """How many students joined the class."""

    def students(self, code: str) -> dict[str, dict]:
        """Each student's document (with its number), by student."""

    def student(self, code: str, student: str) -> dict | None:
        """One student's document; None when not in the class (a page's every run asks: one
        read, not the whole class's)."""

    def put_answer(self, code: str, question: str, student: str, doc: dict, now: float) -> None:
        """The student's answer to the question (the latest counts); a new version."""

    def answers(self, code: str, question: str) -> dict[str, dict]:
        """The answers to the question, by student."""

    def answer(self, code: str, question: str, student: str) -> dict | None:
        """One student's answer to the question; None before they answer."""

    def put_run(self, code: str, student: str, doc: dict, now: float) -> None:
        """The student's submitted run (the latest counts); a new version."""

    def runs(self, code: str) -> dict[str, dict]:
        """The submitted runs, by student."""

    def take(self, key: str, rate: float, burst: float, now: float,
             spend: bool = True) -> bool:
        """A token from a bucket refilled at `rate` a second up to `burst`: False when
        empty (a rate limit that holds across workers). With `spend` False, only whether
        there is one."""

    def close(self) -> None:
        """Let go of the connections."""


def _dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


# One writer at a time in this process. Threads that wait for SQLite's write lock poll it
# (sleeps of up to 100 ms each) while the thread that holds it waits for the interpreter's
# lock among them; queued here instead, the next writer wakes as the last commits (60
# answers at once: 1.1-1.2 s, against 1.3-1.5 s). Other processes meet SQLite's own wait.
_WRITERS: dict[str, threading.RLock] = {}
_WRITERS_LOCK = threading.Lock()


class SQLiteStore:
    """An embedded SQLite file in WAL mode: workers on one machine share it, and a restart
    loses nothing. Connections are pooled (Streamlit runs each rerun in a thread of its
    own: a connection per thread would be opened again and again); each change is one
    transaction."""

    def __init__(self, path: str | Path = DEFAULT_PATH):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._pool: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        with _WRITERS_LOCK:
            self._writer = _WRITERS.setdefault(str(self.path.resolve()), threading.RLock())
        try:
            with self._db() as db:
                db.executescript("""
                    CREATE TABLE IF NOT EXISTS classes (code TEXT PRIMARY KEY,
                        doc TEXT NOT NULL, version INTEGER NOT NULL, active REAL NOT NULL);
                    CREATE TABLE IF NOT EXISTS students (code TEXT, id TEXT, doc TEXT NOT NULL,
                        PRIMARY KEY (code, id));
                    CREATE TABLE IF NOT EXISTS answers (code TEXT, question TEXT, student TEXT,
                        doc TEXT NOT NULL, PRIMARY KEY (code, question, student));
                    CREATE TABLE IF NOT EXISTS runs (code TEXT, student TEXT, doc TEXT NOT NULL,
                        PRIMARY KEY (code, student));
                    CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL,
                        at REAL);
                """)
        except sqlite3.Error as error:
            raise StoreError(f"the class store ({self.path}) cannot be used: {error}") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                             check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA secure_delete=ON")  # a deleted name is overwritten in the file
        return db

    @contextlib.contextmanager
    def _db(self):
        """A connection of the pool, for one thread at a time. One still inside a
        transaction (a rollback that failed too) is closed, never pooled: the next user
        would write into it."""
        with self._pool_lock:
            db = self._pool.pop() if self._pool else None
        try:
            if db is None:
                db = self._connect()
            yield db
        except sqlite3.Error as error:
            raise StoreError(f"the class store ({self.path}) cannot be used: {error}") from None
        finally:
            if db is not None and not db.in_transaction:
                with self._pool_lock:
                    if len(self._pool) < POOL_SIZE:
                        self._pool.append(db)
                        db = None
            if db is not None:
                db.close()

    @contextlib.contextmanager
    def _write(self):
        """One transaction; rolled back when anything in it fails, its COMMIT included (a
        full disk, an I/O error)."""
        with self._writer, self._db() as db:
            db.execute("BEGIN IMMEDIATE")  # the write lock now: no upgrade deadlock
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

    def _bump(self, db, code: str, now: float) -> int:
        db.execute("UPDATE classes SET version = version + 1, active = ? WHERE code = ?",
                   (now, code))
        row = db.execute("SELECT version FROM classes WHERE code = ?", (code,)).fetchone()
        return row[0] if row else 0

    # ---- the class document
    def create(self, code: str, doc: dict, now: float) -> bool:
        with self._write() as db:
            done = db.execute("INSERT OR IGNORE INTO classes VALUES (?, ?, 1, ?)",
                              (code, _dump(doc), now))
            return done.rowcount == 1

    def read(self, code: str) -> tuple[dict, int] | None:
        with self._db() as db:
            row = db.execute("SELECT doc, version FROM classes WHERE code = ?",
                             (code,)).fetchone()
        return (json.loads(row[0]), row[1]) if row else None

    def version(self, code: str) -> int:
        with self._db() as db:
            row = db.execute("SELECT version FROM classes WHERE code = ?", (code,)).fetchone()
        return row[0] if row else 0

    def update(self, code: str, change: Callable[[dict], dict], now: float) -> int:
        with self._write() as db:
            row = db.execute("SELECT doc FROM classes WHERE code = ?", (code,)).fetchone()
            if row is None:
                return 0
            db.execute("UPDATE classes SET doc = ? WHERE code = ?",
                       (_dump(change(json.loads(row[0]))), code))
            return self._bump(db, code, now)

    def end(self, code: str) -> None:
        with self._write() as db:
            for table in ("classes", "students", "answers", "runs"):
                db.execute(f"DELETE FROM {table} WHERE code = ?", (code,))

    def expire(self, now: float) -> list[str]:
        with self._db() as db:
            old = [row[0] for row in db.execute(
                "SELECT code FROM classes WHERE active < ?", (now - IDLE_SECONDS,))]
        for code in old:
            self.end(code)
        with self._write() as db:
            db.execute("DELETE FROM buckets WHERE at < ?", (now - BUCKET_SECONDS,))
        return old

    # ---- what many students write at once
    def add_student(self, code: str, student: str, doc: dict, limit: int, now: float) -> int:
        with self._write() as db:
            row = db.execute("SELECT json_extract(doc, '$.numbered') FROM classes "
                             "WHERE code = ?", (code,)).fetchone()
            if row is None:
                return 0
            count = db.execute("SELECT COUNT(*) FROM students WHERE code = ?",
                               (code,)).fetchone()[0]
            if count >= limit:
                raise Full()
            number = (row[0] or count) + 1
            db.execute("INSERT INTO students VALUES (?, ?, ?)",
                       (code, student, _dump(dict(doc, number=number))))
            # a join is not a change the students' pages show: no new version (the board
            # counts the students itself, Classroom.board_version)
            db.execute("UPDATE classes SET active = ?, doc = json_set(doc, '$.numbered', ?) "
                       "WHERE code = ?", (now, number, code))
            return number

    def set_students(self, code: str, docs: dict[str, dict], now: float) -> int:
        with self._write() as db:
            for student, doc in docs.items():
                db.execute("UPDATE students SET doc = ? WHERE code = ? AND id = ?",
                           (_dump(doc), code, student))
            return self._bump(db, code, now)

    def remove_students(self, code: str, students: list[str], now: float) -> int:
        with self._write() as db:
            for student in students:
                db.execute("DELETE FROM students WHERE code = ? AND id = ?", (code, student))
                db.execute("DELETE FROM answers WHERE code = ? AND student = ?",
                           (code, student))
                db.execute("DELETE FROM runs WHERE code = ? AND student = ?", (code, student))
            return self._bump(db, code, now)

    def joined(self, code: str) -> int:
        with self._db() as db:
            return db.execute("SELECT COUNT(*) FROM students WHERE code = ?",
                              (code,)).fetchone()[0]

    def students(self, code: str) -> dict[str, dict]:
        with self._db() as db:
            return {row[0]: json.loads(row[1]) for row in db.execute(
                "SELECT id, doc FROM students WHERE code = ?", (code,))}

    def student(self, code: str, student: str) -> dict | None:
        with self._db() as db:
            row = db.execute("SELECT doc FROM students WHERE code = ? AND id = ?",
                             (code, student)).fetchone()
        return json.loads(row[0]) if row else None

    def put_answer(self, code: str, question: str, student: str, doc: dict, now: float) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                       (code, question, student, _dump(doc)))
            self._bump(db, code, now)

    def answers(self, code: str, question: str) -> dict[str, dict]:
        with self._db() as db:
            return {row[0]: json.loads(row[1]) for row in db.execute(
                "SELECT student, doc FROM answers WHERE code = ? AND question = ?",
                (code, question))}

    def answer(self, code: str, question: str, student: str) -> dict | None:
        with self._db() as db:
            row = db.execute("SELECT doc FROM answers WHERE code = ? AND question = ? AND "
                             "student = ?", (code, question, student)).fetchone()
        return json.loads(row[0]) if row else None

    def put_run(self, code: str, student: str, doc: dict, now: float) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?)",
                       (code, student, _dump(doc)))
            self._bump(db, code, now)

    def runs(self, code: str) -> dict[str, dict]:
        with self._db() as db:
            return {row[0]: json.loads(row[1]) for row in db.execute(
                "SELECT student, doc FROM runs WHERE code = ?", (code,))}

    def take(self, key: str, rate: float, burst: float, now: float,
             spend: bool = True) -> bool:
        with self._write() as db:
            row = db.execute("SELECT tokens, at FROM buckets WHERE key = ?", (key,)).fetchone()
            tokens = burst if row is None else min(burst, row[0] + (now - row[1]) * rate)
            allowed = tokens >= 1
            if row is not None or spend:  # an untouched bucket is full: no row needed
                db.execute("INSERT OR REPLACE INTO buckets VALUES (?, ?, ?)",
                           (key, tokens - 1 if allowed and spend else tokens, now))
            return allowed

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, []
        for db in pool:
            db.close()


class RedisStore:
    """Redis for workers on several machines. The document changes under WATCH (retried when
    another writer came first); the collections are hashes; every key of a class expires
    after IDLE_SECONDS without a change."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._errors = (redis.RedisError,)
        self._watch = redis.WatchError
        try:
            self.client.ping()
        except self._errors as error:
            raise StoreError(f"the class store ({url}) cannot be reached: {error}") from None

    @staticmethod
    def _keys(code: str) -> dict[str, str]:
        base = f"linreg:class:{code}"
        return {name: f"{base}:{name}" for name in ("doc", "version", "students", "runs",
                                                    "answers", "numbered")}

    def _touch(self, pipe, code: str, bump: bool = True) -> None:
        keys = self._keys(code)
        if bump:
            pipe.incr(keys["version"])
        for key in keys.values():
            pipe.expire(key, IDLE_SECONDS)

    def create(self, code: str, doc: dict, now: float) -> bool:
        keys = self._keys(code)
        if not self.client.set(keys["doc"], _dump(doc), nx=True, ex=IDLE_SECONDS):
            return False
        self.client.set(keys["version"], 1, ex=IDLE_SECONDS)
        return True

    def read(self, code: str) -> tuple[dict, int] | None:
        keys = self._keys(code)
        doc, version = self.client.mget(keys["doc"], keys["version"])
        return (json.loads(doc), int(version or 0)) if doc else None

    def version(self, code: str) -> int:
        return int(self.client.get(self._keys(code)["version"]) or 0)

    def update(self, code: str, change: Callable[[dict], dict], now: float) -> int:
        keys = self._keys(code)
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(keys["doc"])
                    raw = pipe.get(keys["doc"])
                    if raw is None:
                        pipe.reset()
                        return 0
                    new = _dump(change(json.loads(raw)))
                    pipe.multi()
                    pipe.set(keys["doc"], new)
                    self._touch(pipe, code)
                    result = pipe.execute()
                    return int(result[1])
                except self._watch:
                    continue  # another writer came first: read again

    def end(self, code: str) -> None:
        self.client.delete(*self._keys(code).values())

    def expire(self, now: float) -> list[str]:
        return []  # Redis ends idle classes itself (every key has a time to live)

    def add_student(self, code: str, student: str, doc: dict, limit: int, now: float) -> int:
        keys = self._keys(code)
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(keys["students"], keys["doc"], keys["numbered"])
                    if not pipe.exists(keys["doc"]):
                        pipe.reset()
                        return 0
                    count = pipe.hlen(keys["students"])
                    if count >= limit:
                        pipe.reset()
                        raise Full()
                    number = int(pipe.get(keys["numbered"]) or count) + 1
                    pipe.multi()
                    pipe.hset(keys["students"], student, _dump(dict(doc, number=number)))
                    pipe.set(keys["numbered"], number)
                    self._touch(pipe, code, bump=False)  # a join: no new version
                    pipe.execute()
                    return number
                except self._watch:
                    continue

    def set_students(self, code: str, docs: dict[str, dict], now: float) -> int:
        keys = self._keys(code)
        with self.client.pipeline(transaction=True) as pipe:
            for student, doc in docs.items():
                pipe.hset(keys["students"], student, _dump(doc))
            self._touch(pipe, code)
            return int(pipe.execute()[len(docs)])

    def remove_students(self, code: str, students: list[str], now: float) -> int:
        keys = self._keys(code)
        gone = set(students)
        answers = [k for k in self.client.hkeys(keys["answers"])
                   if k.decode().rpartition("|")[2] in gone]
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hdel(keys["students"], *students)
            pipe.hdel(keys["runs"], *students)
            if answers:
                pipe.hdel(keys["answers"], *answers)
            self._touch(pipe, code)
            return int(pipe.execute()[3 if answers else 2])

    def joined(self, code: str) -> int:
        return int(self.client.hlen(self._keys(code)["students"]))

    def students(self, code: str) -> dict[str, dict]:
        raw = self.client.hgetall(self._keys(code)["students"])
        return {k.decode(): json.loads(v) for k, v in raw.items()}

    def student(self, code: str, student: str) -> dict | None:
        raw = self.client.hget(self._keys(code)["students"], student)
        return json.loads(raw) if raw is not None else None

    def put_answer(self, code: str, question: str, student: str, doc: dict, now: float) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(self._keys(code)["answers"], f"{question}|{student}", _dump(doc))
            self._touch(pipe, code)
            pipe.execute()

    def answers(self, code: str, question: str) -> dict[str, dict]:
        raw = self.client.hgetall(self._keys(code)["answers"])
        prefix = question + "|"
        return {k.decode()[len(prefix):]: json.loads(v) for k, v in raw.items()
                if k.decode().startswith(prefix)}

    def answer(self, code: str, question: str, student: str) -> dict | None:
        raw = self.client.hget(self._keys(code)["answers"], f"{question}|{student}")
        return json.loads(raw) if raw is not None else None

    def put_run(self, code: str, student: str, doc: dict, now: float) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(self._keys(code)["runs"], student, _dump(doc))
            self._touch(pipe, code)
            pipe.execute()

    def runs(self, code: str) -> dict[str, dict]:
        raw = self.client.hgetall(self._keys(code)["runs"])
        return {k.decode(): json.loads(v) for k, v in raw.items()}

    # refilled tokens, computed in Redis so two workers cannot both take the last one
    _TAKE = """
    local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or ARGV[2])
    local at = tonumber(redis.call('HGET', KEYS[1], 'at') or ARGV[3])
    tokens = math.min(tonumber(ARGV[2]), tokens + (tonumber(ARGV[3]) - at) * tonumber(ARGV[1]))
    local allowed = 0
    if tokens >= 1 then allowed = 1 end
    if ARGV[4] == '0' then return allowed end
    if allowed == 1 then tokens = tokens - 1 end
    redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', ARGV[3])
    redis.call('EXPIRE', KEYS[1], ARGV[5])
    return allowed
    """

    def take(self, key: str, rate: float, burst: float, now: float,
             spend: bool = True) -> bool:
        return bool(self.client.eval(self._TAKE, 1, f"linreg:bucket:{key}", rate, burst, now,
                                     int(spend), BUCKET_SECONDS))

    def close(self) -> None:
        self.client.close()


def open_store(url: str | None = None) -> ClassStore:
    """The store a URL names: redis://host:port/db, or sqlite:///path (the default: an
    embedded file under $LINREG_DATA, or ./.linreg-data)."""
    url = url or os.environ.get("LINREG_STORE", "")
    if not url:
        return SQLiteStore()
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        return RedisStore(url)
    if scheme == "sqlite":
        return SQLiteStore(url[len("sqlite://"):] or DEFAULT_PATH)
    raise StoreError(f"LINREG_STORE must start with sqlite:// or redis://, not {url[:40]!r}")


def clock() -> float:
    return time.time()
