"""Peak RSS of `drcdata query` on heavy queries (default limits), each in its own process.

    python benchmarks/memory.py
"""
from __future__ import annotations

import json
import subprocess
import sys

QUERIES = {
    "json-10M-rows": ("SELECT range AS n, range::VARCHAR AS s FROM range(10000000)", "json"),
    "csv-10M-rows": ("SELECT range AS n, range::VARCHAR AS s FROM range(10000000)", "csv"),
    "string_agg-3GB": ("SELECT length(string_agg(repeat('x', 1000), '')) FROM range(3000000)", "csv"),
    "sort-3GB": ("SELECT count(*) FROM (SELECT repeat('x', 1000) || range AS s FROM range(3000000) ORDER BY s)", "csv"),
    # Allocations DuckDB's memory_limit does not count: the memory watch stops them.
    "list-500M": ("SELECT len(range(0, 500000000))", "csv"),
    "repeat-1.5GB": ("SELECT length(repeat('x', 1500000000))", "csv"),
    # The aligned table waits for its rows to size its columns: it stops at MAX_TABLE_ROWS.
    "table-10M-rows": ("SELECT range AS n, range::VARCHAR AS s FROM range(10000000)", "table"),
}
WRAPPER = ("import json, resource, subprocess, sys\n"
           "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
           "print(json.dumps([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode, p.stderr[-200:]]))")

for name, (sql, fmt) in QUERIES.items():
    cmd = [sys.executable, "-m", "drcdata.cli", "query", sql, "-f", fmt, "--timeout", "600"]
    peak, code, err = json.loads(subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True).stdout)
    print(f"{name:16} peak RSS {peak:7.0f} MiB  exit {code}  {err.strip().splitlines()[-1] if err.strip() else ''}")
