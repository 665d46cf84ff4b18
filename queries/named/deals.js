// deals: deals of a company, as buyer or partner, with amounts and counterparties
// args: COMPANY
// columns: kind, buyer, partners, country, product, amount, currency, qualifier, cumulative, evidence
//
// Starts at the company and walks in along dg:buyer and dg:partner (ins,
// which reads the company's own quads), so only its deals are visited.
var orgs = need(args[0]);
var deals = ins(orgs, [dg("buyer"), dg("partner")]);
var rows = deals.map(function (d) {
  var p = props(d);
  var first = function (term) {
    var v = propsOf(p, term);
    return v.length > 0 ? v[0] : null;
  };
  return {
    kind: lit(first("dealKind")),
    buyer: joined(namesOf(propsOf(p, "buyer"))),
    partners: joined(namesOf(propsOf(p, "partner"))),
    country: joined(namesOf(propsOf(p, "country"))),
    product: joined(namesOf(propsOf(p, "product"))),
    amount: num(first("amount")),
    currency: lit(first("currency")),
    qualifier: lit(first("amountQualifier")),
    cumulative: lit(first("cumulative")),
    evidence: propsOf(p, "evidence").map(lit).join(" / ") || null
  };
});
rows.sort(function (a, b) {
  return (b.amount || 0) - (a.amount || 0) || (a.buyer < b.buyer ? -1 : a.buyer > b.buyer ? 1 : 0);
});
rows.forEach(function (r) { g.Emit(r); });
