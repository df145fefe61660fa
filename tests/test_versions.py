"""One version and one citation: datapackage.json is the source; everything else agrees with it."""
from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker

import drcdata
from drcdata.changelog import current_block, data_changes_markdown, previous_revision
from drcdata.citation import CITE_END, CITE_START, cff_text, citation_facts, readme_block
from drcdata.generated import section
from drcdata.versioning import bump_problem, minimum_next
from conftest import ROOT, run_cli

PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
CFF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
IN_GIT = shutil.which("git") is not None and subprocess.run(
    ["git", "-C", str(ROOT), "cat-file", "-e", "3628e18^{commit}"], capture_output=True).returncode == 0
needs_history = pytest.mark.skipif(not IN_GIT, reason="needs the git history (an sdist has none); CI runs in a clone")


def load_cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_one_version_everywhere():
    version = PACKAGE["version"]
    cff = load_cff()
    assert drcdata.__version__ == version
    assert importlib.metadata.version("drcdata") == version, "reinstall: pip install -e '.[test]'"
    assert cff["version"] == cff["preferred-citation"]["version"] == version
    assert cff["date-released"] == cff["preferred-citation"]["date-released"] == PACKAGE["created"][:10]
    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"drcdata {version}\n")


def test_pyproject_reads_the_version_from_datapackage_json():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    hatch = project["tool"]["hatch"]["version"]
    assert hatch["path"] == "datapackage.json"
    found = re.findall(hatch["pattern"], (ROOT / "datapackage.json").read_text(encoding="utf-8"), flags=re.M)
    assert found == [PACKAGE["version"]]  # exactly one line matches: the top-level version


def test_licences_are_files_named_in_both_descriptors():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
    data_licence = (ROOT / "LICENSE-DATA").read_text()
    assert data_licence.startswith("Attribution 4.0 International")
    assert "Creative Commons Attribution 4.0 International Public License" in data_licence
    assert [lic["name"] for lic in PACKAGE["licenses"]] == ["CC-BY-4.0"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-DATA"]
    assert load_cff()["license"] == "CC-BY-4.0"


def test_citation_cff_is_valid_cff_1_2_0():
    errors = [e.message for e in Draft7Validator(CFF_SCHEMA, format_checker=FormatChecker()).iter_errors(load_cff())]
    assert errors == []


def test_the_schema_check_catches_a_broken_citation():
    broken = {k: v for k, v in load_cff().items() if k != "authors"}
    broken["date-released"] = "2 December 2026"
    messages = [e.message for e in Draft7Validator(CFF_SCHEMA).iter_errors(broken)]
    assert any("'authors' is a required property" in m for m in messages)
    assert any("2 December 2026" in m for m in messages)


def test_citation_cff_is_generated_from_datapackage_json():
    facts = citation_facts(ROOT / "datapackage.json")
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == cff_text(facts), "run: python -m drcdata.citation"
    assert (facts.title, facts.version, facts.license) == (PACKAGE["title"], PACKAGE["version"], "CC-BY-4.0")


def test_readme_cite_as_comes_from_the_same_facts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    facts = citation_facts(ROOT / "datapackage.json")
    assert section(readme, CITE_START, CITE_END) == readme_block(facts), "run: python -m drcdata.citation"
    line = readme_block(facts).splitlines()[1]
    cff = load_cff()
    for fact in (cff["title"], f"version {cff['version']}", f"released {cff['date-released']}",
                 cff["authors"][0]["name"], cff["license"], cff["url"]):
        assert fact in line


@pytest.mark.parametrize("previous, level, expected", [
    ("0.1.0", "none", "0.1.0"), ("0.1.0", "patch", "0.1.1"), ("0.1.3", "minor", "0.2.0"),
    ("0.1.3", "major", "0.2.0"),  # in 0.x a major change bumps the minor number
    ("1.4.2", "major", "2.0.0"), ("1.4.2", "minor", "1.5.0")])
def test_minimum_next_version(previous, level, expected):
    assert minimum_next(previous, level) == expected


def test_bump_problem_names_what_forces_the_step():
    assert bump_problem("1.0.0", "1.0.1", "patch", ["places: 1 row(s) corrected"]) is None
    problem = bump_problem("1.0.0", "1.0.1", "minor", ["events: 2 row(s) added"])
    assert problem.startswith("version 1.0.1 is too small a step from 1.0.0: the changes need at least 1.1.0")
    assert "events: 2 row(s) added" in problem


@needs_history
def test_this_version_is_a_big_enough_step_from_the_previous_one():
    from drcdata.diff import diff_packages
    changes = diff_packages(previous_revision(ROOT), str(ROOT), repo=ROOT)
    assert bump_problem(changes.old.version, changes.new.version, *changes.bump()) is None


@needs_history
def test_changelog_data_changes_are_current():
    expected = data_changes_markdown(ROOT, previous_revision(ROOT))
    assert current_block(ROOT).strip() == expected.strip(), "run: python -m drcdata.changelog"


def test_changelog_has_a_section_per_version_newest_first():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)", text, flags=re.M)
    assert versions[0] == (PACKAGE["version"], PACKAGE["created"][:10])
    assert versions[-1][0] == "0.1.0"
    assert [v for v, _ in versions] == sorted((v for v, _ in versions), key=lambda v: tuple(map(int, v.split("."))),
                                              reverse=True)
