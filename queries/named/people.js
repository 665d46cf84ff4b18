// people: people working for a company, with their job titles
// args: COMPANY
// columns: person, jobTitle, company
var orgs = need(args[0]);
var rows = [];
orgs.forEach(function (org) {
  ins(org, dg("worksFor")).forEach(function (person) {
    rows.push({
      person: nameOf(person),
      jobTitle: values(person, "jobTitle").map(lit).join("；") || null,
      company: nameOf(org)
    });
  });
});
rows.sort(function (a, b) { return a.person < b.person ? -1 : a.person > b.person ? 1 : 0; });
rows.forEach(function (r) { g.Emit(r); });
