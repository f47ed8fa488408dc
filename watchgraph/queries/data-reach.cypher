// name: data-reach
// question: Who can reach an agency's data: through an interconnect, data sharing or supply, or one intermediary further, and what data?
// param agency (entity): the agency whose data it is: an id, name or alias (example: "Sacramento Sheriff")
// param include_denied (boolean) = false: also follow denied relationships (example: true)
// columns: party, hops, via, route, dataKind (list), status (list), sources (list)
// order: hops, party, via, route
// Data flows along SHARES_DATA_WITH and MEMBER_OF both ways (a member pools its data in the
// interconnect, which serves it to every member), and along SUPPLIES_DATA_TO and PART_OF (a
// unit's data is its parent's) in their own direction only. `route` gives each hop's type
// and direction, `status` each hop's status and `dataKind` the kind of data each hop names
// (SHARES_DATA_WITH and SUPPLIES_DATA_TO say it; MEMBER_OF and PART_OF do not); `sources`
// are those of every hop. A denied hop is left out unless include_denied.
MATCH (a:Agency {id: $agency})-[r1:SHARES_DATA_WITH|SUPPLIES_DATA_TO|MEMBER_OF|PART_OF]-(m)
WHERE $include_denied OR r1.status <> 'denied'
OPTIONAL MATCH (a)-[out1]->(m) WHERE out1.id = r1.id
WITH a, r1, m, out1
WHERE NOT type(r1) IN ['SUPPLIES_DATA_TO', 'PART_OF'] OR out1 IS NOT NULL
OPTIONAL MATCH (m)-[r2:SHARES_DATA_WITH|SUPPLIES_DATA_TO|MEMBER_OF|PART_OF]-(x)
WHERE x.id <> a.id AND r2.id <> r1.id AND ($include_denied OR r2.status <> 'denied')
OPTIONAL MATCH (m)-[out2]->(x) WHERE out2.id = r2.id
WITH a, r1, m, out1, r2, x, out2,
     r2 IS NOT NULL AND (NOT type(r2) IN ['SUPPLIES_DATA_TO', 'PART_OF'] OR out2 IS NOT NULL)
       AS further
UNWIND CASE WHEN further THEN [1, 2] ELSE [1] END AS hops
WITH DISTINCT hops,
     CASE WHEN hops = 1 THEN r1.id ELSE r1.id + ' ' + r2.id END AS key,
     CASE WHEN hops = 1 THEN m.name ELSE x.name END AS party,
     CASE WHEN hops = 1 THEN NULL ELSE m.name END AS via,
     CASE WHEN out1 IS NULL THEN '<-' + type(r1) ELSE type(r1) + '->' END
       + CASE WHEN hops = 1 THEN ''
              WHEN out2 IS NULL THEN ' <-' + type(r2) ELSE ' ' + type(r2) + '->' END AS route,
     r1.dataKind AS kind1, CASE WHEN hops = 1 THEN NULL ELSE r2.dataKind END AS kind2,
     r1.status AS status1, CASE WHEN hops = 1 THEN NULL ELSE r2.status END AS status2,
     CASE WHEN hops = 1 THEN r1.sources ELSE r1.sources + r2.sources END AS cited
UNWIND cited AS source
WITH hops, key, party, via, route, kind1, kind2, status1, status2, collect(DISTINCT source) AS sources
RETURN DISTINCT party, hops, via, route,
       CASE WHEN hops = 1 THEN [kind1] ELSE [kind1, kind2] END AS dataKind,
       CASE WHEN hops = 1 THEN [status1] ELSE [status1, status2] END AS status,
       sources
ORDER BY hops, party, via, route
