"""What a diff is made of, and which version bump it calls for under the Data Package Version recipe."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

LEVELS = ("none", "patch", "minor", "major")

# Schema changes the recipe calls incompatible (MAJOR) or compatible (MINOR).
MAJOR_CHANGES = {"table_removed", "column_added", "column_removed", "column_renamed", "columns_reordered",
                 "type_changed", "primary_key_changed", "constraint_tightened"}
MINOR_CHANGES = {"table_added", "constraint_loosened", "foreign_key_added", "foreign_key_removed"}


@dataclass(frozen=True)
class SchemaChange:
    change: str                 # one of MAJOR_CHANGES | MINOR_CHANGES
    column: str | None = None
    old: object = None
    new: object = None
    constraint: str | None = None

    @property
    def level(self) -> str:
        return "major" if self.change in MAJOR_CHANGES else "minor"

    def describe(self) -> str:
        col = f"`{self.column}`" if self.column else ""
        return {
            "table_added": "table added",
            "table_removed": "table removed",
            "column_added": f"column {col} added ({self.new})",
            "column_removed": f"column {col} removed",
            "column_renamed": f"column `{self.old}` renamed to {col}",
            "columns_reordered": f"columns reordered: {self.old} → {self.new}",
            "type_changed": f"column {col} type {self.old} → {self.new}",
            "primary_key_changed": f"primary key {self.old} → {self.new}",
            "foreign_key_added": f"foreign key added: {self.new}",
            "foreign_key_removed": f"foreign key removed: {self.old}",
        }.get(self.change) or (f"column {col} constraint `{self.constraint}` {_json(self.old)} → {_json(self.new)} "
                               f"({'tightened' if self.change == 'constraint_tightened' else 'loosened'})")


@dataclass(frozen=True)
class ValueChange:
    key: str
    field: str
    old: str | None
    new: str | None


@dataclass
class TableDiff:
    table: str
    key: tuple[str, ...]
    rows_old: int | None        # None: the table is absent from that side
    rows_new: int | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[ValueChange] = field(default_factory=list)
    schema: list[SchemaChange] = field(default_factory=list)

    @property
    def changed_rows(self) -> int:
        return len({c.key for c in self.changed})

    @property
    def is_unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed or self.schema)

    def to_json(self) -> dict:
        return {"table": self.table, "key": list(self.key),
                "counts": {"rows_old": self.rows_old, "rows_new": self.rows_new, "added": len(self.added),
                           "removed": len(self.removed), "changed_rows": self.changed_rows,
                           "changed_values": len(self.changed), "schema_changes": len(self.schema)},
                "schema": [{k: v for k, v in asdict(s).items() if v is not None} for s in self.schema],
                "added": self.added, "removed": self.removed,
                "changed": [asdict(c) for c in self.changed]}


@dataclass(frozen=True)
class Side:
    label: str                  # what the user named: a folder or a git revision
    version: str
    as_of: str


@dataclass
class PackageDiff:
    old: Side
    new: Side
    tables: list[TableDiff]

    def bump(self) -> tuple[str, list[str]]:
        """The smallest version bump the recipe allows, with the reasons for it."""
        reasons: dict[str, list[str]] = {level: [] for level in LEVELS}
        for t in self.tables:
            for s in t.schema:
                reasons[s.level].append(f"{t.table}: {s.describe()}")
            if t.removed and t.rows_new is not None:
                reasons["major"].append(f"{t.table}: {len(t.removed)} row(s) removed (published ids disappear)")
            if t.added and t.rows_old is not None:
                reasons["minor"].append(f"{t.table}: {len(t.added)} row(s) added")
            if t.changed:
                reasons["patch"].append(f"{t.table}: {t.changed_rows} row(s) corrected")
        level = next((lv for lv in reversed(LEVELS) if reasons[lv]), "none")
        return level, reasons[level]

    def to_json(self) -> dict:
        level, reasons = self.bump()
        return {"old": asdict(self.old), "new": asdict(self.new),
                "bump": {"level": level, "reasons": reasons},
                "tables": [t.to_json() for t in self.tables]}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
