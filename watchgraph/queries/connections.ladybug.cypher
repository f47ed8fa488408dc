// name: connections
// question: How are two entities connected? The shortest paths (at most 8 hops), hop by hop, with sources.
// param from (entity): where the paths start: an id, name or alias (example: NYPD)
// param to (entity): where they end (example: ICE)
// param maxHops (integer) = 4: the longest connection to look for (example: 3)
// param include_denied (boolean) = false: also walk through denied relationships (example: true)
// LadybugDB's variant: ALL SHORTEST for allShortestPaths (a denied hop filtered during the
// search), lambdas for comprehensions, 1-based list_extract over properties(...) lists, and
// the internal ids _SRC/_ID for a hop's direction.
MATCH p = (a {id: $from})
          -[* ALL SHORTEST 1..8 (r, n | WHERE $include_denied OR r.status <> 'denied')]-
          (b {id: $to})
WITH {key: list_reduce(properties(rels(p), 'id'), (s, t) -> s + ' ' + t),
      names: properties(nodes(p), 'name'), ids: properties(nodes(p), '_ID'),
      tails: properties(rels(p), '_SRC'), types: properties(rels(p), '_LABEL'),
      statuses: properties(rels(p), 'status'), sources: properties(rels(p), 'sources')} AS q
WHERE size(q.types) <= $maxHops
WITH collect(q) AS paths, collect(q.key) AS keys
UNWIND paths AS q
WITH q, size(list_filter(keys, k -> k < q.key)) + 1 AS path
UNWIND range(1, size(q.types)) AS hop
RETURN path, hop, list_extract(q.names, hop) AS from,
       CASE WHEN list_extract(q.tails, hop) = list_extract(q.ids, hop)
            THEN list_extract(q.types, hop) + '->' ELSE '<-' + list_extract(q.types, hop) END
         AS relationship,
       list_extract(q.names, hop + 1) AS to, list_extract(q.statuses, hop) AS status,
       list_extract(q.sources, hop) AS sources
ORDER BY path, hop
