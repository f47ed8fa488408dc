// name: immigration-marketing
// question: Which vendors marketed to (or met) federal immigration enforcement, its sub-agencies included?
// param agency (entity) = "": the agency whose units count too, through PART_OF; ICE when not given (example: DHS)
// param include_denied (boolean) = false: also show denied contacts, and units whose PART_OF is denied (example: true)
// columns: vendor, parentCompany, how, agency, product, date, status, sources (list)
// order: vendor, agency, date, how
// A unit counts through up to three PART_OF claims. The vendor's parent company, through
// SUBSIDIARY_OF, is shown beside it; `status` is the marketing's or meeting's.
MATCH (top:Agency) WHERE top.id = CASE WHEN $agency = '' THEN 'agency:ice' ELSE $agency END
MATCH units = (top)<-[:PART_OF*0..3]-(unit:Agency)
WHERE $include_denied OR none(u IN relationships(units) WHERE u.status = 'denied')
WITH DISTINCT unit
MATCH (unit)-[m:MARKETED_TO|MET_WITH]-(v:Company)
WHERE $include_denied OR m.status <> 'denied'
OPTIONAL MATCH (v)-[s:SUBSIDIARY_OF]->(parent:Company) WHERE $include_denied OR s.status <> 'denied'
OPTIONAL MATCH (p:Product {id: m.product})
RETURN v.name AS vendor, parent.name AS parentCompany, type(m) AS how, unit.name AS agency,
       p.name AS product, coalesce(m.date, m.start) AS date, m.status AS status,
       m.sources AS sources
ORDER BY vendor, agency, date, how, m.id
