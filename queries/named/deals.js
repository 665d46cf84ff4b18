// deals: deals of a company, as buyer or partner, with amounts and counterparties
// args: COMPANY
// columns: kind, buyer, partners, country, product, amount, currency, qualifier, cumulative, evidence
//
// Starts at the company and walks in along dg:buyer and dg:partner (ins,
// which reads the company's own quads), so only its deals are visited;
// their properties are read with one outsBy per property.
var orgs = need(args[0]);
var deals = ins(orgs, [dg("buyer"), dg("partner")]);
// Each property of all the deals in one call: outsBy(deals, term) maps
// each deal to its values.
var by = {};
["dealKind", "buyer", "partner", "country", "product", "amount", "currency", "amountQualifier", "cumulative", "evidence"].forEach(function (term) {
  by[term] = outsBy(deals, dg(term));
});
var rows = deals.map(function (d) {
  var all = function (term) {
    return Object.prototype.hasOwnProperty.call(by[term], d) ? by[term][d] : [];
  };
  var first = function (term) {
    var v = all(term);
    return v.length > 0 ? v[0] : null;
  };
  return {
    kind: lit(first("dealKind")),
    buyer: joined(namesOf(all("buyer"))),
    partners: joined(namesOf(all("partner"))),
    country: joined(namesOf(all("country"))),
    product: joined(namesOf(all("product"))),
    amount: num(first("amount")),
    currency: lit(first("currency")),
    qualifier: lit(first("amountQualifier")),
    cumulative: lit(first("cumulative")),
    evidence: all("evidence").map(lit).join(" / ") || null
  };
});
rows.sort(function (a, b) {
  return (b.amount || 0) - (a.amount || 0) || (a.buyer < b.buyer ? -1 : a.buyer > b.buyer ? 1 : 0);
});
rows.forEach(function (r) { g.Emit(r); });
