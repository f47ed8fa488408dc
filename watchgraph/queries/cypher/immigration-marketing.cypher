// name: immigration-marketing
// question: Which vendors marketed to (or met) federal immigration enforcement, its sub-agencies included?
// param agency (entity) = agency:ice: the agency whose units count too, through PART_OF (example: DHS)
// The vendor's parent company, through SUBSIDIARY_OF, is shown beside it.
MATCH (:Agency {id: $agency})<-[:PART_OF*0..3]-(unit:Agency)-[m:MARKETED_TO|MET_WITH]-(v:Company)
OPTIONAL MATCH (v)-[:SUBSIDIARY_OF]->(parent:Company)
OPTIONAL MATCH (p:Product {id: m.product})
RETURN v.name AS vendor, parent.name AS parentCompany, type(m) AS how, unit.name AS agency,
       p.name AS product, coalesce(m.date, m.start) AS date, m.status AS status,
       m.sources AS sources
ORDER BY vendor, agency, date, how, m.id
