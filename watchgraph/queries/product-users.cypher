// name: product-users
// question: Which agencies use a product, or any product of a vendor, on what terms (contract, trial, unauthorized), and since when?
// param product (entity) = "": only this product (example: "Clearview AI app")
// param vendor (entity) = "": only the products this vendor develops (example: "Clearview AI")
// param include_denied (boolean) = false: also show denied uses and contracts, and products whose DEVELOPS is denied (example: true)
// columns: agency, product, terms, since, until, status, searchesMin, searchesMax, amount, currency, sources (list)
// order: product, agency, since, terms, status
// With neither parameter, every agency's use of every product. A contract for a product
// with no use of it on record shows as "contract, no use recorded"; a use under contract
// shows the contract's amount. `status` is the use's (or the contract's).
// Uses are found from the products (the one named, the vendor's, or all), so a parameter
// narrows the walk before any use is read; contracts, which name their product in a
// property, are read in a part of their own, after the uses. Each part returns every column
// (a typed null, `toInteger(null)`, where it has no value: LadybugDB's UNION asks for one
// type per column) and is sorted on its own, as Cypher has no ORDER BY over a UNION.
MATCH (p:Product)
WHERE ($product = '' OR p.id = $product)
  AND ($vendor = '' OR EXISTS { MATCH (v {id: $vendor})-[d:DEVELOPS]->(p)
                                WHERE $include_denied OR d.status <> 'denied' })
MATCH (a:Agency)-[x:USES]->(p)
WHERE $include_denied OR x.status <> 'denied'
OPTIONAL MATCH (a)-[c:CONTRACTED_WITH]->()
WHERE x.mode = 'contract' AND c.product = p.id AND ($include_denied OR c.status <> 'denied')
RETURN a.name AS agency, p.name AS product, x.mode AS terms,
       coalesce(x.start, x.date) AS since, x.`end` AS until, x.status AS status,
       x.searchesMin AS searchesMin, x.searchesMax AS searchesMax,
       c.amount AS amount, c.currency AS currency,
       x.sources AS sources
ORDER BY product, agency, since, terms, status, x.id
UNION ALL
MATCH (a:Agency)-[x:CONTRACTED_WITH]->()
WHERE $include_denied OR x.status <> 'denied'
MATCH (p:Product {id: x.product})
WHERE ($product = '' OR p.id = $product)
  AND ($vendor = '' OR EXISTS { MATCH (v {id: $vendor})-[d:DEVELOPS]->(p)
                                WHERE $include_denied OR d.status <> 'denied' })
  AND NOT EXISTS { MATCH (a)-[u:USES]->(p) WHERE $include_denied OR u.status <> 'denied' }
RETURN a.name AS agency, p.name AS product, 'contract, no use recorded' AS terms,
       coalesce(x.start, x.date) AS since, x.`end` AS until, x.status AS status,
       toInteger(null) AS searchesMin, toInteger(null) AS searchesMax,
       x.amount AS amount, x.currency AS currency, x.sources AS sources
ORDER BY product, agency, since, terms, status, x.id
