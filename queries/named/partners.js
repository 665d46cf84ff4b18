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
var rows = [];
for (var other in found) {
  var f = found[other];
  var deals = Object.keys(f.deals);
  var kinds = uniq(deals.map(function (d) { return lit(value(d, "dealKind")); }).filter(function (k) { return k !== null; })).sort();
  rows.push({
    partner: nameOf(other),
    country: joined(namesOf(values(other, "country"))),
    deals: deals.length,
    kinds: kinds.join(", "),
    role: Object.keys(f.roles).sort().join(", ")
  });
}
rows.sort(function (a, b) { return b.deals - a.deals || (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0); });
rows.forEach(function (r) { g.Emit(r); });
