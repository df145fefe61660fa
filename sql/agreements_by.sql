-- name: agreements_by
-- title: Agreements by partner, subject and status
-- question: Which agreements involve a given party, cover a given topic, or stand at a given status?
-- param: partner VARCHAR = NULL | actor id of a party, signatory or mediator (empty = any; see the actors table)
-- param: on_topic VARCHAR = NULL | topic such as minerals or security (empty = any; see agreements.topics)
-- param: in_status VARCHAR = NULL | status of the agreement (empty = any; see agreements.status)
-- column: signed_date | the signing date as a DATE, for sorting and filtering (see signed_precision)
-- column: signed_precision | how precisely the signing date is known: day, month or year
-- column: signed | the signing date as precisely as known
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT g.signed_date, g.signed_precision, fmt_date(g.signed_date, g.signed_precision) AS signed, g.title, g.kind, g.status, g.topics,
       pl.name AS place, pr.name AS process,
       string_agg(DISTINCT a.name || ' (' || ap.role || coalesce(', signed by ' || sg.name, '') || ')', '; '
                  ORDER BY a.name || ' (' || ap.role || coalesce(', signed by ' || sg.name, '') || ')') AS parties,
       g.id AS record_id
FROM agreements g
LEFT JOIN agreement_parties ap ON ap.agreement_id = g.id
LEFT JOIN actors a ON a.id = ap.actor_id
LEFT JOIN actors sg ON sg.id = ap.signatory_id
LEFT JOIN places pl ON pl.id = g.place_id
LEFT JOIN processes pr ON pr.id = g.process_id
WHERE (partner IS NULL OR g.id IN (SELECT agreement_id FROM agreement_parties
                                   WHERE actor_id IN (SELECT actor_id FROM side_of(partner)) OR signatory_id = partner))
  AND (on_topic IS NULL OR list_contains(string_split(g.topics, ';'), on_topic))
  AND (in_status IS NULL OR g.status = in_status)
GROUP BY ALL
ORDER BY g.signed_date NULLS LAST, g.id
