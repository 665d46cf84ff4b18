// deals: deals of a company, as buyer or partner, with amounts and counterparties
// args: COMPANY
// columns: kind, buyer, partners, country, product, amount, currency, qualifier, cumulative, evidence
//
// Starts at the company and walks in along dg:buyer and dg:partner (ins,
// which reads the company's own quads), so only its deals are visited.
// Their properties are read and converted in Go, all deals at once:
// valuesOf(deals, preds, how) gives, for each deal, each predicate's values
// as nameOf, lit or num would.
var orgs = need(args[0]);
var deals = ins(orgs, [dg("buyer"), dg("partner")]);
var BUYER = dg("buyer"), PARTNER = dg("partner"), COUNTRY = dg("country"), PRODUCT = dg("product");
var KIND = dg("dealKind"), CURRENCY = dg("currency"), QUALIFIER = dg("amountQualifier"), CUMULATIVE = dg("cumulative"), EVIDENCE = dg("evidence");
var AMOUNT = dg("amount");
var names = valuesOf(deals, [BUYER, PARTNER, COUNTRY, PRODUCT], "name");
var lits = valuesOf(deals, [KIND, CURRENCY, QUALIFIER, CUMULATIVE, EVIDENCE], "lit");
var nums = valuesOf(deals, [AMOUNT], "num");
// first(vals) is a property's first value, or null.
function first(vals) {
  return vals.length > 0 ? vals[0] : null;
}
var rows = deals.map(function (d, i) {
  var n = names[i], l = lits[i];
  return {
    kind: first(l[KIND]),
    buyer: joined(n[BUYER].sort()),
    partners: joined(n[PARTNER].sort()),
    country: joined(n[COUNTRY].sort()),
    product: joined(n[PRODUCT].sort()),
    amount: first(nums[i][AMOUNT]),
    currency: first(l[CURRENCY]),
    qualifier: first(l[QUALIFIER]),
    cumulative: first(l[CUMULATIVE]),
    evidence: l[EVIDENCE].join(" / ") || null
  };
});
rows.sort(function (a, b) {
  return (b.amount || 0) - (a.amount || 0) || (a.buyer < b.buyer ? -1 : a.buyer > b.buyer ? 1 : 0);
});
rows.forEach(function (r) { g.Emit(r); });
