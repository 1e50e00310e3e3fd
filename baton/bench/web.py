"""The ``web`` workload: gunicorn (2 workers) on loopback against the throwaway database, a
logged-in session, and a bounded load of a few threads for a fixed duration per page; the
baseline is the health endpoint of the same server in the same run."""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from baton.bench.workspace import BENCH_EMAIL, BENCH_PASSWORD

PAGES = (
    ("web_dashboard", "/metrics/", 0.25),
    ("web_board", "/handovers/", None),
    ("web_ready", "/qualification/ready/", None),
)
HEALTH = "/healthz"
THREADS = 4
HOST = "127.0.0.1"


@dataclass
class Load:
    path: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def quantile_ms(self, q: float) -> float | None:
        if len(self.latencies) < 2:
            return round(self.latencies[0] * 1000, 1) if self.latencies else None
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return round(cuts[int(q) - 1] * 1000, 1)

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "requests": len(self.latencies),
            "errors": self.errors,
            "rps": round(self.rps, 2),
            "p50_ms": self.quantile_ms(50),
            "p99_ms": self.quantile_ms(99),
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = (tmp / "gunicorn.log").open("w")
        self.proc = subprocess.Popen(  # noqa: S603 (our own interpreter's gunicorn)
            [str(gunicorn), "config.wsgi", "-w", "2", "-b", f"{HOST}:{self.port}", "-t", "120"],
            env=os.environ.copy(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body, _headers = self.get(HEALTH, cookie="")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer on /healthz within 60 s")

    def get(self, path: str, *, cookie: str) -> tuple[int, bytes, list[tuple[str, str]]]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            return response.status, response.read(), response.getheaders()
        finally:
            conn.close()

    def login(self) -> str:
        """Sign in through the login form (CSRF token and cookie); return the Cookie header."""
        status, body, headers = self.get("/login/", cookie="")
        cookies = _cookies(headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: HTTP {status}")
        form = urlencode(
            {
                "username": BENCH_EMAIL,
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request(
                "POST",
                "/login/",
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": _header(cookies),
                    "Referer": f"http://{HOST}:{self.port}/login/",
                },
            )
            response = conn.getresponse()
            response.read()
            cookies.update(_cookies(response.getheaders()))
        finally:
            conn.close()
        if response.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"login refused: HTTP {response.status}")
        return _header(cookies)

    def worker_peak_mb(self) -> float:
        peak = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) != self.proc.pid:
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, IndexError, ValueError):
                continue
            found = re.search(r"VmHWM:\s+(\d+)", status)
            if found:
                peak = max(peak, int(found.group(1)))
        return round(peak / 1024, 1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    out = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _sep, val = pair.partition("=")
            out[key.strip()] = val.strip()
    return out


def _header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def drive(server: Server, path: str, *, cookie: str, seconds: float) -> Load:
    """``THREADS`` threads, each with its own keep-alive connection, for ``seconds``."""
    load = Load(path)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=120)
        headers = {"Cookie": cookie} if cookie else {}
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, server.port, timeout=120)
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    load.latencies.append(elapsed)
                else:
                    load.errors += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    return load
