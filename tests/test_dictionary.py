"""README's data dictionary is generated from datapackage.json and must not go stale."""
from __future__ import annotations

from drcdata.descriptor import load_package
from drcdata.dictionary import README_END, README_START, dictionary_markdown
from conftest import ROOT


def test_readme_dictionary_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    current = readme[readme.index(README_START): readme.index(README_END) + len(README_END)]
    expected = dictionary_markdown(load_package(ROOT / "datapackage.json"))
    assert current == expected, "run: python -m drcdata.dictionary"


def test_dictionary_covers_every_field():
    pkg = load_package(ROOT / "datapackage.json")
    text = dictionary_markdown(pkg)
    for resource in pkg.resources:
        assert f"#### `{resource.name}`" in text
        for field in resource.fields:
            assert f"| `{field.name}` | {field.type} |" in text
