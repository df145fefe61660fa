"""A report parameter that names a record or a value must name one that exists: an unknown id is an
error with the closest ids, never an empty table that reads as "none".

A parameter declares what it names in its help text: `(see the actors table)` for a record id,
`(see events.kind)` for a value of one column. A column with an enum in datapackage.json (or a
list column whose pattern spells out its values, like `topics`) gives the parameter its choices.
A record can also be named by its name, a part of its id or name, or a state's ISO code, as long
as exactly one record answers: `tshisekedi` and `Félix Tshisekedi` both mean felix-tshisekedi.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .descriptor import Package
from .errors import UsageError
from .reports import Param, Report
from .sqltext import quote_ident

_NAMES = re.compile(r"\bsee (?:the (?P<table>[a-z_]+) (?:table|view)|(?P<t>[a-z_]+)\.(?P<column>[a-z_]+)\b)")
# A list column's pattern: ^(a|b|c)(;(a|b|c))*$
_LIST_PATTERN = re.compile(r"^\^\((?P<values>[a-z0-9_|]+)\)\(;\((?P=values)\)\)\*\$$")
# Another name a record answers to: a state is also known by its ISO code (USA, COD).
_ALIASES = {"actors": "SELECT id, country FROM actors WHERE kind = 'state' AND country IS NOT NULL",
            "places": "SELECT id, country FROM places WHERE kind = 'country' AND country IS NOT NULL"}
CANDIDATES_SHOWN = 8


@dataclass(frozen=True)
class Reference:
    table: str
    column: str

    @property
    def names_records(self) -> bool:
        return self.column == "id"


def reference_of(param: Param) -> Reference | None:
    match = _NAMES.search(param.help)
    if not match:
        return None
    return Reference(match["table"], "id") if match["table"] else Reference(match["t"], match["column"])


def needs_package(report: Report) -> bool:
    """Whether checking the report's parameters needs datapackage.json (a parameter names a column)."""
    return any((ref := reference_of(p)) is not None and not ref.names_records for p in report.params)


def choices_of(param: Param, pkg: Package) -> tuple[str, ...] | None:
    """The values datapackage.json allows for the column a parameter names, if it lists them."""
    ref = reference_of(param)
    if ref is None or ref.names_records:
        return None
    try:
        field = pkg.resource(ref.table).field(ref.column)
    except (KeyError, StopIteration):
        return None
    if field.enum is not None:
        return tuple(str(v) for v in field.enum)
    listed = _LIST_PATTERN.match(field.pattern or "")
    return tuple(listed["values"].split("|")) if listed else None


def resolve_references(report: Report, bound: dict, con, pkg: Package | None) -> list[str]:
    """Check (and, for a record named by name, replace) each value in `bound`; returns notes to show."""
    notes = []
    for name, value in list(bound.items()):
        ref = reference_of(report.param(name))
        if value is None or ref is None:
            continue
        choices = choices_of(report.param(name), pkg)
        if choices is not None:
            _check_choice(report, name, value, choices)
        elif ref.names_records:
            record, note = _resolve_record(report, name, str(value), ref.table, con)
            bound[name] = record
            if note:
                notes.append(note)
        else:
            _check_value(report, name, value, ref, con)
    return notes


def _check_choice(report: Report, name: str, value, choices: tuple[str, ...]) -> None:
    if value in choices:
        return
    close = _closest(str(value), list(choices))
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UsageError(f"{report.name}: {name} {value!r} is not one of the allowed values; {hint}"
                     f"choose from: {', '.join(choices)}")


def _check_value(report: Report, name: str, value, ref: Reference, con) -> None:
    column, table = quote_ident(ref.column), quote_ident(ref.table)
    known = [row[0] for row in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()]
    if value not in known:
        raise UsageError(f"{report.name}: {name} {value!r} names no {ref.table}.{ref.column}{_suggest(str(value), known, ref)}")


def _resolve_record(report: Report, name: str, value: str, table: str, con) -> tuple[str, str | None]:
    """The id `value` means: itself if it is one, else the one record whose name, alias or id part it is."""
    if con.execute(f"SELECT 1 FROM {quote_ident(table)} WHERE id = ?", [value]).fetchone():
        return value, None
    records = _records(table, con)
    wanted = _normal(value)
    exact = [i for i, (forms, _) in records.items() if wanted in forms]
    partial = [i for i, (forms, _) in records.items() if any(_is_run(wanted, f) for f in forms)]
    found = exact or partial
    if len(found) == 1:
        return found[0], f"{name} {value!r} is {_shown(found[0], records)}"
    if found:
        listed = ", ".join(_shown(i, records) for i in sorted(found)[:CANDIDATES_SHOWN])
        more = f" and {len(found) - CANDIDATES_SHOWN} more" if len(found) > CANDIDATES_SHOWN else ""
        raise UsageError(f"{report.name}: {name} {value!r} could mean any of {len(found)} {table}: {listed}{more}; "
                         f"give the id")
    by_form = {f: i for i, (forms, _) in records.items() for f in forms}
    close = difflib.get_close_matches(wanted, list(by_form), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(by_form[f] for f in close))
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else _suggest(value, list(records), Reference(table, "id"))
    raise UsageError(f"{report.name}: {name} {value!r} names no {table}.id{hint}")


def _records(table: str, con) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Each id with the normalised forms it answers to (id, name if the table has one, aliases) and its name."""
    columns = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
    label = quote_ident("name") if "name" in columns else "NULL"
    records = {i: (tuple(dict.fromkeys(_normal(x) for x in (i, n) if x)), n)
               for i, n in con.execute(f"SELECT id, {label} FROM {quote_ident(table)}").fetchall()}
    for i, alias in con.execute(_ALIASES[table]).fetchall() if table in _ALIASES else ():
        forms, n = records[i]
        records[i] = (forms + (_normal(alias),), n)
    return records


def _shown(record: str, records: dict) -> str:
    label = records[record][1]
    return f"{record} ({label})" if label else record


def _normal(text: str) -> str:
    """félix TSHISEKEDI -> felix-tshisekedi: no accents, no case, words joined by dashes as ids are."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def _is_run(wanted: str, normal: str) -> bool:
    """Whether `wanted` is a whole word or run of words of `normal` (kagame in paul-kagame, not kag)."""
    return bool(wanted) and f"-{wanted}-" in f"-{normal}-"


def _suggest(value: str, known: list[str], ref: Reference) -> str:
    close = _closest(value, known)
    if close:
        return f"; did you mean {' or '.join(close)}?"
    return f" (see `drcdata query \"SELECT {ref.column} FROM {ref.table}\"`)"


def _closest(value: str, known: list[str]) -> list[str]:
    """Values that contain what was typed (sanction: sanctions_designation), else the most alike."""
    return [k for k in known if value.lower() in str(k).lower()][:3] or \
        difflib.get_close_matches(value, known, n=3, cutoff=0.5)
