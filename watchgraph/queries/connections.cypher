// name: connections
// question: How are two entities connected? The shortest paths of at most 4 hops, hop by hop, with each hop's status and sources.
// param from (entity): where the paths start: an id, name or alias (example: NYPD)
// param to (entity): where they end (example: ICE)
// param maxHops (integer) = 4: the longest connection to look for, 1 to 4 (a larger value counts as 4) (example: 3)
// param include_denied (boolean) = false: also walk through denied relationships (example: true)
// columns: path, hop, from, relationship, to, status, sources (list)
// order: path, hop
// One row per hop of each shortest path; `path` spells the whole path out, the same text
// on every engine ("A -USES-> B <-DEVELOPS- C", each relationship's arrow pointing the way
// it is recorded), so rows of one path share it and a path's hops are numbered from `from`.
// Two paths through parallel relationships of one type read the same: their hops show as
// rows of one path (one row where status and sources agree). Without include_denied the
// shortest paths are those of the graph without its denied claims. Four hops at most,
// because the SPARQL query spells out each length.
MATCH (a {id: $from}), (b {id: $to})
MATCH p = allShortestPaths((a)-[*..4]-(b))
WHERE all(r IN relationships(p) WHERE $include_denied OR r.status <> 'denied')
WITH p WHERE length(p) <= $maxHops
WITH p, reduce(s = nodes(p)[0].name, i IN range(0, length(p) - 1) |
       s + CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i]
                THEN ' -' + type(relationships(p)[i]) + '-> '
                ELSE ' <-' + type(relationships(p)[i]) + '- ' END
         + nodes(p)[i + 1].name) AS path
UNWIND range(0, length(p) - 1) AS j
WITH path, j + 1 AS hop, nodes(p)[j] AS x, relationships(p)[j] AS r, nodes(p)[j + 1] AS y
RETURN DISTINCT path, hop, x.name AS from,
       CASE WHEN startNode(r) = x THEN type(r) + '->' ELSE '<-' + type(r) END AS relationship,
       y.name AS to, r.status AS status, r.sources AS sources
ORDER BY path, hop
