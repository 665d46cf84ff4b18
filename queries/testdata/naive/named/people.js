// people: people working for a company, with their job titles
// args: COMPANY
// columns: person, jobTitle, company
var orgs = need(args[0]);
var rows = [];
nodes(orgs).Tag("org").In(dg("worksFor")).Tag("person").TagArray().forEach(function (r) {
  rows.push({
    person: nameOf(r.person),
    jobTitle: values(r.person, "jobTitle").map(lit).join("；") || null,
    company: nameOf(r.org)
  });
});
rows.sort(function (a, b) { return a.person < b.person ? -1 : a.person > b.person ? 1 : 0; });
rows.forEach(function (r) { g.Emit(r); });
