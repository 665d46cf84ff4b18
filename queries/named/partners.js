// partners: counterparties of a company across its deals
// args: COMPANY
// columns: partner, country, deals, kinds, role
//
// role says which side the counterparty was on: "partner" (the company
// bought from it or worked with it), "buyer" (it bought from the company),
// "co-partner" (both were partners of a third buyer).
var orgs = need(args[0]);
var self = {};
orgs.forEach(function (o) { self[o] = true; });
var found = {};
// add records the counterparties reached from the company's deals: in along
// side (the company's part in the deal), then out along other.
function add(side, other, role) {
  var byDeal = outsBy(ins(orgs, dg(side)), dg(other));
  for (var deal in byDeal) {
    byDeal[deal].forEach(function (o) {
      if (self[o]) {
        return;
      }
      var f = found[o];
      if (!f) {
        f = found[o] = { deals: {}, roles: {} };
      }
      f.deals[deal] = true;
      f.roles[role] = true;
    });
  }
}
add("buyer", "partner", "partner");
add("partner", "buyer", "buyer");
add("partner", "partner", "co-partner");
// The deals' kinds, the counterparties' names and their countries' names,
// read and converted in Go (valuesOf, nodeNames), each in one call.
var allDeals = {};
for (var o in found) {
  for (var d in found[o].deals) {
    allDeals[d] = true;
  }
}
var KIND = dg("dealKind"), COUNTRY = dg("country");
var dealList = Object.keys(allDeals);
var kindOf = {};
valuesOf(dealList, [KIND], "lit").forEach(function (v, i) {
  var k = v[KIND];
  kindOf[dealList[i]] = k.length > 0 ? k[0] : null;
});
var others = Object.keys(found);
var names = nodeNames(others);
var countries = valuesOf(others, [COUNTRY], "name");
var rows = others.map(function (other, i) {
  var f = found[other];
  var deals = Object.keys(f.deals);
  var kinds = uniq(deals.map(function (d) { return kindOf[d]; }).filter(function (k) { return k !== null; })).sort();
  return {
    partner: names[i],
    country: joined(countries[i][COUNTRY].sort()),
    deals: deals.length,
    kinds: kinds.join(", "),
    role: Object.keys(f.roles).sort().join(", ")
  };
});
rows.sort(function (a, b) { return b.deals - a.deals || (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0); });
rows.forEach(function (r) { g.Emit(r); });
