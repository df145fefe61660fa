"""Compare two versions of the data package, table by table, keyed on each table's primary key.

    from drcdata.diff import diff_packages
    changes = diff_packages("3628e18", ".")       # a git revision and the work tree, or two folders
    changes.to_json(); render_markdown(changes)

Rows are compared as the CSV files write them (text), so a correction shows exactly what changed.
"""
from __future__ import annotations

from .model import PackageDiff, SchemaChange, TableDiff, ValueChange
from .compare import diff_packages, diff_folders
from .render import render_markdown

__all__ = ["PackageDiff", "SchemaChange", "TableDiff", "ValueChange", "diff_packages", "diff_folders",
           "render_markdown"]
