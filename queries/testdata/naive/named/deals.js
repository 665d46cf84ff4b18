// deals: deals of a company, as buyer or partner, with amounts and counterparties
// args: COMPANY
// columns: kind, buyer, partners, country, product, amount, currency, qualifier, cumulative, evidence
//
// Starts at the company and walks in along dg:buyer and dg:partner, so only
// the company's own deals are visited.
var orgs = need(args[0]);
var deals = nodes(orgs).In([dg("buyer"), dg("partner")]).Unique().ToArray();
var rows = deals.map(function (d) {
  return {
    kind: lit(value(d, "dealKind")),
    buyer: joined(namesOf(values(d, "buyer"))),
    partners: joined(namesOf(values(d, "partner"))),
    country: joined(namesOf(values(d, "country"))),
    product: joined(namesOf(values(d, "product"))),
    amount: num(value(d, "amount")),
    currency: lit(value(d, "currency")),
    qualifier: lit(value(d, "amountQualifier")),
    cumulative: lit(value(d, "cumulative")),
    evidence: values(d, "evidence").map(lit).join(" / ") || null
  };
});
rows.sort(function (a, b) {
  return (b.amount || 0) - (a.amount || 0) || (a.buyer < b.buyer ? -1 : a.buyer > b.buyer ? 1 : 0);
});
rows.forEach(function (r) { g.Emit(r); });
