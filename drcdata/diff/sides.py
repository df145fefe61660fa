"""One side of a diff: a package folder as it is, or a git revision unpacked into a temporary folder."""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import DrcdataError, UsageError
from ..paths import DESCRIPTOR


@contextmanager
def package_folder(spec: str, repo: Path) -> Iterator[Path]:
    """`spec` names a folder (or its datapackage.json) if one exists, else a git revision of `repo`."""
    path = Path(spec)
    if path.is_dir() and (path / DESCRIPTOR).is_file():
        yield path
        return
    if path.is_file() and path.name == DESCRIPTOR:
        yield path.parent
        return
    commit = _commit(spec, repo)
    with tempfile.TemporaryDirectory(prefix="drcdata-diff-") as tmp:
        _unpack(commit, repo, Path(tmp))
        if not (Path(tmp) / DESCRIPTOR).is_file():
            raise UsageError(f"revision {spec} has no {DESCRIPTOR} at the top of the repository")
        yield Path(tmp)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed, so a revision cannot be read; give two folders instead") from None


def _commit(spec: str, repo: Path) -> str:
    if spec.startswith("-"):  # never let a revision name pass as an option to git
        raise UsageError(f"{spec!r} is neither a package folder nor a git revision")
    found = _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if found.returncode != 0:
        raise UsageError(f"{spec!r} is neither a folder holding a {DESCRIPTOR} nor a git revision of {repo}")
    return found.stdout.decode().strip()


def _unpack(commit: str, repo: Path, into: Path) -> None:
    archive = _git(repo, "archive", "--format=tar", commit)
    if archive.returncode != 0:
        raise DrcdataError(f"git archive {commit} failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")  # "data": no absolute paths, links out or device files


def short_label(spec: str, repo: Path) -> str:
    """A folder stays as named; a revision is shown with its short commit hash."""
    path = Path(spec)
    if path.exists():
        return spec
    found = _git(repo, "rev-parse", "--short", f"{spec}^{{commit}}")
    short = found.stdout.decode().strip()
    return spec if short.startswith(spec) else f"{spec} ({short})"
