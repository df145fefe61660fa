"""The aligned table as a reader meets it: fits the terminal, keeps ids and URLs whole, says what it cut."""
from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import run_cli

ELLIPSIS = "…"
SHORTENED = re.compile(r"^(\d+) cells? shortened; --wide shows them whole$", re.M)


def cli(*args: str, columns: int | None = None):
    """Run as from a terminal `columns` wide ($COLUMNS), or as into a pipe when columns is None."""
    return run_cli(*args, env={"COLUMNS": None if columns is None else str(columns)})


def parse_table(text: str) -> tuple[list[str], list[dict]]:
    """Cells by the spans of the dashes under the header (the last column runs to the end of the line)."""
    header, dashes, *lines = text.rstrip("\n").split("\n")
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    spans[-1] = (spans[-1][0], None)
    cut = lambda line: [line[a:b].rstrip() for a, b in spans]
    columns = cut(header)
    return columns, [dict(zip(columns, cut(line))) for line in lines]


def as_csv(*args: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(cli(*args, "-f", "csv").stdout)))


def test_table_fits_the_terminal_and_cuts_prose_at_a_word(real_db):
    result = cli("report", "timeline", columns=160)
    assert result.returncode == 0, result.stderr
    whole = as_csv("report", "timeline")
    columns, rows = parse_table(result.stdout)
    assert columns == ["date", "date_precision", "when", "event", "title", "record_id"]
    assert max(len(line) for line in result.stdout.splitlines()) <= 160
    assert [r["record_id"] for r in rows] == [w["record_id"] for w in whole]  # ids whole, to copy
    cut = [(r["title"], w["title"]) for r, w in zip(rows, whole) if r["title"] != w["title"]]
    assert cut and all(shown.endswith(ELLIPSIS) and w.startswith(shown[:-1]) for shown, w in cut)
    # at a word boundary: what is kept ends where a word (or a name in "Tshisekedi–Kagame") of the
    # original ends, unless the only boundary would keep less than a third of the cell
    for shown, w in cut:
        kept = shown[:-1]
        if w[len(kept)] not in " ,;:–":
            assert max(kept.rfind(c) for c in " ,;–") < (len(kept) // 3), (shown, w)
    assert any(w[len(shown) - 1] in " ,;:–" for shown, w in cut)  # most cuts do find a word's end
    assert [int(n) for n in SHORTENED.findall(result.stderr)] == [len(cut)]


def test_urls_and_ids_are_never_cut_even_when_the_line_overflows(real_db):
    args = ("report", "evidence", "--record", "2025-03-18-tshisekedi-kagame-doha")
    result = cli(*args, columns=100)
    whole = as_csv(*args)
    _, rows = parse_table(result.stdout)
    assert [r["url"] for r in rows] == [w["url"] for w in whole]
    assert [r["citation_id"] for r in rows] == [w["citation_id"] for w in whole]
    assert any(r["excerpt"].endswith(ELLIPSIS) for r in rows) and SHORTENED.search(result.stderr)


def test_a_url_in_any_column_stays_whole(real_db):
    url = "https://example.org/a/very/long/path/that/goes/on/and/on/past/any/reasonable/column/width/index.html"
    sql = f"SELECT '{url}' AS link, repeat('word ', 40) AS prose"
    _, rows = parse_table(cli("query", sql, columns=80).stdout)
    assert rows[0]["link"] == url and rows[0]["prose"].endswith(ELLIPSIS)


@pytest.mark.parametrize("args", [("report", "timeline"), ("query", "SELECT * FROM timeline"),
                                  ("reports",), ("tables",), ("describe", "citations")])
def test_wide_prints_every_cell_whole(real_db, args):
    narrow = cli(*args, columns=80)
    assert SHORTENED.search(narrow.stderr), narrow.stderr
    wide = cli(*args, "--wide", columns=80)
    assert wide.returncode == 0 and wide.stderr == ""
    assert_whole(wide.stdout, as_csv(*args))


def assert_whole(table: str, whole: list[dict]) -> None:
    columns, rows = parse_table(table)
    assert rows == [{c: w[c].replace("\n", " ").rstrip() for c in columns} for w in whole]


def test_a_pipe_gets_whole_cells(real_db):
    piped = cli("report", "timeline")
    assert piped.stderr == ""
    assert_whole(piped.stdout, as_csv("report", "timeline"))


def test_short_tables_are_left_alone(real_db):
    result = cli("report", "coverage", columns=200)
    assert result.stderr == "" and ELLIPSIS not in result.stdout


def test_line_breaks_and_tabs_in_a_cell_keep_it_on_its_line(real_db):
    result = cli("query", "SELECT 'one' || chr(13) || chr(10) || 'two' || chr(13) || 'three' || chr(9) || 'four' AS t, 1 AS n")
    assert result.stdout.splitlines()[2] == "one two three four  1"
