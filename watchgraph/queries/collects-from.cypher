// name: collects-from
// question: Which platforms do vendors (and their products) collect data from, what data, with what consent, and did the platform object?
// param vendor (entity) = "": only this vendor and the products it develops: an id, name or alias (example: "Clearview AI")
// param include_denied (boolean) = false: also show denied collection, objections and DEVELOPS claims (example: true)
// columns: vendor, product, platform, method, dataKind, consent, objected (list), status, sources (list)
// order: vendor, platform, product
// One row per COLLECTS_FROM claim: a product's collection is its developer's (the vendor,
// `product` naming the product); a company's own has no product. `consent` is as the source
// states it (empty when it does not say). `objected` lists the statuses of the platform's
// OBJECTED_TO claims against the vendor or the product (a cease-and-desist, a public
// objection; empty when none is on record); `sources` are the collection's and the
// objections' sources, `status` the collection's.
MATCH (c)-[k:COLLECTS_FROM]->(t)
WHERE $include_denied OR k.status <> 'denied'
OPTIONAL MATCH (v)-[d:DEVELOPS]->(c)
WHERE $include_denied OR d.status <> 'denied'
WITH c, k, t, v, coalesce(v.id, c.id) AS owner
WHERE $vendor = '' OR owner = $vendor
OPTIONAL MATCH (t)-[o:OBJECTED_TO]->(z)
WHERE (z.id = c.id OR z.id = owner) AND ($include_denied OR o.status <> 'denied')
WITH c, k, t, v, o
UNWIND CASE WHEN o IS NULL THEN k.sources ELSE k.sources + o.sources END AS source
WITH c, k, t, v, collect(DISTINCT o.status) AS objected, collect(DISTINCT source) AS sources
RETURN coalesce(v.name, c.name) AS vendor, CASE WHEN v IS NULL THEN NULL ELSE c.name END AS product,
       t.name AS platform, k.method AS method, k.dataKind AS dataKind, k.consent AS consent,
       objected, k.status AS status, sources
ORDER BY vendor, platform, product
