"""`streamlit run server.py` (the page and its class route) on a free loopback port, for the
tests and the benchmarks alike."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "test-artifacts"
# The nginx that ServedClass runs, found as deploy/serve_class.py finds it; NGINX=/path picks
# another (and lets one try the "not installed" path).
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the server at `url` answers Streamlit's health check."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


class Server:
    """The page served on 127.0.0.1; returns once it answers its health check, and is
    stopped by its own process id (`stop`). `options` are more Streamlit flags
    (["--runner.postScriptGC", "true"]); the log goes to test-artifacts/`log_name`. Its
    classes live in a store of its own (`store`, a fresh SQLite file removed with the server)
    unless LINREG_STORE names one: servers of one checkout shared its default file, and so the
    limit on classes started from one address (loopback) across test runs."""

    def __init__(self, extra_env: dict | None = None, port: int | None = None,
                 options: list[str] = (), log_name: str | None = None,
                 start_timeout: float = 90.0):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, **(extra_env or {}))
        self.own_store = None if env.get("LINREG_STORE") else tempfile.mkdtemp(
            prefix="linreg-store-")
        if self.own_store:
            env["LINREG_STORE"] = f"sqlite://{Path(self.own_store) / 'classes.sqlite3'}"
        self.store = env["LINREG_STORE"]
        LOGS.mkdir(exist_ok=True)  # a fresh clone has no artifacts folder yet
        self.log_path = LOGS / (log_name or f"server-{self.port}.log")
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "server.py",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.headless", "true", *options],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + start_timeout
            while not healthy(self.url):
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited with {self.process.returncode}; "
                                       f"see {self.log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer its health check in "
                                       f"{start_timeout:g} s; see {self.log_path}")
                time.sleep(0.3)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
        if self.own_store:
            shutil.rmtree(self.own_store, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class ServedClass:
    """`deploy/serve_class.py`: `workers` servers behind nginx on loopback, as `make
    serve-class` runs them; `url` is nginx's. Stopped by its own process id (`stop`), which
    stops nginx and the workers."""

    def __init__(self, workers: int = 2, extra_env: dict | None = None,
                 start_timeout: float = 120.0, redis: bool = False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        LOGS.mkdir(exist_ok=True)
        self.run_dir = Path(tempfile.mkdtemp(prefix="served-class-", dir=LOGS))
        self.log = open(self.run_dir / "serve_class.out", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "serve_class.py"), "--workers", str(workers),
             "--address", "127.0.0.1", "--port", str(self.port), "--run-dir", str(self.run_dir),
             "--nginx", NGINX, *(["--redis"] if redis else [])],
            cwd=ROOT, env=dict(os.environ, **(extra_env or {})), stdout=self.log,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + start_timeout
        while not (self.run_dir / "state.json").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"serve_class did not come up; see {self.log.name}")
            time.sleep(0.3)

    def state(self) -> dict:
        return json.loads((self.run_dir / "state.json").read_text())

    def pids(self) -> list[int]:
        """nginx's, the workers' and redis-server's process ids, for measuring their CPU."""
        state = self.state()
        redis = [state["redis"]["pid"]] if state.get("redis") else []
        return [state["nginx"]["pid"]] + [w["pid"] for w in state["workers"]] + redis

    def store_url(self) -> str | None:
        """The redis-server's address, when the classes live there (`redis`)."""
        redis = self.state().get("redis")
        return f"redis://127.0.0.1:{redis['port']}/0" if redis else None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
