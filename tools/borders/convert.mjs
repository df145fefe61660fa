// One-off: world-atlas TopoJSON (Natural Earth 1:50m admin-0, public domain; world-atlas is ISC)
// -> the GeoJSON the site draws (the Great Lakes region only, rounded to keep it small)
// -> a bounding box per country (ISO 3166-1 alpha-3) for the validator's coordinate rule.
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";
import countries from "i18n-iso-countries";

const topo = JSON.parse(readFileSync("node_modules/world-atlas/countries-50m.json", "utf8"));
const world = feature(topo, topo.objects.countries);
const REGION = ["COD", "RWA", "BDI", "UGA", "TZA", "ZMB", "AGO", "CAF", "SSD", "COG", "KEN", "MWI"];
const round = (x) => Math.round(x * 1e3) / 1e3;

function rings(geometry) {
  return geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
}

const boxes = [];
const region = [];
for (const f of world.features) {
  const iso3 = f.id ? countries.numericToAlpha3(f.id) : undefined;
  if (!iso3 || !f.geometry) continue;
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  for (const ring of rings(f.geometry)) for (const [x, y] of ring) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  // Outward to 0.01 degree so a point on the border line still passes.
  const down = (v) => Math.floor(v * 100) / 100, up = (v) => Math.ceil(v * 100) / 100;
  boxes.push([iso3, f.properties.name, down(x0), down(y0), up(x1), up(y1)]);
  if (REGION.includes(iso3)) {
    const coords = f.geometry.type === "Polygon"
      ? f.geometry.coordinates.map((r) => r.map(([x, y]) => [round(x), round(y)]))
      : f.geometry.coordinates.map((p) => p.map((r) => r.map(([x, y]) => [round(x), round(y)])));
    region.push({ type: "Feature", id: iso3, properties: { iso3, name: f.properties.name },
                  geometry: { type: f.geometry.type, coordinates: coords } });
  }
}
boxes.sort((a, b) => a[0].localeCompare(b[0]));
region.sort((a, b) => a.id.localeCompare(b.id));
writeFileSync("../../drcdata/country_bboxes.csv",
  "iso3,name,min_longitude,min_latitude,max_longitude,max_latitude\n" +
  boxes.map((b) => [b[0], JSON.stringify(b[1]), ...b.slice(2)].join(",")).join("\n") + "\n");
writeFileSync("../../drcdata/site/assets/borders.geojson",
  JSON.stringify({ type: "FeatureCollection", features: region }) + "\n");
console.log(`${boxes.length} bounding boxes, ${region.length} region countries`);
