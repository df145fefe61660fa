"""Write a synthetic package with the real schema and about N rows, optionally with seeded faults.

    python benchmarks/generate.py OUT_DIR ROWS [--faults]

Every fact row gets a supporting citation and control periods never overlap, so a package
without --faults is valid. --faults plants one fault of each kind at known rows and writes
them to OUT_DIR/faults.json, so a benchmark can check that each validator finds them. Some
faults have knock-on errors (the uncited statement's own citation now points at nothing; the
contradicting citation leaves its record unsupported); only the planted row is scored.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS_PER_UNIT = 13  # source, actor, place, meeting, participant, statement, control + 6 citations


def columns(descriptor: dict) -> dict[str, list[str]]:
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}


def unit_rows(i: int) -> dict[str, list[dict]]:
    """One self-consistent slice of the dataset; ids are unique per i."""
    day = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
    src, actor, place, meeting = f"src-{i}", f"actor-{i}", f"place-{i}", f"meeting-{i}"
    part, stmt, ctrl = f"{meeting}--{actor}", f"st-{i}", f"tc-{place}-{i}"
    rows = {
        "sources": [dict(id=src, title=f"Report {i}", publisher="Wire", origin=f"wire-{i % 7}",
                         url=f"https://example.org/{i}", published_date=day, language="en", source_type="wire")],
        "actors": [dict(id=actor, name=f"Actor {i}", kind="person", country="COD", description="synthetic")],
        "places": [dict(id=place, name=f"Place {i}", kind="town", country="COD")],
        "meetings": [dict(id=meeting, date=day, date_precision="day", place_id=place, kind="bilateral",
                          title=f"Meeting {i}", summary="synthetic")],
        "meeting_participants": [dict(id=part, meeting_id=meeting, actor_id=actor, role="party")],
        "statements": [dict(id=stmt, speaker_id=actor, date=day, date_precision="day", meeting_id=meeting,
                            medium="speech", text=f"We said thing number {i}, with a comma.", language="en",
                            quote_type="direct", topics="security;minerals")],
        "territorial_control": [dict(id=ctrl, place_id=place, controller_id=actor, start_date=day, start_precision="day",
                                     status="control", how_began="captured", assessment="independent")],
    }
    rows["citations"] = [dict(id=f"cit-{i}-{n}", record_id=rid, source_id=src, excerpt=f"Excerpt {i} supports {rid}.",
                              stance="supports")
                         for n, rid in enumerate((actor, place, meeting, part, stmt, ctrl))]
    return rows


# (resource, unit, field, value, kind): kinds frictionless also checks, then the dataset's own rules.
# A value may name the unit ({i}) or the one before it ({prev}).
FAULTS = [
    ("meetings", 0.10, "date", "2025-02-30", "type"),
    ("meetings", 0.20, "kind", "picnic", "enum"),
    ("actors", 0.30, "name", "", "required"),
    ("actors", 0.40, "country", "Congo", "pattern"),
    ("meetings", 0.50, "place_id", "atlantis", "foreign-key"),
    ("places", 0.60, "id", "place-1", "primary-key"),
    ("citations", 0.65, "excerpt", "", "empty-excerpt"),
    ("statements", 0.70, "date", "2099-01-01", "after-as-of"),
    ("territorial_control", 0.80, "end_date", "2024-01-01", "end-before-start"),
    ("territorial_control", 0.85, "place_id", "place-{prev}", "control-overlap"),
    ("citations", 0.90, "stance", "contradicts", "contradiction-value"),
    ("statements", 0.95, "id", "st-uncited-{i}", "uncited"),
]


def generate(out: Path, rows: int, faults: bool = False) -> list[dict]:
    descriptor = json.loads((ROOT / "datapackage.json").read_text())
    cols = columns(descriptor)
    out.mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    shutil.copy(ROOT / "datapackage.json", out / "datapackage.json")
    units = max(2, rows // ROWS_PER_UNIT)
    fault_units = {max(1, int(f[1] * units)): f for f in FAULTS} if faults else {}
    handles = {name: open(out / "data" / f"{name}.csv", "w", newline="", encoding="utf-8") for name in cols}
    writers = {name: csv.DictWriter(fh, fieldnames=cols[name], lineterminator="\n") for name, fh in handles.items()}
    counts = {name: 1 for name in cols}  # header is row 1
    planted = []
    for w in writers.values():
        w.writeheader()
    for i in range(units):
        fault = fault_units.get(i)
        for name, table_rows in unit_rows(i).items():
            for row in table_rows:
                counts[name] += 1
                if fault and fault[0] == name:
                    resource, _, field, value, kind = fault
                    row[field] = value.format(i=i, prev=i - 1)
                    planted.append(dict(resource=name, row=counts[name], field=field, value=row[field], kind=kind))
                    fault = None  # one row per unit: a citations fault hits the unit's first citation
                writers[name].writerow({k: row.get(k, "") for k in cols[name]})
    if faults:  # a CSV-level fault too: a row with one cell too many
        handles["processes"].write("extra-process,Name,Description,surplus\n")
        counts["processes"] += 1
        planted.append(dict(resource="processes", row=counts["processes"], field=None, value="surplus", kind="extra-cell"))
    for fh in handles.values():
        fh.close()
    if faults:
        (out / "faults.json").write_text(json.dumps(planted, indent=2))
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("rows", type=int)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    planted = generate(args.out, args.rows, args.faults)
    print(f"wrote {args.out} (~{args.rows} rows, {len(planted)} seeded faults)")


if __name__ == "__main__":
    main()
