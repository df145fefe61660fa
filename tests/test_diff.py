"""`drcdata diff`: two small packages with planted additions, removals, corrections, a renamed
column, a widened enum, an added column and an added and a removed table (tests/fixtures/diff)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from drcdata.diff import diff_folders, diff_packages, render_markdown
from drcdata.errors import DrcdataError, UsageError
from conftest import ROOT, run_cli

OLD = ROOT / "tests" / "fixtures" / "diff" / "old"
NEW = ROOT / "tests" / "fixtures" / "diff" / "new"

EXPECTED_MARKDOWN = """\
# Data changes from 1.0.0 (old) to 1.1.0 (new)

Old: version 1.0.0, as of 2025-03-31. New: version 1.1.0, as of 2025-04-30.

Version bump the Data Package Version recipe calls for: **major**
- places: column `lat` renamed to `latitude`
- meetings: column `summary` added (string)
- meetings: 1 row(s) removed (published ids disappear)
- notes: table removed

| table | rows before | rows after | added | removed | changed rows | changed values | schema changes |
| --- | --- | --- | --- | --- | --- | --- | --- |
| places | 3 | 4 | 1 | 0 | 1 | 1 | 2 |
| meetings | 3 | 3 | 1 | 1 | 1 | 2 | 1 |
| events | — | 2 | 2 | 0 | 0 | 0 | 1 |
| notes | 1 | — | 0 | 1 | 0 | 0 | 1 |

## `places`

Schema changes:

- column `lat` renamed to `latitude`
- column `kind` constraint `enum` ["city", "town"] → ["city", "town", "village"] (loosened)

Added 1 row(s): `kamanyola`

Corrected 1 value(s) in 1 row(s):

| id | field | old | new |
| --- | --- | --- | --- |
| `bukavu` | name | Bukavo | Bukavu |

## `meetings`

Schema changes:

- column `summary` added (string)

Added 1 row(s): `m-bukavu`

Removed 1 row(s): `m-goma`

Corrected 2 value(s) in 1 row(s):

| id | field | old | new |
| --- | --- | --- | --- |
| `m-doha` | date | 2025-03-17 | 2025-03-18 |
| `m-doha` | title | Doha meeting | Doha meeting, Qatar |

## `events`

Schema changes:

- table added

Added 2 row(s): `e1`, `e2`

## `notes`

Schema changes:

- table removed

Removed 1 row(s): `n1`
"""


def test_markdown_names_every_planted_change():
    assert render_markdown(diff_folders(OLD, NEW, "old", "new")) == EXPECTED_MARKDOWN


def test_changelog_form_counts_additions_instead_of_naming_them():
    text = render_markdown(diff_folders(OLD, NEW, "old", "new"), level=3, list_added=False)
    assert text.startswith("### Data changes from 1.0.0 (old) to 1.1.0 (new)\n")
    assert "#### `places`" in text and "Added 1 row(s)\n" in text and "kamanyola" not in text
    assert "| `m-doha` | date | 2025-03-17 | 2025-03-18 |" in text  # corrections stay itemised
    assert "Removed 1 row(s): `m-goma`" in text


def test_json_holds_old_and_new_value_of_each_change():
    data = diff_folders(OLD, NEW, "old", "new").to_json()
    assert data["old"] == {"label": "old", "version": "1.0.0", "as_of": "2025-03-31"}
    assert data["bump"]["level"] == "major"
    tables = {t["table"]: t for t in data["tables"]}
    assert list(tables) == ["places", "meetings", "events", "notes"]
    assert tables["places"] == {
        "table": "places", "key": ["id"],
        "counts": {"rows_old": 3, "rows_new": 4, "added": 1, "removed": 0, "changed_rows": 1,
                   "changed_values": 1, "schema_changes": 2},
        "schema": [{"change": "column_renamed", "column": "latitude", "old": "lat"},
                   {"change": "constraint_loosened", "column": "kind", "old": ["city", "town"],
                    "new": ["city", "town", "village"], "constraint": "enum"}],
        "added": ["kamanyola"], "removed": [],
        "changed": [{"key": "bukavu", "field": "name", "old": "Bukavo", "new": "Bukavu"}]}
    assert tables["meetings"]["changed"] == [
        {"key": "m-doha", "field": "date", "old": "2025-03-17", "new": "2025-03-18"},
        {"key": "m-doha", "field": "title", "old": "Doha meeting", "new": "Doha meeting, Qatar"}]
    assert tables["events"]["counts"]["rows_old"] is None and tables["events"]["added"] == ["e1", "e2"]
    assert tables["notes"]["removed"] == ["n1"] and tables["notes"]["schema"] == [{"change": "table_removed"}]


def test_identical_packages_have_no_changes_and_need_no_bump():
    changes = diff_folders(NEW, NEW)
    assert all(t.is_unchanged for t in changes.tables)
    assert changes.bump() == ("none", [])


def test_corrections_only_call_for_a_patch(tmp_path):
    shutil.copytree(OLD, tmp_path / "fixed")
    places = tmp_path / "fixed" / "data" / "places.csv"
    places.write_text(places.read_text().replace("Bukavo", "Bukavu"))
    level, reasons = diff_folders(OLD, tmp_path / "fixed").bump()
    assert (level, reasons) == ("patch", ["places: 1 row(s) corrected"])


def test_type_change_and_tighter_constraint_are_major(tmp_path):
    shutil.copytree(OLD, tmp_path / "strict")
    descriptor = tmp_path / "strict" / "datapackage.json"
    pkg = json.loads(descriptor.read_text())
    fields = pkg["resources"][1]["schema"]["fields"]
    fields[3]["constraints"] = {"required": True}          # meetings.title now required
    pkg["resources"][0]["schema"]["fields"][3]["type"] = "string"  # places.lat number -> string
    descriptor.write_text(json.dumps(pkg))
    changes = {t.table: [s.describe() for s in t.schema] for t in diff_folders(OLD, tmp_path / "strict").tables}
    assert changes["places"] == ["column `lat` type number → string"]
    assert changes["meetings"] == ["column `title` constraint `required` false → true (tightened)"]


def test_git_revision_against_the_work_tree(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(OLD, repo)
    git = lambda *args: subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old")
    shutil.rmtree(repo / "data")  # the work tree becomes the new version
    shutil.copytree(NEW, repo, dirs_exist_ok=True)
    changes = diff_packages("HEAD", str(repo))
    assert changes.old.label.startswith("HEAD (") and changes.old.version == "1.0.0"
    assert render_markdown(changes).split("\n", 1)[1] == EXPECTED_MARKDOWN.split("\n", 1)[1]


def test_cli_prints_markdown_and_json():
    md = run_cli("diff", str(OLD), str(NEW))
    assert md.returncode == 0, md.stderr
    assert "| `m-doha` | date | 2025-03-17 | 2025-03-18 |" in md.stdout
    js = run_cli("diff", str(OLD), str(NEW), "--format", "json")
    assert js.returncode == 0 and json.loads(js.stdout)["tables"][1]["removed"] == ["m-goma"]


def test_unknown_revision_is_a_usage_error():
    result = run_cli("diff", "no-such-revision", str(NEW))
    assert result.returncode == 2
    assert "'no-such-revision' is neither a folder holding a datapackage.json nor a git revision" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(UsageError):
        diff_packages("--output=/tmp/x", str(NEW))  # never handed to git as an option


def test_duplicate_keys_are_refused_with_the_file(tmp_path):
    shutil.copytree(NEW, tmp_path / "dupe")
    places = tmp_path / "dupe" / "data" / "places.csv"
    places.write_text(places.read_text() + "goma,Goma again,city,-1.68\n")
    with pytest.raises(DrcdataError, match=r"places\.csv: primary key id is not unique.*'goma'"):
        diff_folders(OLD, tmp_path / "dupe")
