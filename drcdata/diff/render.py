"""A diff as Markdown, for people and for CHANGELOG.md (JSON is `PackageDiff.to_json()`)."""
from __future__ import annotations

from ..output import render
from .model import PackageDiff, TableDiff

COUNT_COLUMNS = ["table", "rows before", "rows after", "added", "removed", "changed rows", "changed values",
                 "schema changes"]


def render_markdown(diff: PackageDiff, *, level: int = 1, list_added: bool = True) -> str:
    """`level` is the heading level of the title; `list_added=False` counts additions instead of naming them."""
    h = "#" * level
    level_name, reasons = diff.bump()
    o, n = diff.old, diff.new
    out = [f"{h} Data changes from {o.version} ({o.label}) to {n.version} ({n.label})", "",
           f"Old: version {o.version}, as of {o.as_of}. New: version {n.version}, as of {n.as_of}.", "",
           f"Version bump the Data Package Version recipe calls for: **{level_name}**"]
    out += [f"- {r}" for r in reasons]
    out += ["", render(COUNT_COLUMNS, [_counts(t) for t in diff.tables], "markdown")]
    for t in diff.tables:
        if not t.is_unchanged:
            out += ["", f"{h}# `{t.table}`", ""] + _table_section(t, list_added)
    return "\n".join(out) + "\n"


def _counts(t: TableDiff) -> tuple:
    absent = "—"
    return (t.table, absent if t.rows_old is None else t.rows_old, absent if t.rows_new is None else t.rows_new,
            len(t.added), len(t.removed), t.changed_rows, len(t.changed), len(t.schema))


def _table_section(t: TableDiff, list_added: bool) -> list[str]:
    out = []
    if t.schema:
        out += ["Schema changes:", ""] + [f"- {s.describe()}" for s in t.schema] + [""]
    if t.added:
        named = ": " + ", ".join(f"`{k}`" for k in t.added) if list_added else ""
        out += [f"Added {len(t.added)} row(s){named}", ""]
    if t.removed:
        out += [f"Removed {len(t.removed)} row(s): " + ", ".join(f"`{k}`" for k in t.removed), ""]
    if t.changed:
        key = " / ".join(t.key)
        out += [f"Corrected {len(t.changed)} value(s) in {t.changed_rows} row(s):", "",
                render([key, "field", "old", "new"], [(f"`{c.key}`", c.field, c.old, c.new) for c in t.changed],
                       "markdown"), ""]
    return out[:-1] if out and out[-1] == "" else out
