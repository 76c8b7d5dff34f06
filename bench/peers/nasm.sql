-- NASM CPT renewals in SQL, with SQLite's JSON functions (json_each, ->, ->>).
-- The harness replaces @RECORDS@ (a JSON Lines file) and @AS_OF@, then runs
--   sqlite3 < nasm.sql > decisions.tsv
-- One line per record (bench/peers/README.md), in input order.
.bail on
CREATE TABLE records(line TEXT);
-- One record a row: no column separator can occur in JSON text (0x1f).
.mode ascii
.separator "\037" "\n"
.import @RECORDS@ records
.mode list
.separator "\t" "\n"
.headers off
WITH r AS (
    SELECT rowid AS n,
           line,
           line ->> '$.id' AS id,
           line ->> '$.cycle_start' AS start,
           coalesce(line ->> '$.applied_on', '@AS_OF@') AS as_of,
           line ->> '$.cpr_aed.valid_until' AS valid_until,
           line ->> '$.cpr_aed.completed_on' AS card_done,
           -- N1: the day before the second anniversary; SQLite rolls
           -- Feb 29 of a common year to Mar 1.
           date(line ->> '$.cycle_start', '+2 years', '-1 day') AS expires
    FROM records
),
-- MATERIALIZED: each stage computed once a record, not once a reference
-- (flattened, `counted` would run its json_each three times over).
w AS MATERIALIZED (
    SELECT *,
           date(expires, '+90 days') AS last_count,
           CASE WHEN as_of <= expires THEN 'on_time'
                WHEN as_of <= date(expires, '+90 days') THEN 'late'
                WHEN as_of < date(expires, '+1 year') THEN 'reinstatement'
           END AS win,
           CASE WHEN valid_until IS NULL OR card_done > as_of THEN 'missing'
                WHEN valid_until >= as_of THEN 'valid'
                ELSE 'expired'
           END AS cpr
    FROM r
),
-- N2, N4-N6: approved providers and approved petitions, from the cycle
-- start through expiry + 90 days and not after the application; ten hours
-- a CEU; amounts in millionths of a unit.
u AS MATERIALIZED (
    SELECT w.n, w.id, w.start, w.as_of, w.expires, w.last_count, w.win, w.cpr,
           coalesce(sum(
               CASE WHEN c.value ->> 'completed_on' BETWEEN w.start AND min(w.as_of, w.last_count)
                     AND c.value ->> 'unit' IN ('CEU', 'hours')
                     AND (c.value ->> 'provider' = 'approved'
                          OR (c.value ->> 'provider' = 'petition'
                              AND c.value ->> 'petition' = 'approved'))
                    THEN CAST(round((c.value ->> 'amount') * 1000000) AS INTEGER)
                         * CASE c.value ->> 'unit' WHEN 'CEU' THEN 10 ELSE 1 END
               END), 0) AS counted,
           count(CASE WHEN c.value ->> 'provider' = 'petition' THEN 1 END) AS petitions
    FROM w LEFT JOIN json_each(w.line, '$.courses') AS c
    GROUP BY w.n
),
s AS (
    SELECT *,
           CASE WHEN win IS NULL THEN 'expired'
                WHEN as_of < start THEN 'incomplete'
                WHEN counted >= 19000000 AND cpr = 'valid' THEN 'renewable'
                WHEN counted < 19000000 AND as_of > last_count THEN 'expired'
                ELSE 'incomplete'
           END AS status,
           (counted + CASE WHEN cpr = 'valid' THEN 1000000 ELSE 0 END) / 1000000 AS earned,
           (max(19000000 - counted, 0) + CASE WHEN cpr = 'valid' THEN 0 ELSE 1000000 END
            + 999999) / 1000000 AS missing
    FROM u
)
SELECT id, expires, coalesce(win, 'null'), status, '2.0',
       (earned / 10) || '.' || (earned % 10),
       (missing / 10) || '.' || (missing % 10),
       cpr,
       CASE WHEN status = 'expired' THEN '-'
            ELSE 'renewal=99.00'
                 || CASE WHEN win IN ('late', 'reinstatement') THEN ',late=75.00' ELSE '' END
                 || CASE WHEN win = 'reinstatement' THEN ',additional=50.00' ELSE '' END
                 || CASE WHEN petitions > 0 THEN ',petition=25.00x' || petitions ELSE '' END
       END,
       CASE WHEN status = 'expired' THEN 0
            ELSE 99 + CASE WHEN win IN ('late', 'reinstatement') THEN 75 ELSE 0 END
                    + CASE WHEN win = 'reinstatement' THEN 50 ELSE 0 END
                    + 25 * petitions
       END || '.00'
FROM s
ORDER BY n;
