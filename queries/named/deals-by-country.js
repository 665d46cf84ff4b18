// deals-by-country: per country, the number of deals and their total amount per currency
// args:
// columns: country, deals, withAmount, totals
//
// A deal counts for each of its dg:country values and for the home country
// of each partner (as the scorer's dealCountry does), once per country.
// Totals add the amounts of the deals that have one, per currency; amounts
// are xsd:decimal literals, turned into numbers with num().
//
// dealsByCountry() (Go, queries/dealagg.go) gives the aggregate below as
// the script itself computes it, kept by the server until the store
// changes: the rows themselves, sorted, when every country has a plain
// text name; it is null on stores without kv indexes, or where a value is
// unusual enough that only the script reads it right: then the script
// aggregates.
var agg = dealsByCountry();
// g.Emit looked up once: each lookup builds a new guarded function.
var emit = g.Emit;
if (agg !== null && agg.rows) {
  agg.rows.forEach(function (r) { emit(r); });
} else {
  var rows = [];
  if (agg !== null) {
    agg.countries.forEach(function (a) {
      var totals = {};
      a.totals.forEach(function (t) { totals[t[0]] = t[1]; });
      rows.push({ country: a.name !== null ? lit(a.name) : nameOf(a.country), deals: a.deals, withAmount: a.withAmount, totals: totals });
    });
  } else {
    aggregate().forEach(function (r) { rows.push(r); });
  }
  rows.sort(function (a, b) { return b.deals - a.deals || (a.country < b.country ? -1 : a.country > b.country ? 1 : 0); });
  rows.forEach(function (r) { emit(r); });
}

// aggregate is the aggregate in JavaScript, over every deal of the store.
function aggregate() {
  var deals = ins(dg("Deal"), dg("type"));
  var byDeal = {};
  function country(deal, c) {
    if (!byDeal[deal]) {
      byDeal[deal] = {};
    }
    byDeal[deal][c] = true;
  }
  var direct = outsBy(deals, dg("country"));
  var partners = outsBy(deals, dg("partner"));
  var partnerCountry = outsBy(uniq([].concat.apply([], deals.map(function (d) { return partners[d] || []; }))), dg("country"));
  deals.forEach(function (d) {
    (direct[d] || []).forEach(function (c) { country(d, c); });
  });
  deals.forEach(function (d) {
    (partners[d] || []).forEach(function (p) {
      (partnerCountry[p] || []).forEach(function (c) { country(d, c); });
    });
  });
  var money = {};
  var amounts = outsBy(deals, dg("amount"));
  var currencies = outsBy(deals, dg("currency"));
  deals.forEach(function (d) {
    if (amounts[d] && currencies[d]) {
      money[d] = { amount: num(amounts[d][0]), currency: lit(currencies[d][0]) };
    }
  });
  var per = {};
  for (var deal in byDeal) {
    for (var c in byDeal[deal]) {
      var p = per[c] || (per[c] = { deals: 0, withAmount: 0, totals: {} });
      p.deals++;
      var m = money[deal];
      if (m && m.amount !== null) {
        p.withAmount++;
        p.totals[m.currency] = (p.totals[m.currency] || 0) + m.amount;
      }
    }
  }
  var rows = [];
  for (var c2 in per) {
    rows.push({ country: nameOf(c2), deals: per[c2].deals, withAmount: per[c2].withAmount, totals: per[c2].totals });
  }
  return rows;
}
