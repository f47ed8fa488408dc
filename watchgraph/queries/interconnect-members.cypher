// name: interconnect-members
// question: Who are the members of an interconnect, network or task force, since when, and who develops it?
// param system (entity): the interconnect's id, name or alias (example: CAFRI)
// param include_denied (boolean) = false: also show denied memberships, and developers whose DEVELOPS is denied (example: true)
// columns: member, joined, since, until, status, sources (list), developer
// order: joined, since, member
// One row per MEMBER_OF claim (and per developer of the system, if several); `joined` is
// the member's place in the order of joining where a source gives it; `status` and
// `sources` are the membership's.
MATCH (s {id: $system})<-[m:MEMBER_OF]-(x)
WHERE $include_denied OR m.status <> 'denied'
OPTIONAL MATCH (v)-[d:DEVELOPS]->(s) WHERE $include_denied OR d.status <> 'denied'
RETURN x.name AS member, m.`order` AS joined, coalesce(m.start, m.date) AS since,
       m.`end` AS until, m.status AS status, m.sources AS sources, v.name AS developer
ORDER BY joined, since, member, m.id
