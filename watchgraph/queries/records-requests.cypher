// name: records-requests
// question: Who asked which agency for records, under which law, and what came out?
// param party (entity) = "": only requests by or to this party: an id, name or alias (example: NYPD)
// param include_denied (boolean) = false: also show denied requests (example: true)
// columns: requester, agency, law, date, outcome, status, sources (list)
// order: agency, requester, date
// Every REQUESTED_RECORDS_FROM claim: `outcome` says what was released or withheld (in our
// words; empty where the source does not say), `date` is the request's date or start.
MATCH (q)-[r:REQUESTED_RECORDS_FROM]->(a)
WHERE ($include_denied OR r.status <> 'denied')
  AND ($party = '' OR q.id = $party OR a.id = $party)
RETURN q.name AS requester, a.name AS agency, r.law AS law, coalesce(r.date, r.start) AS date,
       r.outcome AS outcome, r.status AS status, r.sources AS sources
ORDER BY agency, requester, date, r.id
