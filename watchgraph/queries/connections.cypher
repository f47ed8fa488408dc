// name: connections
// question: How are two entities connected? The shortest paths (at most 8 hops), hop by hop, with sources.
// param from (entity): where the paths start: an id, name or alias (example: NYPD)
// param to (entity): where they end (example: ICE)
// param maxHops (integer) = 4: the longest connection to look for (example: 3)
// param include_denied (boolean) = false: also walk through denied relationships (example: true)
// Without include_denied the shortest paths are those of the graph without its denied claims.
MATCH (a {id: $from}), (b {id: $to})
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE all(r IN relationships(p) WHERE $include_denied OR r.status <> 'denied')
WITH p WHERE length(p) <= $maxHops
WITH p, reduce(key = '', r IN relationships(p) | key + ' ' + r.id) AS key
WITH collect(p) AS paths, collect(key) AS keys
UNWIND range(0, size(paths) - 1) AS i
WITH paths[i] AS p, size([k IN keys WHERE k < keys[i]]) + 1 AS path
UNWIND range(0, length(p) - 1) AS j
WITH path, j + 1 AS hop, nodes(p)[j] AS x, relationships(p)[j] AS r, nodes(p)[j + 1] AS y
RETURN path, hop, x.name AS from,
       CASE WHEN startNode(r) = x THEN type(r) + '->' ELSE '<-' + type(r) END AS relationship,
       y.name AS to, r.status AS status, r.sources AS sources
ORDER BY path, hop
