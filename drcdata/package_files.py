"""Read a file of the package (a data CSV, a report's SQL) only if it is a regular file inside it.

A symlink out of the package would read any file on the machine, and opening a FIFO or a device
blocks forever or never ends; so the real path is resolved and stat-ed before anything is opened,
and what is opened is checked again to be that same regular file.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DrcdataError

KINDS = {stat.S_ISDIR: "a directory", stat.S_ISFIFO: "a FIFO (named pipe)", stat.S_ISCHR: "a character device",
         stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}


class FileRefused(DrcdataError):
    """The file cannot be read as package data; `rule` names why (file-missing, not-a-regular-file...)."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(message)


def safe_real_path(path: Path, root: Path) -> Path:
    """The real path of `path`, which must be a regular file under the real `root`."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise FileRefused("file-missing", f"the file {path} does not exist") from None
    except (OSError, RuntimeError) as exc:  # a symlink loop, a permission error on a parent
        raise FileRefused("file-unreadable", f"{path}: {exc}") from None
    real_root = root.resolve()
    if not real.is_relative_to(real_root):
        raise FileRefused("file-outside-package", f"{path} is a link to {real}, outside the package {real_root}")
    _must_be_regular(os.stat(real).st_mode, path)
    return real


def read_package_file(path: Path, root: Path) -> tuple[bytes, Path]:
    """The bytes of a package file and its real path (for DuckDB to read the same file)."""
    real = safe_real_path(path, root)
    try:
        # Non-blocking and no symlink: a FIFO or link swapped in since the stat cannot hang us.
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise FileRefused("file-unreadable", f"{path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        _must_be_regular(os.fstat(fd).st_mode, path)
        try:
            return fh.read(), real
        except OSError as exc:
            raise FileRefused("file-unreadable", f"{path}: {exc.strerror}") from None


def _must_be_regular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in KINDS.items() if test(mode)), "not a file")
        raise FileRefused("not-a-regular-file", f"{path} is {kind}, not a regular file")
