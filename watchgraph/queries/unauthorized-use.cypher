// name: unauthorized-use
// question: Who used a product without authorization or on personal phones and accounts, whose product, and how much?
// param vendor (entity) = "": only products this vendor develops: an id, name or alias (example: "Clearview AI")
// param include_denied (boolean) = false: also show denied uses and DEVELOPS claims (example: true)
// columns: user, product, vendor, mode, device, account, since, searchesMin, searchesMax, status, sources (list)
// order: user, product, vendor
// Every USES claim whose mode is unauthorized, or whose device or account is personal (a
// use the source does not call unauthorized, such as officers asking for access on their own
// phones, shows its own mode). `vendor` is the product's developer (one row per developer;
// empty when none is on record). Without a vendor the uses are read first; with one, its
// products are (a part of their own, so that only their uses are read), each part sorted
// on its own.
MATCH (u)-[x:USES]->(p)
WHERE $vendor = ''
  AND (x.mode = 'unauthorized' OR coalesce(x.device, '') = 'personal'
       OR coalesce(x.account, '') = 'personal')
  AND ($include_denied OR x.status <> 'denied')
OPTIONAL MATCH (v)-[d:DEVELOPS]->(p)
WHERE $include_denied OR d.status <> 'denied'
RETURN u.name AS user, p.name AS product, v.name AS vendor, x.mode AS mode, x.device AS device,
       x.account AS account, coalesce(x.start, x.date) AS since, x.searchesMin AS searchesMin,
       x.searchesMax AS searchesMax, x.status AS status, x.sources AS sources
ORDER BY user, product, vendor, x.id
UNION ALL
MATCH (v {id: $vendor})-[d:DEVELOPS]->(p)
WHERE $vendor <> '' AND ($include_denied OR d.status <> 'denied')
MATCH (u)-[x:USES]->(p)
WHERE (x.mode = 'unauthorized' OR coalesce(x.device, '') = 'personal'
       OR coalesce(x.account, '') = 'personal')
  AND ($include_denied OR x.status <> 'denied')
RETURN u.name AS user, p.name AS product, v.name AS vendor, x.mode AS mode, x.device AS device,
       x.account AS account, coalesce(x.start, x.date) AS since, x.searchesMin AS searchesMin,
       x.searchesMax AS searchesMax, x.status AS status, x.sources AS sources
ORDER BY user, product, vendor, x.id
