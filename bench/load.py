"""Capacity without browsers (``make load``): many readers from one process, each speaking
Streamlit's websocket protocol (:mod:`deploy.streamlit_client`), opening a shared link and
stepping the months as the map's Next button does, about once a second each.

Two set-ups, each on a freshly started server: one ``streamlit run app.py``, and two replicas
behind nginx (``deploy/nginx.conf`` as ``make replicas`` runs it; each reader comes from an
address of its own on the loopback, 127.x.y.2, so that nginx's ``ip_hash`` spreads them and its
per-address limits do not apply). The number of readers grows level by level until the 95th
percentile of the step time passes 1 s. For each level: steps answered, median and p95 of the
step time (send to the end of the run the step started), time to open the link, and the
server's memory (RSS, the replicas' sum) with the readers connected, per reader above the
server's memory before any reader came.

Prints a table and appends it to ``bench/results.md`` (a new section per run). Nothing here is
a test: no figure is asserted. The load generator shares the machine's cores with the server.

Usage: ``python bench/load.py [--levels 1,2,5,10,15,20,30,40,60] [--steps 10]``
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from deploy.replicas import free_port, running_replicas, wait_until_healthy  # noqa: E402
from deploy.streamlit_client import Reader, months  # noqa: E402

RESULTS = REPO / "bench" / "results.md"
LINK = "?date=1997-01&province=AF-BAL"
TARGET_P95 = 1.0
THINK_SECONDS = 1.0  # a reader presses Next about once a second
STARTUP_SECONDS = 300  # a busy machine warms two replicas up slowly


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


@contextmanager
def one_server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                "--server.address", "127.0.0.1", "--server.headless", "true"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", STARTUP_SECONDS)
        yield f"http://127.0.0.1:{port}", [process.pid]
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def two_replicas():
    with running_replicas(2, startup_seconds=STARTUP_SECONDS) as replicas:
        yield replicas.url, [process.pid for process in replicas.replicas.values()]


def address(number: int) -> str:
    """A loopback address of its own for reader ``number`` (127.1.2.2, 127.1.3.2, ...): nginx's
    ip_hash hashes the first three parts of an address, so the third one varies."""
    return f"127.{1 + number // 250}.{2 + number % 250}.2"


async def reader_walk(url: str, number: int, steps: int, own_address: bool, opened: list, times: list,
                      failures: list, readers: list, start: asyncio.Event) -> None:
    try:
        began = time.perf_counter()
        reader, run = await Reader.open(url, LINK, page=f"load{number}",
                                        local_address=address(number) if own_address else None)
        opened.append(time.perf_counter() - began)
        readers.append(reader)
        await start.wait()
        await asyncio.sleep(random.uniform(0, THINK_SECONDS))
        for moment in months("1997-02", steps):
            run = await reader.step(moment)
            if run.finished not in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY") or run.exceptions:
                failures.append(run.finished or "no answer")
            times.append(run.seconds)
            await asyncio.sleep(THINK_SECONDS)
    except Exception as error:  # noqa: BLE001 (a refused or broken session is counted, not raised)
        failures.append(type(error).__name__)


async def level(url: str, pids: list[int], count: int, steps: int, own_address: bool) -> dict:
    opened, times, failures, readers = [], [], [], []
    start = asyncio.Event()
    before = rss_mb(pids)
    tasks = [asyncio.create_task(reader_walk(url, n, steps, own_address, opened, times, failures, readers, start))
             for n in range(count)]
    while len(opened) + len(failures) < count:
        await asyncio.sleep(0.05)
    connected = rss_mb(pids)
    start.set()
    await asyncio.gather(*tasks)
    for reader in readers:
        await reader.close()
    times.sort()
    return {"readers": count, "steps": len(times), "failures": len(failures),
            "median": statistics.median(times) if times else float("nan"),
            "p95": times[int(0.95 * (len(times) - 1))] if times else float("nan"),
            "open_median": statistics.median(opened) if opened else float("nan"),
            "rss_before": before, "rss_connected": connected}


async def warm_up(url: str, own_address: bool) -> None:
    """Readers open the link and step once (not counted), so the servers' caches are warm: four
    from addresses of their own behind nginx (ip_hash sends each to one replica), else one."""
    for number in range(9990, 9994) if own_address else [None]:
        reader, _ = await Reader.open(url, LINK, page="warm-up", local_address=address(number) if number else None)
        await reader.step("1997-02")
        await reader.close()


async def ramp(url: str, pids: list[int], levels: list[int], steps: int, own_address: bool) -> list[dict]:
    await warm_up(url, own_address)
    baseline = rss_mb(pids)
    rows = []
    for count in levels:
        row = await level(url, pids, count, steps, own_address)
        row["per_reader_mb"] = (row["rss_connected"] - baseline) / count
        rows.append(row)
        print(format_row(row), flush=True)
        if row["p95"] > TARGET_P95 * 2:
            break  # the levels above say nothing more
    return rows


def format_row(row: dict) -> str:
    return (f"| {row['readers']} | {row['steps']} | {row['failures']} | {row['median'] * 1000:.0f} | "
            f"{row['p95'] * 1000:.0f} | {row['open_median'] * 1000:.0f} | {row['rss_connected']:.0f} | "
            f"{row['per_reader_mb']:.1f} |")


HEADER = ("| readers | steps | failed | step median ms | step p95 ms | open median ms | RSS with readers MB | "
          "MB per reader |\n|---|---|---|---|---|---|---|---|")


def capacity(rows: list[dict]) -> int:
    fine = [row["readers"] for row in rows if row["p95"] < TARGET_P95 and row["failures"] == 0]
    return max(fine, default=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,2,5,10,15,20,30,40,60")
    parser.add_argument("--steps", type=int, default=10)
    options = parser.parse_args(argv)
    levels = [int(n) for n in options.levels.split(",")]
    sections = []
    load_before = os.getloadavg()
    for title, setup, own_address in (("One server (`streamlit run app.py`)", one_server, False),
                                      ("Two replicas behind nginx (`deploy/nginx.conf`)", two_replicas, True)):
        print(title, flush=True)
        with setup() as (url, pids):
            idle = rss_mb(pids)
            rows = asyncio.run(ramp(url, pids, levels, options.steps, own_address))
        sections.append((title, idle, rows))
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    text = [f"\n## Capacity without browsers ({when}, `make load`)\n",
            f"`bench/load.py` on {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"readers open `{LINK}` and step one month about every {THINK_SECONDS:.0f} s ({options.steps} steps "
            "each), all from one Python process on the same cores as the server(s). A step is timed from sending "
            "the map's report to the end of the run it started. The machine's load average (1 min) was "
            f"{load_before[0]:.1f} when the run began and {load[0]:.1f} when it ended (other work shared the cores).\n"]
    for (title, idle, rows), replicas in zip(sections, (1, 2)):
        text += [f"\n### {title}\n", f"Idle server memory (RSS) before any reader: {idle:.0f} MB"
                 f"{' for both' if replicas > 1 else ''}. Readers at p95 < {TARGET_P95:.0f} s per step: "
                 f"**{capacity(rows)}**, {capacity(rows) / replicas:.0f} per replica (the largest level measured "
                 "that met it, with no failed step).\n", HEADER, *map(format_row, rows)]
    print("\n".join(text))
    with open(RESULTS, "a", encoding="utf-8") as handle:
        handle.write("\n".join(text) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
