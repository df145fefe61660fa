"""README stays true: its data dictionary matches datapackage.json and CI runs its test command."""
from __future__ import annotations

from drcdata.descriptor import load_package
from drcdata.dictionary import README_END, README_START, dictionary_markdown
from conftest import ROOT


def test_readme_dictionary_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    current = readme[readme.index(README_START): readme.index(README_END) + len(README_END)]
    expected = dictionary_markdown(load_package(ROOT / "datapackage.json"))
    assert current == expected, "run: python -m drcdata.dictionary"


def test_readme_samples_are_the_reports_output(real_db):
    from drcdata.samples import README_END as END, README_START as START, samples_markdown
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    current = readme[readme.index(START): readme.index(END) + len(END)]
    assert current == samples_markdown(), "run: python -m drcdata.samples"


def test_dictionary_covers_every_field():
    pkg = load_package(ROOT / "datapackage.json")
    text = dictionary_markdown(pkg)
    for resource in pkg.resources:
        assert f"#### `{resource.name}`" in text
        for field in resource.fields:
            assert f"| `{field.name}` | {field.type} |" in text


def test_ci_runs_the_readme_test_command():
    import re
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    install_and_run, run_tests = blocks[0], blocks[1]
    # Contributors install editable (they run what they edit); CI also checks a plain install.
    assert "pip install -e ." in install_and_run and "drcdata report" in install_and_run
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci and "pip install --quiet .\n" in ci
