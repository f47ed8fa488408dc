// name: meetings
// question: Who met whom: each meeting with its participants, host, place and date, and its sources?
// param party (entity) = "": only meetings this party took part in: an id, name or alias (example: ICE)
// param include_denied (boolean) = false: also count denied participations and meetings (example: true)
// columns: meeting, date, place, participants (list), host (list), status (list), sources (list)
// order: meeting, date
// A meeting is an Event of kind meeting or workshop, or one that a MET_WITH claim names: its
// participants are the parties of its PARTICIPATED_IN, FACILITATED and MET_WITH claims, its
// host those who FACILITATED it or took part in it as "host"; date and place are the event's.
// A MET_WITH claim that names no event is a meeting of its own (`meeting` empty), with its
// own date (or start) and location. `status` lists the statuses of the claims counted.
MATCH (e:Event)
OPTIONAL MATCH (p)-[r:PARTICIPATED_IN|FACILITATED]->(e)
WHERE $include_denied OR r.status <> 'denied'
OPTIONAL MATCH (x)-[m:MET_WITH]->(y)
WHERE m.event = e.id AND ($include_denied OR m.status <> 'denied')
WITH e, p, r, x, m, y
WHERE (r IS NOT NULL AND e.kind IN ['meeting', 'workshop']) OR m IS NOT NULL
UNWIND [p, x, y] AS who
WITH e, r, m, who, CASE WHEN type(r) = 'FACILITATED' OR r.role STARTS WITH 'host' THEN p.name END AS host
UNWIND CASE WHEN m IS NULL THEN r.sources WHEN r IS NULL THEN m.sources
            ELSE r.sources + m.sources END AS source
WITH e, collect(DISTINCT who.name) AS participants, collect(DISTINCT who.id) AS ids,
     collect(DISTINCT host) AS host, collect(DISTINCT r.status) + collect(DISTINCT m.status) AS statuses,
     collect(DISTINCT source) AS sources
WHERE $party = '' OR $party IN ids
UNWIND statuses AS status
RETURN e.name AS meeting, e.date AS date, e.location AS place, participants, host,
       collect(DISTINCT status) AS status, sources
ORDER BY date, meeting
UNION
MATCH (x)-[m:MET_WITH]->(y)
WHERE m.event IS NULL AND ($include_denied OR m.status <> 'denied')
  AND ($party = '' OR x.id = $party OR y.id = $party)
RETURN '' AS meeting, coalesce(m.date, m.start) AS date, m.location AS place,
       [x.name, y.name] AS participants, CASE WHEN x IS NULL THEN [x.name] END AS host, [m.status] AS status, m.sources AS sources
ORDER BY date
