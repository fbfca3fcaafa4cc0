"""Serve a classroom: several Streamlit workers behind nginx, one worker per browser.

    python deploy/serve_class.py --workers 2                      # this machine only
    python deploy/serve_class.py --workers 4 --address 0.0.0.0    # the room's network
    python deploy/serve_class.py --workers 2 --redis              # the class in redis-server

Starts the workers on free loopback ports, waits for each to answer its health check,
then starts nginx (Debian's package, run in the foreground as the current user) on
--address:--port. With --redis, Debian's redis-server starts first on a loopback port and
holds the live classes (LINREG_STORE for the workers; its files in the run directory);
without it the workers share the SQLite file. Ctrl-C or SIGTERM stops nginx, then the
workers, then redis-server. Logs, nginx's
generated conf, its pid and temp files, and state.json (pids and ports) live in one run
directory under test-artifacts/. See deploy/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, from deploy/: harness/ is its sibling
from harness.server import free_port  # noqa: E402

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
DEFAULT_NGINX = "/usr/sbin/nginx"
DEFAULT_REDIS = "/usr/bin/redis-server"
MAX_RESTARTS = 5  # per worker; a worker that keeps dying needs a person, not a loop


def log(message: str) -> None:
    print(f"serve_class: {message}", file=sys.stderr, flush=True)


try:
    _LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:  # not glibc Linux: children then outlive a SIGKILLed script
    _LIBC = None


def die_with_parent() -> None:
    """Runs in the child before exec: if this script is killed outright, take the child too."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def spawn(argv: list[str], log_path: Path, env: dict | None = None) -> subprocess.Popen:
    with open(log_path, "ab") as out:
        # Own process group: a Ctrl-C reaches only this script, which then stops the
        # children in order (nginx first, so nobody is proxied to a dying worker).
        return subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, start_new_session=True,
                                preexec_fn=die_with_parent)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def max_upload_mb() -> int:
    """The app's upload limit, so nginx does not refuse a CSV that Streamlit would take."""
    try:
        config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
        return int(config.get("server", {}).get("maxUploadSize", 200))
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return 200  # Streamlit's own default


def lan_address() -> str:
    """The address other machines reach this one at (a UDP connect sends no packet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return socket.gethostname()


class Worker:
    def __init__(self, index: int, port: int, run_dir: Path, env: dict):
        self.name = f"w{index}"
        self.port = port
        self.log_path = run_dir / f"worker-{index}.log"
        self.env = env
        self.restarts = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = spawn(
            [sys.executable, "-m", "streamlit", "run", "server.py",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.headless", "true"],
            self.log_path, self.env)


class ClassServer:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.nginx_bin = args.nginx
        if args.run_dir:
            self.run_dir = Path(args.run_dir).resolve()
            self.run_dir.mkdir(parents=True, exist_ok=True)
        else:
            (ROOT / "test-artifacts").mkdir(exist_ok=True)
            self.run_dir = Path(tempfile.mkdtemp(prefix="serve-class-",
                                                 dir=ROOT / "test-artifacts"))
        env = dict(os.environ)
        # One cookie secret for all workers: a student moved to a backup worker keeps
        # any signed cookie valid there. Passed by environment, not in `ps` output.
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        ports: list[int] = []
        while len(ports) < args.workers:  # the kernel may hand out a just-freed port again
            port = free_port()
            if port not in ports and port != args.port:
                ports.append(port)
        self.redis: subprocess.Popen | None = None
        self.redis_port: int | None = None
        if args.redis:
            self.redis_port = next(p for p in iter(free_port, None)
                                   if p not in ports and p != args.port)
            env["LINREG_STORE"] = f"redis://127.0.0.1:{self.redis_port}/0"
        self.workers = [Worker(i, port, self.run_dir, env) for i, port in enumerate(ports)]
        self.nginx: subprocess.Popen | None = None
        self.stopping = False

    # ---- nginx conf -------------------------------------------------------------------

    def nginx_conf(self) -> str:
        names = [w.name for w in self.workers]
        upstreams = []
        for w in self.workers:
            lines = [f"        server 127.0.0.1:{w.port};"]
            lines += [f"        server 127.0.0.1:{o.port} backup;"
                      for o in self.workers if o is not w]
            upstreams.append(f"    upstream {w.name} {{\n" + "\n".join(lines) + "\n    }")
        share = f"{100 / len(names):.2f}".rstrip("0").rstrip(".")
        splits = [f"        {share}% {n};" for n in names[:-1]] + [f"        * {names[-1]};"]
        user_line = ""
        if os.geteuid() == 0:
            # As root, nginx would hand its workers to "nobody"; stay the current user.
            user_line = f"user {pwd.getpwuid(os.getuid()).pw_name};"
        host = self.args.address
        listen = f"[{host}]:{self.args.port}" if ":" in host else f"{host}:{self.args.port}"
        fields = {
            "RUN_DIR": str(self.run_dir),
            "USER_LINE": user_line,
            "UPSTREAMS": "\n".join(upstreams),
            "SPLITS": "\n".join(splits),
            "COOKIE_TO_WORKER": "\n".join(f"        {n} {n};" for n in names),
            "COOKIE_KNOWN": "\n".join(f'        {n} "";' for n in names),
            "LISTEN": listen,
            "MAX_BODY": f"{max_upload_mb() + 1}m",
        }
        text = TEMPLATE.read_text("utf-8")
        for key, value in fields.items():
            text = text.replace(f"@{key}@", value)
        leftover = re.findall(r"@[A-Z_]+@", text)
        if leftover:
            raise RuntimeError(f"unfilled fields in {TEMPLATE.name}: {leftover}")
        return text

    # ---- start, watch, stop -----------------------------------------------------------

    def wait_healthy(self, workers: list[Worker], timeout: float) -> None:
        pending = list(workers)
        deadline = time.monotonic() + timeout
        while pending:
            if self.stopping:
                raise InterruptedError
            for w in list(pending):
                if w.process.poll() is not None:
                    raise RuntimeError(f"worker {w.name} exited with {w.process.returncode};"
                                       f" see {w.log_path}")
                if answers(f"{w.url}/_stcore/health"):
                    pending.remove(w)
            if pending and time.monotonic() > deadline:
                raise RuntimeError(f"no health check from {[w.name for w in pending]} in "
                                   f"{timeout:.0f} s; see {self.run_dir}")
            if pending:
                time.sleep(0.3)

    def start_nginx(self, timeout: float) -> None:
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "temp" / sub).mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(self.nginx_conf(), "utf-8")
        # -e: nginx opens its error log before reading the conf; keep that one here too.
        self.nginx = spawn([self.nginx_bin, "-p", str(self.run_dir), "-c", str(conf),
                            "-e", str(self.run_dir / "error.log")],
                           self.run_dir / "nginx.out")
        probe = "127.0.0.1" if self.args.address in ("0.0.0.0", "") else self.args.address
        probe = "::1" if probe == "::" else probe
        host = f"[{probe}]" if ":" in probe else probe
        deadline = time.monotonic() + timeout
        while not answers(f"http://{host}:{self.args.port}/_stcore/health"):
            if self.stopping:
                raise InterruptedError
            if self.nginx.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.nginx.returncode}:\n"
                                   + self.tail(self.run_dir / "error.log"))
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer in time:\n"
                                   + self.tail(self.run_dir / "error.log"))
            time.sleep(0.2)

    @staticmethod
    def tail(path: Path, lines: int = 15) -> str:
        try:
            return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return f"({path} not written)"

    def write_state(self) -> None:
        state = {
            "url": self.public_url(),
            "run_dir": str(self.run_dir),
            "nginx": {"pid": self.nginx.pid if self.nginx else None, "port": self.args.port},
            "workers": [{"name": w.name, "port": w.port, "pid": w.process.pid,
                         "restarts": w.restarts} for w in self.workers],
            "redis": ({"pid": self.redis.pid, "port": self.redis_port} if self.redis
                      else None),
        }
        tmp = self.run_dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=2), "utf-8")
        os.replace(tmp, self.run_dir / "state.json")  # readers never see half a file

    def public_url(self) -> str:
        host = self.args.address
        if host in ("0.0.0.0", "::", ""):
            host = lan_address()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.args.port}/"

    def watch(self) -> int:
        """Until asked to stop: restart a worker that died; give up if nginx dies."""
        while not self.stopping:
            time.sleep(0.5)
            if self.nginx.poll() is not None:
                log(f"nginx exited with {self.nginx.returncode}:\n"
                    + self.tail(self.run_dir / "error.log"))
                return 1
            for w in self.workers:
                if self.stopping or w.process.poll() is None:
                    continue
                if w.restarts >= MAX_RESTARTS:
                    log(f"worker {w.name} died {w.restarts + 1} times; see {w.log_path}")
                    return 1
                log(f"worker {w.name} exited with {w.process.returncode}; restarting it "
                    "(its students are on the other workers meanwhile)")
                w.restarts += 1
                w.start()
                try:
                    self.wait_healthy([w], self.args.timeout)
                except InterruptedError:
                    break
                except RuntimeError as e:
                    log(str(e))
                    continue  # counted; the next pass tries again or gives up
                self.write_state()
        return 0

    def start_redis(self, timeout: float) -> None:
        """redis-server on loopback, saving to the run directory (a restart of the workers
        loses no class; its append-only file keeps every change)."""
        folder = self.run_dir / "redis"
        folder.mkdir(exist_ok=True)
        self.redis = spawn([self.args.redis_server, "--port", str(self.redis_port),
                            "--bind", "127.0.0.1", "--dir", str(folder), "--appendonly", "yes",
                            "--save", ""], self.run_dir / "redis.log")
        deadline = time.monotonic() + timeout
        while True:
            with socket.socket() as s:
                s.settimeout(1)
                if s.connect_ex(("127.0.0.1", self.redis_port)) == 0:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            if self.redis.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start:\n"
                                   + self.tail(self.run_dir / "redis.log"))
            time.sleep(0.2)

    def stop(self) -> None:
        self.stopping = True
        # nginx first: students get a closed port rather than a 502 from a half-stopped
        # worker; redis-server last, once no worker writes to it.
        for group in ([self.nginx], [w.process for w in self.workers], [self.redis]):
            running = [p for p in group if p is not None and p.poll() is None]
            for p in running:
                with contextlib.suppress(ProcessLookupError):
                    p.terminate()
            for p in running:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    log(f"pid {p.pid} ignored SIGTERM; killing it")
                    p.kill()
                    p.wait(5)

    def run(self) -> int:
        def on_signal(signum, _frame):
            self.stopping = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        try:
            if self.args.redis:
                self.start_redis(self.args.timeout)
            for w in self.workers:
                w.start()
            self.wait_healthy(self.workers, self.args.timeout)
            self.start_nginx(self.args.timeout)
            self.write_state()
            print(f"linreg for a class: {len(self.workers)} workers behind nginx\n"
                  f"  students open: {self.public_url()}\n"
                  f"  logs:          {self.run_dir}\n"
                  f"  stop:          Ctrl-C", flush=True)
            return self.watch()
        except InterruptedError:
            return 0
        except (RuntimeError, OSError) as e:
            log(str(e))
            return 1
        finally:
            self.stop()
            with contextlib.suppress(OSError):
                (self.run_dir / "state.json").unlink()
            log("stopped nginx and all workers" + (" and redis-server" if self.redis else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="Streamlit processes (2)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="where nginx listens; 0.0.0.0 serves the room (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (8080)")
    parser.add_argument("--run-dir", help="logs, conf, pids (a new dir in test-artifacts/)")
    parser.add_argument("--nginx", default=shutil.which("nginx") or DEFAULT_NGINX,
                        help=f"the nginx binary ({DEFAULT_NGINX})")
    parser.add_argument("--redis", action="store_true",
                        help="keep the live classes in a redis-server started on loopback")
    parser.add_argument("--redis-server", default=shutil.which("redis-server") or DEFAULT_REDIS,
                        help=f"the redis-server binary ({DEFAULT_REDIS})")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds to wait for each health check (120)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not Path(args.nginx).is_file():
        parser.error(f"nginx not found at {args.nginx}; on Debian: apt-get install -y nginx")
    if args.redis and not Path(args.redis_server).is_file():
        parser.error(f"redis-server not found at {args.redis_server}; on Debian: "
                     "apt-get install -y redis-server")
    return ClassServer(args).run()


if __name__ == "__main__":
    sys.exit(main())
