"""A git merge driver for data/*.csv: a three-way merge by row id, field by field.

Two branches that each add rows, or change different fields of one row, merge cleanly; a field
changed differently on both sides is a conflict (exit 1, both versions kept in a marked row at
the end, so the validator refuses the file until someone chooses).

Install once per clone:
    git config merge.csvbyid.driver "python3 tools/csvmerge.py %O %A %B"
    echo 'data/*.csv merge=csvbyid' >> .git/info/attributes
"""

import csv
import sys


def read_rows(path: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        return header, {row["id"]: row for row in reader}


def merge_field(base: str | None, ours: str | None, theirs: str | None) -> tuple[str | None, bool]:
    """The merged value and whether the two sides conflict."""
    if ours == theirs:
        return ours, False
    if ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    return ours, True


def merge(base_path: str, ours_path: str, theirs_path: str) -> int:
    base_header, base = read_rows(base_path)
    our_header, ours = read_rows(ours_path)
    their_header, theirs = read_rows(theirs_path)
    header = our_header + [name for name in their_header if name not in our_header]
    merged: dict[str, dict[str, str]] = {}
    conflicts: list[dict[str, str]] = []
    # Our order first, then rows only they added, in their order.
    ids = list(ours) + [row_id for row_id in theirs if row_id not in ours]
    for row_id in ids:
        if row_id in base and (row_id not in ours or row_id not in theirs):
            # Deleted on one side: keep the deletion unless the other side edited the row.
            survivor = ours.get(row_id) or theirs.get(row_id)
            if survivor == base[row_id]:
                continue
        row: dict[str, str] = {}
        clash = False
        for name in header:
            value, conflicted = merge_field(
                base.get(row_id, {}).get(name),
                ours.get(row_id, {}).get(name),
                theirs.get(row_id, {}).get(name),
            )
            row[name] = value or ""
            clash = clash or conflicted
        merged[row_id] = row
        if clash:
            conflicts.append({**theirs[row_id], "id": f"CONFLICT<<{row_id}"})
    with open(ours_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(merged.values())
        writer.writerows(conflicts)
    for row in conflicts:
        print(f"csvmerge: {ours_path}: conflicting edits of {row['id'][10:]}", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(merge(*sys.argv[1:4]))
