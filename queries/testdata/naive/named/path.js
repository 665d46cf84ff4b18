// path: a shortest path between two entities, over any predicate, in either direction
// args: FROM TO [MAXHOPS]
// columns: hop, from, edge, to
//
// Breadth-first from FROM, following every edge but rdf:type (which would
// join every two nodes of a class), up to MAXHOPS (default 4, at most 6)
// hops. Literals are not walked through. One row per hop.
var from = need(args[0]);
var to = need(args[1]);
var maxHops = args.length > 2 ? parseInt(args[2], 10) : 4;
if (isNaN(maxHops) || maxHops < 1 || maxHops > 6) {
  throw new Error("MAXHOPS must be a number from 1 to 6, got \"" + args[2] + "\"");
}
var goal = {};
to.forEach(function (t) { goal[t] = true; });
var prev = {};
var frontier = [];
from.forEach(function (f) { prev[f] = null; frontier.push(f); });
var hit = null;
for (var i = 0; i < from.length; i++) {
  if (goal[from[i]]) {
    hit = from[i];
  }
}
for (var hops = 0; hit === null && hops < maxHops && frontier.length > 0; hops++) {
  var next = [];
  for (var j = 0; j < frontier.length && hit === null; j++) {
    var es = edges(frontier[j]);
    for (var k = 0; k < es.length; k++) {
      var n = es[k].node;
      if (!isIRI(n) || prev.hasOwnProperty(n)) {
        continue;
      }
      prev[n] = { node: frontier[j], edge: es[k] };
      if (goal[n]) {
        hit = n;
        break;
      }
      next.push(n);
    }
  }
  frontier = next;
}
if (hit === null) {
  throw new Error("no path of at most " + maxHops + " hops between \"" + args[0] + "\" and \"" + args[1] + "\"");
}
var steps = [];
for (var at = hit; prev[at] !== null; at = prev[at].node) {
  steps.unshift({ from: prev[at].node, edge: prev[at].edge, to: at });
}
steps.forEach(function (s, i) {
  g.Emit({ hop: i + 1, from: nameOf(s.from), edge: edgeLabel(s.edge), to: nameOf(s.to) });
});
