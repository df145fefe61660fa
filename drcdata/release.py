"""The release bundle: everything a version is, in one folder, with a SHA-256 for every file.

    DIR/datapackage.json, DIR/data/*.csv        the package as published
    DIR/parquet/datapackage.json, *.parquet     the same tables as Parquet (drcdata.export)
    DIR/drcdata.duckdb                          the built database
    DIR/changes.json                            `drcdata diff` from the previous version
    DIR/CITATION.cff, LICENSE, LICENSE-DATA, CHANGELOG.md, README.md
    DIR/site/                                   the explorer, when drcdata.site is installed
    DIR/SHA256SUMS                              `sha256sum -c SHA256SUMS` checks every file above

A release refuses to go out with a stale CITATION.cff or CHANGELOG.md, or with a version number
that the changes since the previous version do not allow.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

from . import api
from .dbfile import ensure_folder
from .errors import DrcdataError, UsageError
from .package_files import safe_real_path
from .paths import DESCRIPTOR, resolve_descriptor

CHECKSUMS = "SHA256SUMS"
COPIED = ("CITATION.cff", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "README.md")


def build_release(out: Path, *, since: str | None = None, package=None, site: bool | None = None) -> list[Path]:
    """Write the bundle into `out` (absent or empty); the files written, SHA256SUMS last.

    `since` is the git revision of the previous version (default: CHANGELOG.md's); `site` None
    means "when drcdata.site is installed"."""
    from .changelog import current_block, data_changes_markdown, previous_revision
    from .citation import CFF_FILE, cff_text, citation_facts
    from .diff import diff_packages
    from .versioning import bump_problem

    descriptor = resolve_descriptor(package)
    root = descriptor.parent
    out = Path(out)
    _require_empty(out)
    since = since or previous_revision(root)
    facts = citation_facts(descriptor)
    if (root / CFF_FILE).read_text(encoding="utf-8") != cff_text(facts):
        raise DrcdataError(f"{root / CFF_FILE} is out of date: run python -m drcdata.citation")
    changes = diff_packages(since, str(root), repo=root)
    problem = bump_problem(changes.old.version, changes.new.version, *changes.bump())
    if problem:
        raise DrcdataError(problem)
    if current_block(root).strip() != data_changes_markdown(root, since).strip():
        raise DrcdataError(f"{root / 'CHANGELOG.md'} data changes are out of date: run python -m drcdata.changelog")

    ensure_folder(out, "--out")
    _copy_package(descriptor, out)
    db = api.build(descriptor, out / "drcdata.duckdb")
    from .export import export_tables
    export_tables(out / "parquet", "parquet", db=db, package=descriptor)
    changes.new = dataclasses.replace(changes.new, label=facts.version)
    (out / "changes.json").write_text(json.dumps(changes.to_json(), ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    for name in COPIED:
        shutil.copy2(root / name, out / name)
    if site or (site is None and importlib.util.find_spec("drcdata.site") is not None):
        _build_site(out / "site", db, descriptor)
    return write_checksums(out)


def write_checksums(folder: Path) -> list[Path]:
    """SHA256SUMS in `sha256sum` format for every file under `folder`; the files, SHA256SUMS last."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS)
    lines = [f"{_sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in files]
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")
    return files + [folder / CHECKSUMS]


def verify_checksums(folder: Path) -> list[str]:
    """The files whose SHA-256 differs from SHA256SUMS, or that are missing or unlisted; empty means intact."""
    listed = {}
    for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS}
    bad = [n for n, d in listed.items() if n not in present or _sha256(folder / n) != d]
    return sorted(bad + [n for n in present - set(listed)])


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _require_empty(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} exists and is not an empty folder; a release is written into a new one")


def _copy_package(descriptor: Path, out: Path) -> None:
    from .descriptor import load_package
    shutil.copy2(descriptor, out / DESCRIPTOR)
    for resource in load_package(descriptor).resources:
        target = out / resource.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(safe_real_path(resource.path, resource.package_root), target)


def _build_site(out: Path, db: Path, descriptor: Path) -> None:
    try:
        from .site import build_site
    except ImportError as exc:
        raise DrcdataError(f"the site needs its extra ({exc.name} is missing): pip install '.[site]', "
                           "or release with --no-site") from None
    build_site(out, db=db, package=descriptor)
