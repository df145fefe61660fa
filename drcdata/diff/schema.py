"""Schema changes between two versions of a table: columns added, removed, renamed, retyped, re-constrained."""
from __future__ import annotations

from ..descriptor import Field, Resource
from ..sqltext import quote_ident as q
from .model import SchemaChange

CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum", "min_length", "max_length")


def find_renames(con, old: Resource, new: Resource, join: str) -> dict[str, str]:
    """old name -> new name, for a dropped and an added column of one type holding the same values.

    Tables `o` and `n` are loaded. A pair counts only when it is the one match both ways and at
    least one paired row has a value, so two empty columns are not taken for a rename."""
    gone = [f for f in old.fields if f.name not in new.field_names]
    came = [f for f in new.fields if f.name not in old.field_names]
    matches = [(a.name, b.name) for a in gone for b in came if a.type == b.type and _same_values(con, a.name, b.name, join)]
    return {a: b for a, b in matches
            if sum(1 for x, _ in matches if x == a) == 1 and sum(1 for _, y in matches if y == b) == 1}


def _same_values(con, a: str, b: str, join: str) -> bool:
    differ, filled = con.execute(
        f"SELECT count(*) FILTER (WHERE o.{q(a)} IS DISTINCT FROM n.{q(b)}), count(n.{q(b)}) "
        f"FROM o JOIN n ON {join}").fetchone()
    return differ == 0 and filled > 0


def column_changes(old: Resource, new: Resource, renames: dict[str, str]) -> list[SchemaChange]:
    changes = []
    renamed_to = set(renames.values())
    for f in old.fields:
        if f.name in renames:
            changes.append(SchemaChange("column_renamed", renames[f.name], old=f.name))
        elif f.name not in new.field_names:
            changes.append(SchemaChange("column_removed", f.name))
    for f in new.fields:
        if f.name not in old.field_names and f.name not in renamed_to:
            changes.append(SchemaChange("column_added", f.name, new=f.type))
    was = {b: a for a, b in renames.items()}
    for f in new.fields:
        before = was.get(f.name, f.name)
        if before in old.field_names:
            changes += _field_changes(old.field(before), f)
    common_old = [renames.get(n, n) for n in old.field_names if renames.get(n, n) in new.field_names]
    common_new = [n for n in new.field_names if n in common_old]
    if common_old != common_new:
        changes.append(SchemaChange("columns_reordered", old=", ".join(common_old), new=", ".join(common_new)))
    if old.primary_key != new.primary_key:
        changes.append(SchemaChange("primary_key_changed", old=", ".join(old.primary_key), new=", ".join(new.primary_key)))
    fk_text = lambda fk: f"{', '.join(fk.fields)} → {fk.resource}.{', '.join(fk.reference_fields)}"
    old_fks, new_fks = {fk_text(fk) for fk in old.foreign_keys}, {fk_text(fk) for fk in new.foreign_keys}
    changes += [SchemaChange("foreign_key_removed", old=fk) for fk in sorted(old_fks - new_fks)]
    changes += [SchemaChange("foreign_key_added", new=fk) for fk in sorted(new_fks - old_fks)]
    return changes


def _field_changes(old: Field, new: Field) -> list[SchemaChange]:
    changes = []
    if old.type != new.type:
        changes.append(SchemaChange("type_changed", new.name, old=old.type, new=new.type))
    for name in CONSTRAINTS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            kind = "constraint_loosened" if _looser(name, before, after) else "constraint_tightened"
            changes.append(SchemaChange(kind, new.name, old=_plain(before), new=_plain(after), constraint=name))
    return changes


def _looser(name: str, before, after) -> bool:
    """True when every value valid before is still valid after (the recipe's MINOR case)."""
    if after is None or after is False:
        return True
    if before is None or before is False:
        return False
    if name == "enum":
        return set(before) <= set(after)
    if name in ("minimum", "min_length"):
        return after <= before
    if name in ("maximum", "max_length"):
        return after >= before
    return False  # a different pattern: no telling, so count it as tighter


def _plain(value):
    return list(value) if isinstance(value, tuple) else value
