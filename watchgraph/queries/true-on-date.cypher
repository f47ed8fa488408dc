// name: true-on-date
// question: What was true on a given day: the relationships whose dates include it?
// param day (date): the day, YYYY-MM-DD (example: 2019-01-15)
// param include_denied (boolean) = false: also show denied claims (example: true)
// columns: from, relationship, to, validFrom, validTo, status
// order: from, relationship, to
// A relationship counts when its known bounds (validFrom, validTo: the widest days its
// start, end or date allow) include the day; one with no date at all is left out.
MATCH (a)-[r]->(b)
WHERE (r.validFrom <> '' OR r.validTo <> '')
  AND (r.validFrom = '' OR r.validFrom <= $day)
  AND (r.validTo = '' OR r.validTo >= $day)
  AND ($include_denied OR r.status <> 'denied')
RETURN a.name AS from, type(r) AS relationship, b.name AS to, r.validFrom AS validFrom,
       r.validTo AS validTo, r.status AS status
ORDER BY from, relationship, to, r.id
