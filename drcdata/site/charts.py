"""Vega-Lite specs (built with Altair) for the site's charts; each one's data is a report's rows.

The rows keep the report's own columns; the few columns added for drawing (coordinates, a link,
a span end) are named with a leading underscore so a test can strip them and compare the rest
with the report.
"""
from __future__ import annotations

import altair as alt

VEGA_LITE_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
STATUS_SHAPES = {"control": "circle", "contested": "triangle-up"}


def control_map(borders: dict, rows: list[dict], controllers: list[str], extent: dict) -> dict:
    """Borders, and one mark per control period held on the chosen day (the named dataset `control`).

    The page swaps the `control` dataset for another day's `control_as_of` rows when the slider moves."""
    land = alt.Chart(alt.Data(values=borders["features"])).mark_geoshape(
        fill="#f3f1ea", stroke="#8a8577", strokeWidth=0.8, clip=True)
    names = alt.Chart(alt.Data(values=borders["features"])).mark_text(
        fontSize=11, color="#8a8577", fontStyle="italic", clip=True).encode(
        longitude="lon:Q", latitude="lat:Q", text="properties.name:N").transform_calculate(
        lon="geoCentroid(null, datum)[0]", lat="geoCentroid(null, datum)[1]")
    held = alt.Chart(alt.NamedData("control"))
    # An approximate point (a study area, a rough position) is drawn pale so it is not read as exact.
    marks = held.mark_point(filled=True, size=140, stroke="#222", strokeWidth=0.6, cursor="pointer").encode(
        longitude="_longitude:Q", latitude="_latitude:Q",
        fillOpacity=alt.condition("datum._position == 'approximate'", alt.value(0.35), alt.value(0.9)),
        color=alt.Color("controller:N", scale=alt.Scale(domain=controllers, scheme="tableau10"),
                        legend=alt.Legend(title="Controller", orient="bottom", columns=2, labelLimit=320)),
        shape=alt.Shape("status:N", scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values())),
                        # inside the map's top corner: beside the controllers it ran off the chart
                        legend=alt.Legend(title="Status", orient="top-left", fillColor="#ffffffd9",
                                          padding=6, cornerRadius=3)),
        href="_href:N", description="record_id:N",
        tooltip=["place:N", "controller:N", "status:N", "since:N", "until:N", "assessment:N",
                 alt.Tooltip("_position:N", title="position")]).properties(name="held")
    labels = held.mark_text(align="left", dx=8, dy=-6, fontSize=10, color="#333").encode(
        longitude="_longitude:Q", latitude="_latitude:Q", text="place:N")
    chart = alt.layer(land, names, marks, labels).properties(
        width=560, height=560,
        projection=alt.Projection(type="mercator", fit=extent))
    spec = chart.to_dict()
    spec["datasets"] = {**spec.get("datasets", {}), "control": rows}
    return spec


def control_history(rows: list[dict], controllers: list[str]) -> dict:
    """One bar per control period, per place, from `_start` to `_end` (the report's `from` and `to`)."""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar(height=12, cursor="pointer").encode(
        x=alt.X("_start:T", title=None, axis=alt.Axis(format="%b %Y", grid=True)),
        x2="_end:T",
        y=alt.Y("place:N", title=None, sort=alt.EncodingSortField("_start", op="min")),
        color=alt.Color("controller:N", scale=alt.Scale(domain=controllers, scheme="tableau10"),
                        legend=alt.Legend(title="Controller", orient="bottom", columns=2, labelLimit=320)),
        opacity=alt.Opacity("status:N", sort=["control", "contested"], scale=alt.Scale(domain=["control", "contested"], range=[0.95, 0.45]),
                            # above the bars: beside the controllers it ran off the chart, and inside it would hide bars
                            legend=alt.Legend(title="Status", orient="top", direction="horizontal")),
        href="_href:N", description="record_id:N",
        tooltip=["place:N", "controller:N", "status:N", "from:N", "to:N", "how_began:N", "how_ended:N"],
    ).properties(width=760, height=alt.Step(18))
    return chart.to_dict()


def timeline(rows: list[dict], kinds: list[str]) -> dict:
    """Day-precision items as points, month- and year-precision items as bars over their whole span.

    Two parameters, `kind` and `process`, filter the marks; the page sets them from its own menus."""
    kind = alt.param(name="kind", value="")
    process = alt.param(name="process", value="")
    base = alt.Chart(alt.Data(values=rows)).transform_filter(
        "(kind == '' || datum.event == kind) && (process == '' || datum._process == process)").encode(
        y=alt.Y("event:N", title=None, sort=kinds),
        color=alt.Color("event:N", sort=kinds, legend=None),
        href="_href:N", description="record_id:N",
        tooltip=[alt.Tooltip("when:N"), alt.Tooltip("event:N"), alt.Tooltip("title:N")])
    x = alt.X("_start:T", title=None, axis=alt.Axis(format="%b %Y", grid=True))
    days = base.mark_tick(thickness=2, size=22, cursor="pointer").encode(x=x).transform_filter("!datum._span")
    spans = base.mark_bar(height=10, opacity=0.35, cursor="pointer").encode(x=x, x2="_end:T").transform_filter("datum._span")
    return alt.layer(spans, days).add_params(kind, process).properties(width=900, height=alt.Step(34)).to_dict()


def network(edges: list[dict], nodes: list[dict], labels: list[dict]) -> dict:
    """Who met or signed with whom: one rule per `actor_network` row, dots and names where
    network_layout put them (the chart's x and y are its pixels, so nothing is rescaled)."""
    from drcdata.site.network_layout import FONT_SIZE, HEIGHT, WIDTH

    def pixels(x_field: str, y_field: str) -> dict:
        return {"x": alt.X(x_field, axis=None, scale=alt.Scale(domain=[0, WIDTH], nice=False, zero=False)),
                "y": alt.Y(y_field, axis=None, scale=alt.Scale(domain=[0, HEIGHT], nice=False, zero=False))}

    lines = alt.Chart(alt.Data(values=edges)).mark_rule(color="#9aa3ad", opacity=0.45).encode(
        **pixels("_x1:Q", "_y1:Q"), x2="_x2:Q", y2="_y2:Q",
        strokeWidth=alt.StrokeWidth("_ties:Q", scale=alt.Scale(range=[0.5, 5]), legend=None),
        tooltip=["actor_a:N", "actor_b:N", "meetings:Q", "agreements:Q", "first_date:N", "last_date:N"])
    points = alt.Chart(alt.Data(values=nodes)).mark_circle(stroke="#fff", strokeWidth=1, opacity=0.95, cursor="pointer").encode(
        **pixels("x:Q", "y:Q"),
        size=alt.Size("_area:Q", scale=None, legend=None),
        color=alt.Color("kind:N", legend=alt.Legend(title="Kind of actor", orient="bottom", columns=5)),
        href="href:N", description="id:N", tooltip=["name:N", "kind:N", "partners:Q", "ties:Q"])
    leaders = alt.Chart(alt.Data(values=[lb for lb in labels if "_x1" in lb])).mark_rule(
        color="#5b6570", strokeWidth=0.8).encode(**pixels("_x1:Q", "_y1:Q"), x2="_x2:Q", y2="_y2:Q")
    names = [alt.Chart(alt.Data(values=[lb for lb in labels if lb["align"] == align])).mark_text(
        align=align, baseline="middle", fontSize=FONT_SIZE, color="#1d232a", cursor="pointer").encode(
        **pixels("x:Q", "y:Q"), text="name:N", href="href:N")
        for align in ("left", "right", "center")]
    # Five layers of hundreds of rows: altair's own schema check costs a second here; the tests
    # validate every spec against the Vega-Lite schema instead.
    return alt.layer(lines, points, leaders, *names).properties(width=WIDTH, height=HEIGHT).to_dict(validate=False)
