// name: product-users
// question: Which agencies use a product, on what terms (contract, trial, unauthorized), and since when?
// param product (entity): the product's id, name or alias (example: "Clearview AI app")
// param include_denied (boolean) = false: also show denied uses and contracts (example: true)
// A contract for the product with no use on record shows as "contract, no use recorded"; a
// use under contract shows the contract's amount. `status` is the use's (or the contract's).
MATCH (a:Agency)-[x:USES|CONTRACTED_WITH]->(t:Product|Company)
WHERE ($include_denied OR x.status <> 'denied')
  AND ((type(x) = 'USES' AND t.id = $product)
       OR (type(x) = 'CONTRACTED_WITH' AND x.product = $product
           AND NOT EXISTS { MATCH (a)-[u:USES]->(:Product {id: $product})
                            WHERE $include_denied OR u.status <> 'denied' }))
OPTIONAL MATCH (a)-[c:CONTRACTED_WITH]->(:Company)
WHERE type(x) = 'USES' AND x.mode = 'contract' AND c.product = $product
  AND ($include_denied OR c.status <> 'denied')
RETURN a.name AS agency,
       CASE WHEN type(x) = 'USES' THEN x.mode ELSE 'contract, no use recorded' END AS terms,
       coalesce(x.start, x.date) AS since, x.`end` AS until, x.status AS status,
       x.searchesMin AS searchesMin, x.searchesMax AS searchesMax,
       coalesce(c.amount, x.amount) AS amount, coalesce(c.currency, x.currency) AS currency,
       x.sources AS sources
ORDER BY agency, since, terms, status, x.id
