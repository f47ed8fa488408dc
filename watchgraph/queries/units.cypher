// name: units
// question: What is an agency part of, and what are its units, through up to three PART_OF claims, with each claim's status on the way?
// param agency (entity): the agency's id, name or alias (example: ICE)
// param include_denied (boolean) = false: also follow denied PART_OF claims (example: true)
// columns: relation, entity, levels, via, status (list), sources (list)
// order: relation, levels, via, entity
// `relation` is `parent` (the agency is part of it) or `unit` (it is part of the agency),
// `levels` the number of PART_OF claims between them, `via` the entity next to it on the way
// from the agency, `status` the status of every claim on the way, and `sources` the
// sources of its own claim (the last on the way). A denied claim ends the way there unless
// include_denied.
MATCH (top:Agency {id: $agency})
UNWIND ['unit', 'parent'] AS relation
OPTIONAL MATCH down = (top)<-[:PART_OF*1..3]-(u) WHERE relation = 'unit'
OPTIONAL MATCH up = (top)-[:PART_OF*1..3]->(p) WHERE relation = 'parent'
WITH relation, CASE WHEN relation = 'unit' THEN nodes(down) ELSE nodes(up) END AS ns,
     CASE WHEN relation = 'unit' THEN relationships(down) ELSE relationships(up) END AS rs
WHERE size(rs) > 0
WITH relation, ns, rs,
     CASE size(rs) WHEN 1 THEN [head(rs).status]
                   WHEN 2 THEN [head(rs).status, last(rs).status]
                   ELSE [head(rs).status, last(rs[1..2]).status, last(rs).status] END AS statuses
WHERE (size(rs) < 3 OR head(rs).id <> last(rs).id)
  AND ($include_denied OR NOT 'denied' IN statuses)
RETURN relation, last(ns).name AS entity, size(rs) AS levels,
       last(ns[size(rs) - 1..size(rs)]).name AS via, statuses AS status,
       last(rs).sources AS sources
ORDER BY relation, levels, via, entity
