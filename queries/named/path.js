// path: a shortest path between two entities, over any predicate, in either direction
// args: FROM TO [MAXHOPS]
// columns: hop, from, edge, to
//
// Following every edge but rdf:type (which would join every two nodes of a
// class), up to MAXHOPS (default 4, at most 6) hops. Literals are not
// walked through. One row per hop. Of several shortest paths, the one a
// breadth-first search from FROM meets first (edges in the order edges()
// lists them); shortestPath searches from both ends, which reads far less
// than that search would when hubs (countries) are near.
var from = need(args[0]);
var to = need(args[1]);
var maxHops = args.length > 2 ? parseInt(args[2], 10) : 4;
if (isNaN(maxHops) || maxHops < 1 || maxHops > 6) {
  throw new Error("MAXHOPS must be a number from 1 to 6, got \"" + args[2] + "\"");
}
var steps = shortestPath(from, to, maxHops);
if (steps === null) {
  throw new Error("no path of at most " + maxHops + " hops between \"" + args[0] + "\" and \"" + args[1] + "\"");
}
steps.forEach(function (s, i) {
  g.Emit({ hop: i + 1, from: nameOf(s.from), edge: edgeLabel(s), to: nameOf(s.to) });
});
