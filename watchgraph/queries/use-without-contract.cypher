// name: use-without-contract
// question: Which agencies used a product without a contract: trials, pilots, unauthorized use, none on record?
// param vendor (entity) = "": only the products this vendor develops (example: "Clearview AI")
// param include_denied (boolean) = false: also show denied uses, count denied contracts as contracts, and products whose DEVELOPS is denied (example: true)
// columns: agency, product, basis, since, until, status, searchesMin, searchesMax, sources (list)
// order: basis, agency, product, since
// A trial, pilot or unauthorized use shows whatever contracts the agency holds; a use on
// other terms shows only when the agency holds no contract for the product (any vendor).
MATCH (a:Agency)-[u:USES]->(p:Product)
WHERE u.mode <> 'contract' AND ($include_denied OR u.status <> 'denied')
  AND ($vendor = '' OR EXISTS { MATCH (v {id: $vendor})-[d:DEVELOPS]->(p)
                                WHERE $include_denied OR d.status <> 'denied' })
OPTIONAL MATCH (a)-[c:CONTRACTED_WITH]->()
WHERE c.product = p.id AND ($include_denied OR c.status <> 'denied')
WITH a, u, p, count(c) AS contracts
WHERE u.mode IN ['trial', 'pilot', 'unauthorized'] OR contracts = 0
RETURN a.name AS agency, p.name AS product,
       CASE WHEN u.mode = 'unknown' THEN 'no contract on record' ELSE u.mode END AS basis,
       coalesce(u.start, u.date) AS since, u.`end` AS until, u.status AS status,
       u.searchesMin AS searchesMin, u.searchesMax AS searchesMax, u.sources AS sources
ORDER BY basis, agency, product, since, u.id
