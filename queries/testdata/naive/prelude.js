// The naive helpers: the six prelude functions as they were before the Go
// helpers (queries/native.go), written as Cayley paths. naive_test.go appends
// this file after queries/prelude.js, so these declarations replace the
// prelude's own (the last declaration of a function wins); every other helper
// is the prelude's. The named queries in named/ are the naive versions of the
// ones that changed; the others run as shipped, on these helpers.

// entity(name) starts a path at the nodes whose schema:name or
// schema:alternateName is name (whitespace is also tried removed, as names
// are stored without it).
function entity(name) {
  var names = [String(name)];
  var squeezed = String(name).replace(/\s+/g, "");
  if (squeezed !== names[0] && squeezed !== "") {
    names.push(squeezed);
  }
  return g.V.apply(g, names).In([dg("name"), dg("alternateName")]).Unique();
}

// need(name) returns the IRIs of the entities called name, and fails with a
// readable message when there is none.
function need(name) {
  var ids = entity(name).ToArray();
  if (ids.length === 0) {
    throw new Error("no entity is named \"" + name + "\" (canonical or alternate name); check the spelling, or list names with: g.V().Out(dg(\"name\")).All()");
  }
  return ids;
}

// values(id, term) returns the distinct values of one of a node's properties.
function values(id, term) {
  return g.V(id).Out(dg(term)).Unique().ToArray();
}

// isA(id, class) tells whether a node has rdf:type class (a local name such
// as "Deal" or "Organization").
function isA(id, cls) {
  // Not .Is(class).Count(): on Cayley v0.7.7's kv stores that fails with
  // "kv: not found" when the node has other types but not this one.
  return g.V(id).Out(dg("type")).ToArray().indexOf(dg(cls)) >= 0;
}

// edges(id) lists a node's distinct edges in both directions, as objects
// {pred, dir: "out"|"in", node}. rdf:type and dg:mentionedIn edges are left
// out: every node of a class, or of a document, would otherwise be two hops
// from every other.
function edges(id) {
  var out = [];
  var seen = {};
  var add = function (rows, dir) {
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (r.p === dg("type") || r.p === dg("mentionedIn") || localName(r.p) === "matchKey" || localName(r.p) === "shortForm") {
        continue;
      }
      var k = dir + r.p + r.id;
      if (!seen.hasOwnProperty(k)) {
        seen[k] = true;
        out.push({ pred: r.p, dir: dir, node: r.id });
      }
    }
  };
  add(g.V(id).Out(null, "p").TagArray(), "out");
  add(g.V(id).In(null, "p").TagArray(), "in");
  return out;
}

// nameOf(id) is a node's canonical name; a deal, which has none, is shown
// by its kind and IRI, any other node by its shortened IRI.
function nameOf(id) {
  var n = value(id, "name");
  if (n !== null) {
    return lit(n);
  }
  var kind = value(id, "dealKind");
  return kind === null ? shortIRI(id) : lit(kind) + " deal " + shortIRI(id);
}

// valuesOf(nodes, preds, how) and nodeNames(nodes) are Go helpers
// (queries/rows.go) that convert values as lit, num and nameOf do; these
// are their definitions in those terms, so that the named queries using
// them are checked against the prelude's own conversions.
function valuesOf(nodes, preds, how) {
  var conv = how === "lit" ? lit : how === "num" ? num : nameOf;
  return [].concat(nodes).map(function (n) {
    var out = {};
    [].concat(preds).forEach(function (p) {
      out[p] = g.V(n).Out(p).Unique().ToArray().map(function (v) { return conv(v); });
    });
    return out;
  });
}

function nodeNames(nodes) {
  return [].concat(nodes).map(function (n) { return nameOf(n); });
}
