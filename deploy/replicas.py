"""Two (or more) replicas of the dashboard behind nginx, as docs/deploy.md describes them
(``make replicas``; the replica test in ``tests/browser/test_replicas.py`` uses the same code).

Each replica is ``streamlit run app.py`` on a port of its own; nginx (Debian's package) runs
``deploy/nginx.conf`` with its placeholders filled in, in a temporary folder of its own (no
root needed beyond installing nginx). Ctrl+C stops everything.

Usage: ``python deploy/replicas.py [--port 8080] [--replicas 2]``
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ui.serving import warm_up_limit  # noqa: E402  (the repository's root is on the path now)

NGINX_TEMPLATE = REPO / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
IMPORT_SECONDS = 30  # a replica's start before its warm-up: Python, Streamlit, the app's imports
FAIL_TIMEOUT_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replica_startup_limit() -> float:
    """How long a replica may take to answer its health check: its imports, then the warm-up
    the app allows itself (``JUNBISH_ATLAS_WARM_UP_SECONDS``, 120 s unless set), so a replica
    is never given up on while its own warm-up is still within its limit."""
    return IMPORT_SECONDS + warm_up_limit()


def wait_until_healthy(url: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    """Until ``url`` answers its health check; an error after ``seconds``, or as soon as the
    replica's ``process`` has ended (a warm-up over its limit ends it with status 3)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the replica ended with status {process.returncode} before it became healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy within {seconds:.0f} s")


def nginx_config(prefix: Path, listen_port: int, replica_ports: list[int]) -> str:
    """``deploy/nginx.conf`` with its placeholders filled in."""
    upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_SECONDS}s;"
                          for port in replica_ports)
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    return (text.replace("@PREFIX@", str(prefix)).replace("@LISTEN@", f"127.0.0.1:{listen_port}")
            .replace("@UPSTREAMS@", upstreams))


@dataclass
class Replicas:
    """The running replicas and nginx: ``url`` is nginx's, ``replica_urls`` the replicas'."""

    url: str
    prefix: Path
    replicas: dict[int, subprocess.Popen] = field(default_factory=dict)  # port -> process
    nginx: subprocess.Popen | None = None

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.replicas]

    def upstreams_used(self) -> list[str]:
        """The replicas nginx sent requests to, in order (from its access log)."""
        log = self.prefix / "access.log"
        if not log.exists():
            return []
        return [line.rsplit("upstream=", 1)[1].strip() for line in log.read_text().splitlines() if "upstream=" in line]

    def kill_replica(self, port: int) -> None:
        """Stop one replica at once (SIGKILL: as a crash, not a clean stop)."""
        process = self.replicas[port]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for process in self.replicas.values():
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


@contextmanager
def running_replicas(count: int = 2, listen_port: int | None = None, data_dir: Path | None = None,
                     log_dir: Path | None = None, startup_seconds: float | None = None):
    """Start ``count`` replicas and nginx in front of them; stop them all afterwards."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed: apt-get install nginx (make test and .ci/run do it)")
    prefix = Path(tempfile.mkdtemp(prefix="junbish-atlas-nginx-"))
    prefix.chmod(0o755)  # nginx's workers (another user when started as root) use its temp folders
    listen_port = listen_port or free_port()
    running = Replicas(url=f"http://127.0.0.1:{listen_port}", prefix=prefix)
    # The replicas' temporary folders go inside the prefix, so a replica killed on purpose (the
    # failover test) leaves nothing behind once the prefix is removed.
    (prefix / "tmp").mkdir()
    env = {**os.environ, "TMPDIR": str(prefix / "tmp")}
    if data_dir:
        env["JUNBISH_ATLAS_DATA_DIR"] = str(data_dir)
    logs = []
    try:
        for number in range(count):
            port = free_port()
            log = open((log_dir or prefix) / f"replica-{port}.log", "w")
            logs.append(log)
            running.replicas[port] = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        for url, process in zip(running.replica_urls, running.replicas.values()):
            wait_until_healthy(url, startup_seconds or replica_startup_limit(), process)
        config = prefix / "nginx.conf"
        config.write_text(nginx_config(prefix, listen_port, list(running.replicas)), encoding="utf-8")
        checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(config)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refused the configuration:\n{checked.stderr}")
        running.nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until_healthy(running.url, 20)
        yield running
    finally:
        running.stop()
        for log in logs:
            log.close()
        shutil.rmtree(prefix, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--replicas", type=int, default=2, help="how many replicas (default 2)")
    options = parser.parse_args(argv)
    with running_replicas(options.replicas, options.port) as running:
        print(f"Junbish Atlas on {running.url} (nginx), replicas: {', '.join(running.replica_urls)}. "
              "Ctrl+C stops them.", flush=True)
        try:
            while running.nginx.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
