"""`streamlit run server.py` (the page and its class route) on a free loopback port, for the
tests and the benchmarks alike."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "test-artifacts"


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
    (["--runner.postScriptGC", "true"]); the log goes to test-artifacts/`log_name`."""

    def __init__(self, extra_env: dict | None = None, port: int | None = None,
                 options: list[str] = (), log_name: str | None = None,
                 start_timeout: float = 90.0):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, **(extra_env or {}))
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

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
