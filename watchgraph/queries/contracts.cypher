// name: contracts
// question: What contracts are on record, with whom, for which product, for how much?
// param include_denied (boolean) = false: also show denied contracts (example: true)
MATCH (a)-[c:CONTRACTED_WITH]->(v)
WHERE $include_denied OR c.status <> 'denied'
OPTIONAL MATCH (p:Product {id: c.product})
RETURN a.name AS buyer, v.name AS vendor, p.name AS product, c.amount AS amount,
       c.currency AS currency, c.seats AS seats, c.durationMonths AS months,
       c.start AS since, c.`end` AS until, c.status AS status, c.sources AS sources
ORDER BY vendor, amount DESC, buyer, c.id
