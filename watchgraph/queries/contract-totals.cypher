// name: contract-totals
// question: How much money do the contracts on record add up to, per vendor and per buyer?
// param include_denied (boolean) = false: also count denied contracts (example: true)
// columns: role, party, currency, contracts, withAmount, total, status (list)
// order: role desc, total desc, party, currency
// `contracts` counts every contract on record (a denied one only with include_denied);
// `total` adds up those with an amount, per currency; `status` lists the statuses of the
// contracts counted, strongest first.
MATCH (a)-[c:CONTRACTED_WITH]->(v)
WHERE $include_denied OR c.status <> 'denied'
UNWIND [['vendor', v.name], ['buyer', a.name]] AS side
WITH head(side) AS role, last(side) AS party, c.currency AS currency, count(c) AS contracts,
     count(c.amount) AS withAmount, sum(coalesce(c.amount, 0.0)) AS amounts,
     count(CASE WHEN c.status = 'confirmed' THEN 1 END) AS confirmed,
     count(CASE WHEN c.status = 'reported' THEN 1 END) AS reported,
     count(CASE WHEN c.status = 'alleged' THEN 1 END) AS alleged,
     count(CASE WHEN c.status = 'disputed' THEN 1 END) AS disputed,
     count(CASE WHEN c.status = 'denied' THEN 1 END) AS denied
RETURN role, party, currency, contracts, withAmount,
       CASE WHEN withAmount = 0 THEN NULL ELSE amounts END AS total,
       (CASE WHEN confirmed > 0 THEN ['confirmed'] ELSE [] END)
         + (CASE WHEN reported > 0 THEN ['reported'] ELSE [] END)
         + (CASE WHEN alleged > 0 THEN ['alleged'] ELSE [] END)
         + (CASE WHEN disputed > 0 THEN ['disputed'] ELSE [] END)
         + (CASE WHEN denied > 0 THEN ['denied'] ELSE [] END) AS status
ORDER BY role DESC, amounts DESC, party, currency
