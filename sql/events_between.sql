-- name: events_between
-- title: Timeline of a date range
-- question: What happened between two dates (inclusive)?
-- param: date_from DATE = 2025-01-01 | first day of the range
-- param: date_to DATE = 2025-12-31 | last day of the range
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT * FROM timeline
WHERE date BETWEEN date_from AND date_to
ORDER BY date, event, record_id
