// name: disputed-claims
// question: Where does a party's own statement contradict the record? Each disputed or denied claim, both sides cited (denied claims are always shown)?
// columns: from, relationship, to, status, stance, source, locator, quote, note
// order: from, relationship, to, stance desc
// One row per citation, on either side: the source, its stance, and where in it to look
// (the locator, and the quote: a few words to find with Ctrl-F), with our note on it.
// The question is about both sides of contested claims, so denied claims are always shown:
// this query, alone in the library, takes no include_denied parameter.
// (`last(xs[i..i+1])` is element i of a list, counted from 0, on both engines.)
MATCH (a)-[r]->(b)
WHERE size(r.disputedBy) > 0
UNWIND range(0, size(r.citationSources) - 1) AS i
RETURN a.name AS from, type(r) AS relationship, b.name AS to, r.status AS status,
       last(r.citationStances[i..i+1]) AS stance, last(r.citationSources[i..i+1]) AS source,
       last(r.citationLocators[i..i+1]) AS locator, last(r.citationQuotes[i..i+1]) AS quote,
       last(r.citationNotes[i..i+1]) AS note
ORDER BY from, relationship, to, r.id, stance DESC, i
