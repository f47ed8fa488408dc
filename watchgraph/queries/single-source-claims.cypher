// name: single-source-claims
// question: Which claims rest on a single source, weakest status first?
// param status = any: only claims with this status (reported, confirmed, alleged, disputed, denied) (example: reported)
// param include_denied (boolean) = false: also show denied claims (status=denied shows them anyway) (example: true)
// columns: from, relationship, to, status, source, title, citations
// order: from, relationship, to
// `citations` counts the claim's citations of that one source.
MATCH (a)-[r]->(b)
WHERE size(r.sources) = 1 AND ($status = 'any' OR r.status = $status)
  AND ($include_denied OR $status = 'denied' OR r.status <> 'denied')
MATCH (s:Source {id: head(r.sources)})
RETURN a.name AS from, type(r) AS relationship, b.name AS to, r.status AS status,
       s.id AS source, s.title AS title, size(r.citationSources) AS citations
ORDER BY CASE r.status WHEN 'denied' THEN 0 WHEN 'disputed' THEN 1 WHEN 'alleged' THEN 2
                       WHEN 'reported' THEN 3 ELSE 4 END, from, relationship, to, r.id
