"""The content of each page, as plain data for the templates (and for the tests to check)."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from . import charts
from .dates import is_span, period_end, span
from .source import SiteSource

CONTROL = "territorial_control"
ACTORS = "actors"
PLACES = "places"


def record_href(record_id: str) -> str:
    return f"record/{record_id}.html"


def actor_href(actor_id: str) -> str:
    return f"actor/{actor_id}.html"


# -- index -------------------------------------------------------------------------------


def coverage_rows(source: SiteSource) -> list[dict]:
    """The coverage report, each table linked to its listing; a cited table the report lacks gets its row count."""
    rows = [{**r, "page": f"table/{r['table_name']}.html" if _has(source, r["table_name"]) else None}
            for r in source.report("coverage")]
    covered = {r["table_name"] for r in rows}
    for table in source.fact_tables:
        if table.name not in covered:
            rows.append({"table_name": table.name, "rows": len(table.rows), "first_date": None, "last_date": None,
                         "rows_with_two_origins": None, "pct_two_origins": None, "page": f"table/{table.name}.html"})
    return sorted(rows, key=lambda r: r["table_name"])


# -- record pages ------------------------------------------------------------------------


def record_pages(source: SiteSource) -> list[dict]:
    """One page per record of every cited table, with its links and all its evidence."""
    evidence = source.report_for_each("evidence", "record", list(source.record_index))
    referrers = _referrers(source)
    pages = []
    for table in source.fact_tables:
        link_of = {link.field: link.target for link in table.links}
        for row in table.rows:
            citations = evidence[row["id"]]
            supporting = [c for c in citations if c["stance"] == "supports"]
            origins = sorted({c["origin"] for c in supporting})
            pages.append({
                "id": row["id"], "table": table.name, "table_title": table.title,
                "label": citations[0]["label"] if citations else row["id"],
                "fields": [_field(f, row.get(f["name"]), link_of.get(f["name"]), source) for f in table.fields],
                "referrers": referrers.get(row["id"], []),
                "supporting": supporting,
                "contradicting": [c for c in citations if c["stance"] == "contradicts"],
                "origins": origins,
                "single_origin": len(origins) <= 1,
                "actor_page": actor_href(row["id"]) if table.name == ACTORS else None,
            })
    return pages


def _field(spec: dict, value, target: str | None, source: SiteSource) -> dict:
    shown = {"name": spec["name"], "title": spec.get("description", ""), "value": value, "href": None, "actor_href": None}
    if value is not None and target:
        shown["href"] = record_href(value)
        shown["label"] = _label(source, value)
        if target == ACTORS:
            shown["actor_href"] = actor_href(value)
    return shown


def _label(source: SiteSource, record_id: str) -> str:
    table, row = source.record_index.get(record_id, (None, {}))
    for name in ("name", "title", "subject"):
        if row.get(name):
            return row[name]
    return record_id


def _referrers(source: SiteSource) -> dict[str, list[dict]]:
    """For each record, the records whose foreign keys point at it (a meeting's participants, a place's periods)."""
    found: dict[str, list[dict]] = defaultdict(list)
    for table in source.fact_tables:
        for link in table.links:
            for row in table.rows:
                if row.get(link.field):
                    found[row[link.field]].append({"table": table.name, "field": link.field, "id": row["id"],
                                                   "label": _label(source, row["id"]), "href": record_href(row["id"])})
    return found


# -- actor pages -------------------------------------------------------------------------


def actor_pages(source: SiteSource) -> list[dict]:
    actors = source.table(ACTORS).rows
    profiles = source.report_for_each("actor_profile", "for_actor", [a["id"] for a in actors])
    pages = []
    for actor in actors:
        sections: dict[str, list[dict]] = {}
        for item in profiles[actor["id"]]:
            item = {**item, "href": record_href(item["record_id"])}
            sections.setdefault(item["section"], []).append(item)
        pages.append({"id": actor["id"], "name": actor["name"], "record_href": record_href(actor["id"]),
                      "sections": sections, "rows": profiles[actor["id"]]})
    return pages


# -- control -----------------------------------------------------------------------------


def control_page(source: SiteSource, borders: dict) -> dict:
    periods = source.table(CONTROL).rows
    as_of = dt.date.fromisoformat(source.as_of)
    first = min(dt.date.fromisoformat(p["start_date"]) for p in periods)
    snapshots = {day.isoformat(): _positioned(source, source.report("control_as_of", on_date=day.isoformat()))
                 for day in change_days(periods, first, as_of)}
    controllers = _by_periods_held(snapshots)
    places = sorted({p["place_id"] for p in periods})
    history = [_history_bar(r, source) for r in _unique(source.report_for_each("control_history", "for_place", places))]
    located = [source.record_index[p][1] for p in places if _coordinates(source, p)]
    initial = snapshots[max(snapshots)]
    shared, indexes = _shared_rows(snapshots)
    return {
        "first": first.isoformat(), "as_of": as_of.isoformat(), "rows": shared, "snapshots": indexes,
        "columns": [c for c in shared[0] if not c.startswith("_")] if shared else [],
        "map_spec": charts.control_map(borders, [r for r in initial if "_longitude" in r], controllers,
                                       _extent(located)),
        "history": history,
        "history_spec": charts.control_history(history, controllers),
        "unplaced": sorted({_label(source, p) for p in places if not _coordinates(source, p)}),
    }


def _shared_rows(snapshots: dict[str, list[dict]]) -> tuple[list[dict], dict[str, list[int]]]:
    """Each distinct row once, and each day's rows as indexes into them: a period held for a year
    sits in every snapshot of that year, and copying it into each made the page grow with the square
    of the data."""
    rows: list[dict] = []
    index_of: dict[str, int] = {}
    indexes = {}
    for day, day_rows in snapshots.items():
        indexes[day] = []
        for row in day_rows:
            key = json.dumps(row, sort_keys=True, default=str)
            if key not in index_of:
                index_of[key] = len(rows)
                rows.append(row)
            indexes[day].append(index_of[key])
    return rows, indexes


def _by_periods_held(snapshots: dict[str, list[dict]]) -> list[str]:
    """Controllers, those holding the most periods first, so the main parties get the scheme's
    strongest colours (ties by name, so the colours do not move between builds)."""
    periods: dict[str, set[str]] = {}
    for rows in snapshots.values():
        for r in rows:
            periods.setdefault(r["controller"], set()).add(r["record_id"])
    return sorted(periods, key=lambda name: (-len(periods[name]), name))


def change_days(periods: list[dict], first: dt.date, as_of: dt.date) -> list[dt.date]:
    """The days on which `control_as_of` can change: a period starts, or the day after one ends.

    Between two such days the report returns the same rows, so its answer on these days is its
    answer on every day from the first period to `as_of`."""
    days = {first}
    for p in periods:
        days.add(dt.date.fromisoformat(p["start_date"]))
        if p["end_date"]:
            days.add(dt.date.fromisoformat(p["end_date"]) + dt.timedelta(days=1))
    return sorted(d for d in days if first <= d <= as_of)


def _coordinates(source: SiteSource, place_id: str):
    """The place's sourced point as (longitude, latitude, precision), or None when it has none."""
    place = source.record_index.get(place_id, (None, {}))[1]
    if place.get("latitude") is None or place.get("longitude") is None:
        return None
    return place["longitude"], place["latitude"], place["coordinate_precision"]


def _positioned(source: SiteSource, rows: list[dict]) -> list[dict]:
    """Each `control_as_of` row with its link and, when the place has sourced coordinates, its position."""
    out = []
    for row in rows:
        row = {**row, "_href": record_href(row["record_id"])}
        place_id = source.record_index[row["record_id"]][1]["place_id"]
        point = _coordinates(source, place_id)
        if point:
            row["_longitude"], row["_latitude"], row["_position"] = point
        out.append(row)
    return out


def _extent(places: list[dict]) -> dict:
    """A box around the located places (with a margin) for the projection to fit."""
    if not places:
        lon0, lat0, lon1, lat1 = 26.0, -5.0, 31.5, 1.0
    else:
        lons = [p["longitude"] for p in places]
        lats = [p["latitude"] for p in places]
        lon0, lon1, lat0, lat1 = min(lons) - 0.6, max(lons) + 0.6, min(lats) - 0.5, max(lats) + 0.5
    ring = [[lon0, lat0], [lon0, lat1], [lon1, lat1], [lon1, lat0], [lon0, lat0]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _unique(grouped: dict[str, list[dict]]) -> list[dict]:
    """control_history of a place includes the places within it; keep each period once."""
    seen, rows = set(), []
    for place_rows in grouped.values():
        for row in place_rows:
            if row["record_id"] not in seen:
                seen.add(row["record_id"])
                rows.append(row)
    return rows


def _history_bar(row: dict, source: SiteSource) -> dict:
    return {**row, "_start": span(row["from"])[0].isoformat(), "_end": period_end(row["to"]).isoformat(),
            "_href": record_href(row["record_id"])}


# -- timeline ----------------------------------------------------------------------------


def timeline_page(source: SiteSource) -> dict:
    processes = {p["id"]: p["name"] for p in source.table("processes").rows} if _has(source, "processes") else {}
    items = []
    for row in source.report("timeline"):
        start, end = span(row["when"])
        record = source.record_index.get(row["record_id"], (None, {}))[1]
        items.append({**row, "_start": start.isoformat(), "_end": end.isoformat(), "_span": is_span(row["when"]),
                      "_process": record.get("process_id") or "", "_href": record_href(row["record_id"])})
    kinds = list(dict.fromkeys(r["event"] for r in sorted(items, key=lambda r: r["event"])))
    used = sorted({i["_process"] for i in items if i["_process"]})
    return {"items": items, "kinds": kinds, "processes": [(p, processes.get(p, p)) for p in used],
            "spec": charts.timeline(items, kinds)}


def _has(source: SiteSource, name: str) -> bool:
    return any(t.name == name for t in source.fact_tables)


# -- network -----------------------------------------------------------------------------


def network_page(source: SiteSource, layout) -> dict:
    from drcdata.site.network_layout import dot_area, place_labels

    edges = source.report("actor_network")
    kinds = {a["id"]: a["kind"] for a in source.table(ACTORS).rows}
    ties: dict[str, int] = defaultdict(int)
    partners: dict[str, set] = defaultdict(set)
    names = {}
    for e in edges:
        a, b = e["actor_a_id"], e["actor_b_id"]
        ties[a] += e["meetings"] + e["agreements"]
        ties[b] += e["meetings"] + e["agreements"]
        partners[a].add(b)
        partners[b].add(a)
        names[a], names[b] = e["actor_a"], e["actor_b"]
    position = layout(edges)
    most = max((len(p) for p in partners.values()), default=0)
    nodes = [{"id": a, "name": names[a], "kind": kinds.get(a, "other"), "ties": ties[a], "partners": len(partners[a]),
              "href": actor_href(a), "x": position[a][0], "y": position[a][1],
              "_area": dot_area(len(partners[a]), most)} for a in sorted(ties)]
    labels = [{"id": a, "name": names[a], "x": spot.x, "y": spot.y, "align": spot.align, "href": actor_href(a),
               **(dict(zip(("_x1", "_y1", "_x2", "_y2"), spot.leader)) if spot.leader else {})}
              for a, spot in sorted(place_labels(nodes).items())]
    drawn = [{**e, "_x1": position[e["actor_a_id"]][0], "_y1": position[e["actor_a_id"]][1],
              "_x2": position[e["actor_b_id"]][0], "_y2": position[e["actor_b_id"]][1],
              "_ties": e["meetings"] + e["agreements"]} for e in edges]
    return {"edges": drawn, "nodes": nodes, "labels": labels, "unlabelled": len(nodes) - len(labels),
            "spec": charts.network(drawn, nodes, labels)}


# -- contested ---------------------------------------------------------------------------


def contested_page(source: SiteSource) -> dict:
    grouped: dict[str, dict] = {}
    for row in source.report("contested_facts"):
        entry = grouped.setdefault(row["record_id"], {"record_id": row["record_id"], "label": row["label"],
                                                      "table": row["table_name"], "href": record_href(row["record_id"]),
                                                      "versions": []})
        entry["versions"].append(row)
    return {"records": list(grouped.values())}
