-- name: places_within
-- title: Places within a place
-- question: Which places lie inside a country, province or territory (at any depth), and who held each on a given day?
-- param: within_place VARCHAR = south-kivu | place id of a country, province or territory (see the places table)
-- param: on_date DATE = NULL | the day to look at for control (empty = the package's as_of)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: depth | how many levels down from within_place: 1 for a province of a country, 2 for its territories...
-- column: held_by | who held the place on the day (contested when two sides claimed it)
SELECT p.name AS place, p.kind, pp.name AS parent, pa.depth,
       (SELECT string_agg(a.name || CASE WHEN t.status = 'contested' THEN ' (contested)' ELSE '' END, '; ' ORDER BY a.name)
          FROM territorial_control t JOIN actors a ON a.id = t.controller_id
         WHERE t.place_id = p.id AND t.start_date <= coalesce(on_date, dataset_as_of())
           AND (t.end_date IS NULL OR t.end_date >= coalesce(on_date, dataset_as_of()))) AS held_by,
       p.id AS record_id
FROM place_ancestry pa
JOIN places p ON p.id = pa.place_id
LEFT JOIN places pp ON pp.id = p.parent_id
WHERE pa.ancestor_id = within_place AND pa.depth > 0
ORDER BY pa.depth, p.name
