"""Where the network page draws each actor and its name: a seeded layout in the chart's own pixels.

networkx's spring layout puts a dense graph in a knot and flings small separate groups to the
edges. So each connected group is laid out on its own, the groups are packed side by side in
boxes sized to their number of actors, the dots are pushed apart until none overlap, and names
are placed greedily (most connected actor first) where they cover no other name or dot; a name
that fits nowhere is left to the dot's tooltip. Everything is deterministic: same rows, same
picture.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 1180, 820          # the chart's plot area, in pixels
MARGIN = 14                        # kept free inside the plot's border
SEED = 2025
MIN_AREA, MAX_AREA = 40.0, 900.0   # dot area in px² (Vega's `size`), by number of partners
FONT_SIZE = 10
# Character widths in em, generous for the widest common system sans-serif (DejaVu Sans): one
# average width under-measured names in capitals ("ADQ"), and the browser drew them overlapping.
_WIDE, _NARROW, _SLIM = frozenset("MWmw"), frozenset("iljI.,:;'’|!"), frozenset("ftr()- ")
LINE_HEIGHT = FONT_SIZE + 3
GAP = 3                            # between a dot and its name
LEADER_STEPS = (0, 14, 30, 50, 75, 105)  # how far out a name may move from its dot (0: right beside it)
NAMED_HUBS = 20                    # the most connected actors always carry their name, however crowded
HUB_LEADER_STEPS = (140, 180, 230, 290, 360, 440)  # further out still, for them only
SPACING = 14                       # free space kept between two dots, room for a name between them


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    align: str   # Vega text `align`: left, right or center
    # A name set away from its dot gets a thin line from the dot's rim to the name's box.
    leader: tuple[float, float, float, float] | None = None


def dot_area(partners: int, most: int) -> float:
    """Area grows with the number of distinct partners (square-root scale, so hubs do not swamp)."""
    share = math.sqrt(partners / most) if most else 0.0
    return round(MIN_AREA + (MAX_AREA - MIN_AREA) * share, 1)


def dot_radius(area: float) -> float:
    return math.sqrt(area / math.pi)


def layout(edges: list[dict]) -> dict[str, tuple[float, float]]:
    """actor id -> (x, y) in the plot's pixels, y pointing up (as the chart's y scale does)."""
    import networkx as nx

    graph = nx.Graph()
    for e in edges:
        graph.add_edge(e["actor_a_id"], e["actor_b_id"], weight=e["meetings"] + e["agreements"])
    if not graph:
        return {}
    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    most = max(d for _, d in graph.degree)
    radius = {n: dot_radius(dot_area(d, most)) for n, d in graph.degree}
    position: dict[str, tuple[float, float]] = {}
    for group, box in zip(groups, _boxes([len(g) for g in groups])):
        position.update(_lay_out_group(graph.subgraph(group), box))
    position = _separate(position, radius, groups)
    return {n: (round(x, 2), round(y, 2)) for n, (x, y) in sorted(position.items())}


def _boxes(sizes: list[int]) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) for each group: the biggest takes the left part of the plot, in proportion
    to its share of the actors; the rest are stacked in a column on the right, one row each."""
    x0, y0, x1, y1 = MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN
    if len(sizes) == 1:
        return [(x0, y0, x1, y1)]
    rest = sum(sizes[1:])
    column = max(160.0, min(0.3, rest / sum(sizes) * 2) * (x1 - x0))
    boxes = [(x0, y0, x1 - column, y1)]
    top = y1
    for size in sizes[1:]:
        height = (y1 - y0) * size / rest
        boxes.append((x1 - column + GAP * 4, top - height, x1, top))
        top -= height
    return boxes


def _lay_out_group(group, box) -> dict[str, tuple[float, float]]:
    import networkx as nx

    x0, y0, x1, y1 = box
    nodes = sorted(group)
    if len(nodes) == 1:
        return {nodes[0]: ((x0 + x1) / 2, (y0 + y1) / 2)}
    raw = nx.spring_layout(group, seed=SEED, iterations=200, k=2.5 / math.sqrt(len(nodes)), weight=None)
    if len(nodes) > 8:
        raw = _even_out(raw, nodes)
    xs = [float(raw[n][0]) for n in nodes]
    ys = [float(raw[n][1]) for n in nodes]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    # Leave room for the widest name on either side of the box.
    pad = 40.0 if len(nodes) > 2 else 20.0
    return {n: (x0 + pad + (x - min(xs)) / span_x * (x1 - x0 - 2 * pad),
                y0 + pad + (y - min(ys)) / span_y * (y1 - y0 - 2 * pad))
            for n, x, y in zip(nodes, xs, ys)}


def _even_out(raw, nodes) -> dict[str, tuple[float, float]]:
    """Keep each actor's direction from the group's centre but spread the distances so the dots
    cover the disc evenly: a spring layout packs the hubs into a knot nobody can read."""
    cx = sum(float(raw[n][0]) for n in nodes) / len(nodes)
    cy = sum(float(raw[n][1]) for n in nodes) / len(nodes)
    polar = {n: (math.hypot(raw[n][0] - cx, raw[n][1] - cy), math.atan2(raw[n][1] - cy, raw[n][0] - cx)) for n in nodes}
    order = sorted(nodes, key=lambda n: (polar[n][0], n))
    spread = {}
    for rank, n in enumerate(order):
        distance = math.sqrt((rank + 0.5) / len(nodes))   # equal area per actor
        spread[n] = (distance * math.cos(polar[n][1]), distance * math.sin(polar[n][1]))
    return spread


def _separate(position, radius, groups, rounds: int = 400) -> dict[str, tuple[float, float]]:
    """Push overlapping dots apart (within their group) until every pair has a small gap.

    Each round moves every dot at once by half of each of its overlaps (numpy, so a few hundred
    rounds over the whole graph stay well under a second)."""
    import numpy as np

    out = {}
    for group in groups:
        xy = np.array([position[n] for n in group], dtype=float)
        r = np.array([radius[n] for n in group], dtype=float)
        need = r[:, None] + r[None, :] + SPACING
        np.fill_diagonal(need, 0.0)
        for _ in range(rounds):
            delta = xy[None, :, :] - xy[:, None, :]            # [i, j] = j - i
            dist = np.hypot(delta[..., 0], delta[..., 1])
            short = dist < need
            if not short.any():
                break
            # The same point: split along a fixed direction, the later dot to the right.
            same = short & (dist == 0)
            delta[same] = np.where(np.triu(np.ones_like(dist, dtype=bool))[same][:, None], [1.0, 0.0], [-1.0, 0.0])
            dist = np.where(same, 1.0, dist)
            push = np.divide(need - dist, 2 * dist, out=np.zeros_like(dist), where=short)
            xy -= (delta * push[..., None]).sum(axis=1) / 2   # halved again: both ends of a pair move
            xy[:, 0] = xy[:, 0].clip(MARGIN, WIDTH - MARGIN)
            xy[:, 1] = xy[:, 1].clip(MARGIN, HEIGHT - MARGIN)
        out.update({n: (float(x), float(y)) for n, (x, y) in zip(group, xy)})
    return out


def name_width(name: str) -> float:
    """The width in pixels a name takes at FONT_SIZE, erring wide."""
    def em(c: str) -> float:
        if c in _WIDE:
            return 0.9
        if c in _NARROW:
            return 0.3
        if c in _SLIM:
            return 0.42
        if c.isupper() or c.isdigit():
            return 0.72
        return 0.6
    return sum(map(em, name)) * FONT_SIZE


def place_labels(nodes: list[dict]) -> dict[str, Label]:
    """id -> where its name goes, for the names that fit; nodes need id, name, x, y, _area and
    an importance (`partners`), most important first. A name goes next to its dot if it can,
    else a little further out with a leader line."""
    boxes: list[tuple[float, float, float, float]] = []
    dots = [(n["x"], n["y"], dot_radius(n["_area"])) for n in nodes]
    placed: dict[str, Label] = {}
    for rank, node in enumerate(sorted(nodes, key=lambda n: (-n["partners"], n["id"]))):
        r = dot_radius(node["_area"])
        width, half = name_width(node["name"]), LINE_HEIGHT / 2
        x, y = node["x"], node["y"]
        steps = LEADER_STEPS + (HUB_LEADER_STEPS if rank < NAMED_HUBS else ())
        for step, away in enumerate(steps):
            spot = next(((box, label) for box, label in _candidates(x, y, r + away, width, half)
                         if _inside(box) and not any(_overlap(box, b) for b in boxes)
                         and not any(_covers(box, d) for d in dots if (d[0], d[1]) != (x, y))), None)
            if spot:
                box, label = spot
                boxes.append(box)
                placed[node["id"]] = Label(round(label.x, 2), round(label.y, 2), label.align,
                                           _leader(x, y, r, box) if step else None)
                break
    return placed


def _leader(x, y, r, box) -> tuple[float, float, float, float]:
    """From the dot's rim towards the nearest point of the name's box."""
    ex, ey = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    dist = math.hypot(ex - x, ey - y) or 1.0
    return (round(x + (ex - x) / dist * r, 2), round(y + (ey - y) / dist * r, 2), round(ex, 2), round(ey, 2))


def _candidates(x, y, r, width, half):
    """Spots for a name around its dot, preferred first: right, left, above, below, then the four
    corners; each as (box, anchor)."""
    d = r + GAP
    corner = r * 0.7 + GAP
    return [
        ((x + d, y - half, x + d + width, y + half), Label(x + d, y, "left")),
        ((x - d - width, y - half, x - d, y + half), Label(x - d, y, "right")),
        ((x - width / 2, y + d, x + width / 2, y + d + 2 * half), Label(x, y + d + half, "center")),
        ((x - width / 2, y - d - 2 * half, x + width / 2, y - d), Label(x, y - d - half, "center")),
        ((x + corner, y + corner, x + corner + width, y + corner + 2 * half), Label(x + corner, y + corner + half, "left")),
        ((x - corner - width, y + corner, x - corner, y + corner + 2 * half), Label(x - corner, y + corner + half, "right")),
        ((x + corner, y - corner - 2 * half, x + corner + width, y - corner), Label(x + corner, y - corner - half, "left")),
        ((x - corner - width, y - corner - 2 * half, x - corner, y - corner), Label(x - corner, y - corner - half, "right")),
    ]


def _inside(box) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= WIDTH and box[3] <= HEIGHT


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covers(box, dot) -> bool:
    """Does the box touch the dot (circle at x, y with radius r)?"""
    x, y, r = dot
    nearest_x, nearest_y = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return math.hypot(x - nearest_x, y - nearest_y) < r
