// name: agency-dealings
// question: Which vendors and products does an agency (or one of its units) deal with, and how?
// param agency (entity): the agency's id, name or alias (example: NYPD)
MATCH (:Agency {id: $agency})<-[:PART_OF*0..3]-(a:Agency)-[x]-(t:Company|Product)
OPTIONAL MATCH (a)-[out]->(t) WHERE out.id = x.id
OPTIONAL MATCH (p:Product {id: x.product})
OPTIONAL MATCH (v:Company)-[:DEVELOPS]->(t)
RETURN a.name AS agency,
       CASE WHEN out IS NULL THEN '<-' + type(x) ELSE type(x) + '->' END AS relationship,
       t.name AS party, v.name AS vendor, x.mode AS mode, p.name AS product, x.amount AS amount,
       x.currency AS currency, coalesce(x.start, x.date) AS since, x.`end` AS until,
       x.status AS status, x.sources AS sources
ORDER BY agency, party, relationship, since, x.id
