// name: connections
// question: How are two entities connected? The shortest paths of at most 4 hops, hop by hop, with each hop's status and sources.
// param from (entity): where the paths start: an id, name or alias (example: NYPD)
// param to (entity): where they end (example: ICE)
// param maxHops (integer) = 4: the longest connection to look for, 1 to 4 (a larger value counts as 4) (example: 3)
// param include_denied (boolean) = false: also walk through denied relationships (example: true)
// columns: path, hop, from, relationship, to, status, sources (list)
// order: path, hop
// LadybugDB's variant: ALL SHORTEST for allShortestPaths (a denied hop filtered during the
// search), 1-based list_extract over properties(...) lists, the internal ids _SRC/_ID for a
// hop's direction, and the path's text written out for each of the four possible hops
// (a lambda over the hop numbers does not see the path's lists reliably).
MATCH p = (a {id: $from})-[* ALL SHORTEST 1..4 (r, n | WHERE $include_denied OR r.status <> 'denied')]-(b {id: $to})
WITH properties(nodes(p), 'name') AS names, properties(nodes(p), '_ID') AS ids,
     properties(rels(p), '_SRC') AS tails, properties(rels(p), '_LABEL') AS types,
     properties(rels(p), 'status') AS statuses, properties(rels(p), 'sources') AS sources
WHERE size(types) <= $maxHops
WITH names, ids, tails, types, statuses, sources,
     list_extract(names, 1)
     + CASE WHEN size(types) < 1 THEN ''
            WHEN list_extract(tails, 1) = list_extract(ids, 1)
            THEN ' -' + list_extract(types, 1) + '-> ' ELSE ' <-' + list_extract(types, 1) + '- ' END
     + CASE WHEN size(types) < 1 THEN '' ELSE list_extract(names, 2) END
     + CASE WHEN size(types) < 2 THEN ''
            WHEN list_extract(tails, 2) = list_extract(ids, 2)
            THEN ' -' + list_extract(types, 2) + '-> ' ELSE ' <-' + list_extract(types, 2) + '- ' END
     + CASE WHEN size(types) < 2 THEN '' ELSE list_extract(names, 3) END
     + CASE WHEN size(types) < 3 THEN ''
            WHEN list_extract(tails, 3) = list_extract(ids, 3)
            THEN ' -' + list_extract(types, 3) + '-> ' ELSE ' <-' + list_extract(types, 3) + '- ' END
     + CASE WHEN size(types) < 3 THEN '' ELSE list_extract(names, 4) END
     + CASE WHEN size(types) < 4 THEN ''
            WHEN list_extract(tails, 4) = list_extract(ids, 4)
            THEN ' -' + list_extract(types, 4) + '-> ' ELSE ' <-' + list_extract(types, 4) + '- ' END
     + CASE WHEN size(types) < 4 THEN '' ELSE list_extract(names, 5) END AS path
UNWIND range(1, size(types)) AS hop
RETURN DISTINCT path, hop, list_extract(names, hop) AS from,
       CASE WHEN list_extract(tails, hop) = list_extract(ids, hop)
            THEN list_extract(types, hop) + '->' ELSE '<-' + list_extract(types, hop) END
         AS relationship,
       list_extract(names, hop + 1) AS to, list_extract(statuses, hop) AS status,
       list_extract(sources, hop) AS sources
ORDER BY path, hop
