// name: contracts
// question: What contracts are on record, with whom, for which product, for how much and for how long?
// param vendor (entity) = "": only contracts with this vendor, or for a product it develops (example: "Clearview AI")
// param agency (entity) = "": only contracts this agency holds (example: "City of Miami Police Department")
// param minAmount (integer) = 0: only contracts of at least this amount (0: every contract, with an amount or not) (example: 10000)
// param include_denied (boolean) = false: also show denied contracts, and products whose DEVELOPS is denied (example: true)
// columns: buyer, vendor, product, amount, currency, seats, months, since, until, status, sources (list)
// order: vendor, amount desc, buyer
// A vendor's contracts are those it holds and those for a product it develops (a
// reseller's contract for the vendor's product counts); `months` is the term in months.
MATCH (a)-[c:CONTRACTED_WITH]->(v)
WHERE ($include_denied OR c.status <> 'denied')
  AND ($agency = '' OR a.id = $agency)
  AND ($minAmount = 0 OR c.amount >= $minAmount)
  AND ($vendor = '' OR v.id = $vendor
       OR EXISTS { MATCH (d {id: $vendor})-[e:DEVELOPS]->(q:Product)
                   WHERE q.id = c.product AND ($include_denied OR e.status <> 'denied') })
OPTIONAL MATCH (p:Product {id: c.product})
RETURN a.name AS buyer, v.name AS vendor, p.name AS product, c.amount AS amount,
       c.currency AS currency, c.seats AS seats, c.durationMonths AS months,
       c.start AS since, c.`end` AS until, c.status AS status, c.sources AS sources
ORDER BY vendor, amount DESC, buyer, c.id
