// name: agency-dealings
// question: How does an agency (or one of its units) deal with vendors and products: every relationship between them (uses, contracts, pitches to it, meetings, data flows, tests)?
// param agency (entity): the agency's id, name or alias (example: NYPD)
// param include_denied (boolean) = false: also show denied dealings, and units whose PART_OF is denied (example: true)
// columns: agency, relationship, party, vendor, mode, product, amount, currency, since, until, status, sources (list)
// order: agency, party, relationship, since
// A unit counts through up to three PART_OF claims; a dealing is any relationship, either
// way, between the agency or a unit and a company or product. `status` is the dealing's,
// and `vendor` the company that DEVELOPS the party (a denied DEVELOPS names none unless
// include_denied).
MATCH units = (:Agency {id: $agency})<-[:PART_OF*0..3]-(a:Agency)
WHERE $include_denied OR none(u IN relationships(units) WHERE u.status = 'denied')
WITH DISTINCT a
MATCH (a)-[x]-(t:Company|Product)
WHERE $include_denied OR x.status <> 'denied'
OPTIONAL MATCH (a)-[out]->(t) WHERE out.id = x.id
OPTIONAL MATCH (p:Product {id: x.product})
OPTIONAL MATCH (v:Company)-[d:DEVELOPS]->(t) WHERE $include_denied OR d.status <> 'denied'
RETURN a.name AS agency,
       CASE WHEN out IS NULL THEN '<-' + type(x) ELSE type(x) + '->' END AS relationship,
       t.name AS party, v.name AS vendor, x.mode AS mode, p.name AS product, x.amount AS amount,
       x.currency AS currency, coalesce(x.start, x.date) AS since, x.`end` AS until,
       x.status AS status, x.sources AS sources
ORDER BY agency, party, relationship, since, x.id
