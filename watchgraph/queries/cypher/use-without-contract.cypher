// name: use-without-contract
// question: Which agencies used a product without a contract: trials, pilots, unauthorized use, none on record?
MATCH (a:Agency)-[u:USES]->(p:Product)
WHERE u.mode <> 'contract'
OPTIONAL MATCH (a)-[c:CONTRACTED_WITH]->() WHERE c.product = p.id
WITH a, u, p, count(c) AS contracts
WHERE u.mode IN ['trial', 'pilot', 'unauthorized'] OR contracts = 0
RETURN a.name AS agency, p.name AS product,
       CASE WHEN u.mode = 'unknown' THEN 'no contract on record' ELSE u.mode END AS basis,
       coalesce(u.start, u.date) AS since, u.`end` AS until, u.status AS status,
       u.searchesMin AS searchesMin, u.searchesMax AS searchesMax, u.sources AS sources
ORDER BY basis, agency, product, since, u.id
