"""The generated "Data changes" part of CHANGELOG.md: `drcdata diff` from the previous version.

    python -m drcdata.changelog    # regenerate the newest version's data changes after editing data/

The newest version's block names the git revision of the previous version in its start marker
(`<!-- data-changes:start since=REV ... -->`); older versions' blocks are history and stay as written.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from .errors import DrcdataError

CHANGELOG = "CHANGELOG.md"
START = re.compile(r"<!-- data-changes:start since=(?P<rev>[^\s>]+)[^>]*-->")
END = "<!-- data-changes:end -->"


def previous_revision(root: Path) -> str:
    """The revision the newest version is compared with: its block's `since=`."""
    return _newest_block(root)[2].group("rev")


def data_changes_markdown(root: Path, since: str) -> str:
    from .diff import diff_packages, render_markdown
    changes = diff_packages(since, str(root), repo=root)
    changes.new = dataclasses.replace(changes.new, label="this version")
    return render_markdown(changes, level=3, list_added=False)


def update_changelog(root: Path) -> bool:
    """Rewrite the newest version's data changes; True when CHANGELOG.md changed."""
    text, path, start = _newest_block(root)
    stop = text.index(END, start.end())
    new = text[:start.end()] + "\n" + data_changes_markdown(root, start.group("rev")) + text[stop:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def current_block(root: Path) -> str:
    text, _, start = _newest_block(root)
    return text[start.end():text.index(END, start.end())]


def _newest_block(root: Path):
    path = root / CHANGELOG
    if not path.is_file():
        raise DrcdataError(f"no {CHANGELOG} in {root}: the previous version is recorded there")
    text = path.read_text(encoding="utf-8")
    start = START.search(text)
    if not start or END not in text[start.end():]:
        raise DrcdataError(f"{path}: no '<!-- data-changes:start since=REV -->' ... '{END}' block")
    return text, path, start


if __name__ == "__main__":
    from .paths import default_package_dir
    changed = update_changelog(default_package_dir())
    print(f"{CHANGELOG} data changes " + ("updated" if changed else "already up to date"))
