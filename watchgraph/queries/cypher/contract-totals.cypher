// name: contract-totals
// question: How much money do the contracts on record add up to, per vendor and per buyer?
// `contracts` counts every contract on record (a denied one is not); `total` adds up those
// with an amount, per currency.
MATCH (a)-[c:CONTRACTED_WITH]->(v)
WHERE c.status <> 'denied'
UNWIND [['vendor', v.name], ['buyer', a.name]] AS side
WITH head(side) AS role, last(side) AS party, c.currency AS currency, count(c) AS contracts,
     count(c.amount) AS withAmount, sum(coalesce(c.amount, 0.0)) AS amounts
RETURN role, party, currency, contracts, withAmount,
       CASE WHEN withAmount = 0 THEN NULL ELSE amounts END AS total
ORDER BY role DESC, amounts DESC, party, currency
