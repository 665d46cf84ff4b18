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
  var last = d === depth;
  frontier.forEach(function (n) {
    var name = nameOf(n);
    values(n, "type").forEach(function (t) {
      g.Emit({ depth: d, from: name, edge: "type →", to: localName(t) });
    });
    var es = edges(n);
    // The names of the nodes at the other end, read in Go in one call
    // (nodeNames); literals are shown by their value.
    var ids = es.filter(function (e) { return isIRI(e.node); }).map(function (e) { return e.node; });
    var names = nodeNames(ids);
    var k = 0;
    es.forEach(function (e) {
      var iri = isIRI(e.node);
      g.Emit({ depth: d, from: name, edge: edgeLabel(e), to: iri ? names[k++] : lit(e.node) });
      // The last hop's nodes are not walked: no need to know what they are.
      if (!last && iri && !seen[e.node] && !isA(e.node, "Document")) {
        seen[e.node] = true;
        next.push(e.node);
      }
    });
  });
  frontier = next;
}
