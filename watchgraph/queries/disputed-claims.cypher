// name: disputed-claims
// question: Where does a party's own statement contradict the record? Each disputed or denied claim, both sides cited (denied claims are always shown)?
// One row per disputing citation; `supportedBy` lists the sources that back the claim.
// The question is about both sides of contested claims, so denied claims are always shown:
// this query, alone in the library, takes no include_denied parameter.
// (`last(xs[i..i+1])` is element i of a list, counted from 0, on both engines.)
MATCH (a)-[r]->(b)
WHERE size(r.disputedBy) > 0
UNWIND range(0, size(r.citationStances) - 1) AS i
WITH a, r, b, i
WHERE last(r.citationStances[i..i+1]) = 'disputes'
RETURN a.name AS from, type(r) AS relationship, b.name AS to, r.status AS status,
       r.supportedBy AS supportedBy, last(r.citationSources[i..i+1]) AS disputedBy,
       last(r.citationLocators[i..i+1]) AS locator, last(r.citationNotes[i..i+1]) AS statement
ORDER BY from, relationship, to, r.id, i
