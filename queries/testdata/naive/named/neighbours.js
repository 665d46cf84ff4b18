// neighbours: an entity's neighbourhood: its properties and the nodes around it
// args: ENTITY [DEPTH]
// columns: depth, from, edge, to
//
// DEPTH (default 1, at most 3) is how many hops to walk out, in both
// directions, from the entity. Literal values (names, amounts, evidence) are
// listed but not walked through, and nor are rdf:type class nodes and
// source documents (dg:mentionedIn).
var start = need(args[0]);
var depth = args.length > 1 ? parseInt(args[1], 10) : 1;
if (isNaN(depth) || depth < 1 || depth > 3) {
  throw new Error("DEPTH must be a number from 1 to 3, got \"" + args[1] + "\"");
}
var seen = {};
start.forEach(function (s) { seen[s] = true; });
var frontier = start;
for (var d = 1; d <= depth && frontier.length > 0; d++) {
  var next = [];
  frontier.forEach(function (n) {
    var name = nameOf(n);
    values(n, "type").forEach(function (t) {
      g.Emit({ depth: d, from: name, edge: "type →", to: localName(t) });
    });
    edges(n).forEach(function (e) {
      g.Emit({ depth: d, from: name, edge: edgeLabel(e), to: display(e.node) });
      if (isIRI(e.node) && !seen[e.node] && !isA(e.node, "Document")) {
        seen[e.node] = true;
        next.push(e.node);
      }
    });
  });
  frontier = next;
}
