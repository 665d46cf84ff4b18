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
// The deals' kinds and the counterparties' countries, each in one call.
var allDeals = {};
for (var o in found) {
  for (var d in found[o].deals) {
    allDeals[d] = true;
  }
}
var kindOf = outsBy(Object.keys(allDeals), dg("dealKind"));
var countryOf = outsBy(Object.keys(found), dg("country"));
function own(obj, key) {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : [];
}
var rows = [];
for (var other in found) {
  var f = found[other];
  var deals = Object.keys(f.deals);
  var kinds = uniq(deals.map(function (d) {
    var k = own(kindOf, d);
    return lit(k.length > 0 ? k[0] : null);
  }).filter(function (k) { return k !== null; })).sort();
  rows.push({
    partner: nameOf(other),
    country: joined(namesOf(own(countryOf, other))),
    deals: deals.length,
    kinds: kinds.join(", "),
    role: Object.keys(f.roles).sort().join(", ")
  });
}
rows.sort(function (a, b) { return b.deals - a.deals || (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0); });
rows.forEach(function (r) { g.Emit(r); });
