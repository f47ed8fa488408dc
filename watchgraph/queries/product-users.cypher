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
MATCH (a:Agency)-[x:USES|CONTRACTED_WITH]->(t)
WHERE $include_denied OR x.status <> 'denied'
WITH a, x, CASE WHEN type(x) = 'USES' THEN t.id ELSE x.product END AS pid
MATCH (p:Product {id: pid})
WHERE ($product = '' OR p.id = $product)
  AND ($vendor = '' OR EXISTS { MATCH (v {id: $vendor})-[d:DEVELOPS]->(p)
                                WHERE $include_denied OR d.status <> 'denied' })
  AND (type(x) = 'USES' OR NOT EXISTS { MATCH (a)-[u:USES]->(p)
                                        WHERE $include_denied OR u.status <> 'denied' })
OPTIONAL MATCH (a)-[c:CONTRACTED_WITH]->()
WHERE type(x) = 'USES' AND x.mode = 'contract' AND c.product = p.id
  AND ($include_denied OR c.status <> 'denied')
RETURN a.name AS agency, p.name AS product,
       CASE WHEN type(x) = 'USES' THEN x.mode ELSE 'contract, no use recorded' END AS terms,
       coalesce(x.start, x.date) AS since, x.`end` AS until, x.status AS status,
       x.searchesMin AS searchesMin, x.searchesMax AS searchesMax,
       coalesce(c.amount, x.amount) AS amount, coalesce(c.currency, x.currency) AS currency,
       x.sources AS sources
ORDER BY product, agency, since, terms, status, x.id
