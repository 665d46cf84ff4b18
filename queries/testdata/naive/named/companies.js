// companies: organizations of a country: based there, or partner in a deal from there
// args: COUNTRY
// columns: company, based, deals
//
// COUNTRY is a country's name (泰国, 荷兰) or its ISO code (TH, NL). based
// says the organization is based in the country; deals counts the deals from
// the country in which it is a partner.
var code = String(args[0]).toUpperCase();
var countries = uniq(entity(args[0]).ToArray().concat(g.V(code).In(dg("identifier")).Unique().ToArray()))
  .filter(function (c) { return isA(c, "Country"); });
if (countries.length === 0) {
  throw new Error("no country is named \"" + args[0] + "\" (name, alternate name or ISO code)");
}
var found = {};
function entry(org) {
  if (!found[org]) {
    found[org] = { based: false, deals: {} };
  }
  return found[org];
}
nodes(countries).In(dg("country")).Unique().ToArray().forEach(function (n) {
  if (isA(n, "Organization")) {
    entry(n).based = true;
  }
});
nodes(countries).In(dg("country")).Tag("deal").Out(dg("partner")).Tag("org").TagArray().forEach(function (r) {
  entry(r.org).deals[r.deal] = true;
});
var rows = [];
for (var org in found) {
  rows.push({ company: nameOf(org), based: found[org].based, deals: Object.keys(found[org].deals).length });
}
rows.sort(function (a, b) { return b.deals - a.deals || (a.company < b.company ? -1 : a.company > b.company ? 1 : 0); });
rows.forEach(function (r) { g.Emit(r); });
