// name: product-users
// question: Which agencies use a product, on what terms (contract, trial, unauthorized), and since when?
// param product (entity): the product's id, name or alias (example: "Clearview AI app")
MATCH (a:Agency)-[x:USES|CONTRACTED_WITH]->(t:Product|Company)
WHERE (type(x) = 'USES' AND t.id = $product)
   OR (type(x) = 'CONTRACTED_WITH' AND x.product = $product
       AND NOT EXISTS { MATCH (a)-[:USES]->(:Product {id: $product}) })
OPTIONAL MATCH (a)-[c:CONTRACTED_WITH]->(:Company)
WHERE type(x) = 'USES' AND x.mode = 'contract' AND c.product = $product
RETURN a.name AS agency,
       CASE WHEN type(x) = 'USES' THEN x.mode ELSE 'contract, no use recorded' END AS terms,
       coalesce(x.start, x.date) AS since, x.`end` AS until, x.status AS status,
       x.searchesMin AS searchesMin, x.searchesMax AS searchesMax,
       coalesce(c.amount, x.amount) AS amount, coalesce(c.currency, x.currency) AS currency,
       x.sources AS sources
ORDER BY agency, since, terms, status, x.id
