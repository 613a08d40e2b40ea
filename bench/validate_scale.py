"""How the validator's time grows with the rows of a table (issue #24): ``python bench/validate_scale.py``
(``make bench-validate``, and ``make bench`` runs it too).

Each case is a copy of ``data/`` whose ``control_periods.csv`` is replaced by N synthetic rows,
checked by :func:`geo.validate.find_problems` (what ``python -m geo.validate`` and the app's
warm-up run), timed from the call to its return:

- **rows with problems**: N rows of ``AF-X,,,,,,,`` (12 bytes each: 10^6 rows are 12 MB, under
  the 20 MB limit per file). Every row has problems (a pattern, required cells, an unknown
  province), so it measures the reporting of many problems too.
- **valid rows**: N contested periods cycling through the 34 provinces and 1988-2021 (contested
  periods may overlap, so each province's periods all overlap one another: the case that was
  quadratic before). About 58 bytes a row: 3 x 10^5 rows are the most a 20 MB file holds.

Prints a table and writes it into ``bench/results.md`` between its own markers; the browser
benchmark's figures (``bench/run.py``) are left as they are.
"""
from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.validate import find_problems  # noqa: E402

RESULTS = REPO / "bench" / "results.md"
START, END = "<!-- validator scale: written by bench/validate_scale.py -->", "<!-- end of validator scale -->"
BROWSER_MARKER = "<!-- latest run: written by bench/run.py -->"
HEADER = "province_code,faction,status,start,end,confidence,source_ids,note\n"
CASES = (("rows with problems", (10_000, 100_000, 1_000_000)), ("valid rows", (10_000, 100_000, 300_000)))


def province_codes() -> list[str]:
    import geopandas as gpd
    return sorted(gpd.read_file(REPO / "data" / "provinces.geojson")["province_code"])


def write_rows(path: Path, case: str, rows: int, codes: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        if case == "rows with problems":
            handle.write("AF-X,,,,,,,\n" * rows)
            return
        for index in range(rows):
            year = 1988 + index % 33
            handle.write(f"{codes[index % len(codes)]},junbish,contested,{year},{year + 1},low,wikipedia-junbish,\n")


def measure(folder: Path, case: str, rows: int, codes: list[str]) -> tuple[float, int, float]:
    write_rows(folder / "control_periods.csv", case, rows, codes)
    size = (folder / "control_periods.csv").stat().st_size / 1e6
    started = time.perf_counter()
    problems = find_problems(folder)
    return time.perf_counter() - started, len(problems), size


def machine() -> str:
    """The machine, and how busy it was (the load average over the last 5 minutes)."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[1]:.1f}")


def report(figures: list[tuple[str, int, float, float, int]]) -> str:
    rows = "\n".join(f"| {case} | {rows:,} | {size:.1f} MB | {seconds:.1f} s | {seconds / rows * 1e6:.1f} µs | {found:,} |"
                     for case, rows, size, seconds, found in figures)
    return (f"## Validator at scale (`bench/validate_scale.py`)\n\n"
            f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}: "
            "`geo.validate.find_problems` on a copy of the dataset whose `control_periods.csv` holds N "
            "synthetic rows (see the script's docstring for the two cases).\n\n"
            "| case | rows | file | time | per row | problems found |\n|---|---|---|---|---|---|\n" + rows + "\n")


def write_results(text: str) -> None:
    """``text`` between this script's markers in results.md, before the browser run's section."""
    previous = RESULTS.read_text(encoding="utf-8")
    section = f"{START}\n{text}{END}\n"
    if START in previous:
        before, rest = previous.split(START, 1)
        updated = before + section + rest.split(END, 1)[1].lstrip("\n")
    elif BROWSER_MARKER in previous:
        before, rest = previous.split(BROWSER_MARKER, 1)
        updated = before + section + "\n" + BROWSER_MARKER + rest
    else:
        updated = previous.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated, encoding="utf-8")


def main() -> None:
    codes = province_codes()
    figures = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "data"
        shutil.copytree(REPO / "data", folder)
        for case, sizes in CASES:
            for rows in sizes:
                seconds, found, size = measure(folder, case, rows, codes)
                figures.append((case, rows, size, seconds, found))
                print(f"{case}: {rows:,} rows ({size:.1f} MB) in {seconds:.1f} s, {found:,} problems", flush=True)
    text = report(figures)
    print(text)
    write_results(text)
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
