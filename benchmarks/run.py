"""Benchmarks: drcdata validate vs frictionless, drcdata report vs bare DuckDB, and the real build.

    python benchmarks/run.py [--sizes 10000 100000 1000000] [--repeats 3] [--report-repeats 15] [--frictionless-max 1000000]

Runs are interleaved (A, B, A, B, ...) and medians reported; peak memory is the child's maxrss.
Synthetic packages (with seeded faults) are written under benchmarks/out/.
"""
from __future__ import annotations

import argparse
import compileall
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent


def isolated(cmd: list[str]) -> tuple[float, float, str, str, int]:
    """Run `cmd` under a tiny wrapper process so its peak memory is its own, not the benchmark's maximum."""
    wrapper = ("import json, resource, subprocess, sys, time\n"
               "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,"
               " p.stdout, p.stderr, p.returncode]))")
    done = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
    return tuple(json.loads(done.stdout))


def found_by_drcdata(stderr: str) -> set[tuple[str, int]]:
    return {(m.group(1), int(m.group(2))) for m in re.finditer(r"data/(\w+)\.csv, row (\d+)", stderr)}


def found_by_frictionless(stdout: str) -> set[tuple[str, int]]:
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        return set()
    found = set()
    for task in report.get("tasks", []):
        name = task.get("name") or Path(task.get("place", "")).stem
        for error in task.get("errors", []):
            if error.get("rowNumber"):
                found.add((name, int(error["rowNumber"])))
    return found


def bench_validate(sizes: list[int], repeats: int, frictionless_max: int) -> list[str]:
    lines = ["| rows | drcdata validate (s) | peak MiB | frictionless validate (s) | peak MiB | speed-up | seeded faults found (drcdata / frictionless) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for size in sizes:
        pkg = HERE / "out" / f"faults-{size}"
        if not (pkg / "faults.json").exists():
            generate(pkg, size, faults=True)
        faults = json.loads((pkg / "faults.json").read_text())
        planted = {(f["resource"], f["row"]) for f in faults}
        ours, theirs = [], []
        ours_found = theirs_found = None
        for _ in range(repeats):
            ours.append(isolated([str(BIN / "drcdata"), "validate", str(pkg), "--show", "1000"]))
            if size <= frictionless_max:
                theirs.append(isolated([str(BIN / "frictionless"), "validate", "--json", "--limit-errors", "100000",
                                        str(pkg / "datapackage.json")]))
        ours_found = len(planted & found_by_drcdata(ours[-1][3]))
        t_ours, m_ours = statistics.median(r[0] for r in ours), max(r[1] for r in ours)
        if theirs:
            theirs_found = len(planted & found_by_frictionless(theirs[-1][2]))
            t_theirs, m_theirs = statistics.median(r[0] for r in theirs), max(r[1] for r in theirs)
            lines.append(f"| {size:,} | {t_ours:.2f} | {m_ours:.0f} | {t_theirs:.2f} | {m_theirs:.0f} | {t_theirs / t_ours:.1f}x "
                         f"| {ours_found}/{len(planted)} / {theirs_found}/{len(planted)} |")
        else:
            lines.append(f"| {size:,} | {t_ours:.2f} | {m_ours:.0f} | (skipped) | | | {ours_found}/{len(planted)} / - |")
        print(lines[-1], flush=True)
    return lines


def bench_report(repeats: int) -> list[str]:
    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    subprocess.run([str(BIN / "drcdata"), "build", "--db", str(db)], check=True, capture_output=True)
    ours_cmd = [str(BIN / "drcdata"), "report", "timeline", "--db", str(db), "--format", "csv"]
    bare_cmd = [sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).sql('select * from timeline').fetchall()"]
    ours, bare = [], []
    for _ in range(repeats):
        ours.append(isolated(ours_cmd)[0])
        bare.append(isolated(bare_cmd)[0])
    o, b = statistics.median(ours), statistics.median(bare)
    return ["| command | median wall time (s) |", "| --- | --- |",
            f"| `drcdata report timeline` | {o:.3f} |", f"| bare `python -c \"import duckdb; ...fetchall()\"` | {b:.3f} |",
            f"| ratio | {o / b:.2f}x |"]


def bench_build(repeats: int) -> list[str]:
    times = []
    for _ in range(repeats):
        db = Path(tempfile.mkdtemp()) / "b.duckdb"
        times.append(isolated([str(BIN / "drcdata"), "build", "--db", str(db)])[0])
    return [f"`drcdata build` of the real package: median {statistics.median(times):.2f} s over {repeats} runs"]


def compile_bytecode() -> None:
    """Give a source checkout the bytecode an installed package has (pip compiles it on install).

    Without it, a machine with PYTHONDONTWRITEBYTECODE set recompiles drcdata on every run, while
    duckdb, typer and frictionless load compiled: an unfair 20 ms on the report timing."""
    import drcdata
    compileall.compile_dir(Path(drcdata.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3, help="runs per validate and build measurement")
    parser.add_argument("--report-repeats", type=int, default=15,
                        help="runs per report measurement (each takes a fraction of a second, and the ratio is noisy)")
    parser.add_argument("--frictionless-max", type=int, default=1_000_000,
                        help="skip frictionless above this many rows (it is slow)")
    parser.add_argument("--only", choices=["validate", "report", "build"], nargs="+",
                        default=["validate", "report", "build"])
    args = parser.parse_args()
    compile_bytecode()
    if "validate" in args.only:
        print("\n".join(bench_validate(args.sizes, args.repeats, args.frictionless_max)), "\n", flush=True)
    if "report" in args.only:
        print("\n".join(bench_report(args.report_repeats)), "\n", flush=True)
    if "build" in args.only:
        print("\n".join(bench_build(args.repeats)))


if __name__ == "__main__":
    main()
