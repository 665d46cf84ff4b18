// Helpers available to every query, named or typed by hand.
//
// The runner appends this file after the query's own source, so it must hold
// function declarations only: JavaScript hoists them, which makes them usable
// from the query's first line while keeping the query's line numbers intact.
// dg(term) and the prefix table are generated from graph/vocab.go and appended
// after this file.
//
// The runner also installs Go helpers (queries/native.go) that read the
// store from the given nodes (the selective end) instead of planning a path:
//
//   outs(nodes, preds)   distinct objects of the nodes' quads with one of
//                        preds (a predicate, an array, or null for any)
//   ins(nodes, preds)    distinct subjects of the quads pointing at nodes
//   links(node, dir, except)
//                        the node's distinct edges, dir "out" or "in", as
//                        objects {p, id}, without those whose predicate is
//                        one of except (optional)
//   outsBy(nodes, pred)  outs per node: {node: [values]} for the nodes that
//                        have some
//
// and two that build rows in Go (queries/rows.go), by the rules of lit, num
// and nameOf below:
//
//   valuesOf(nodes, preds, how)
//                        for each node, in order, {pred: [values]} for each
//                        of preds, the values converted as how says:
//                        "lit", "num" or "name" (nameOf)
//   nodeNames(nodes)     nameOf of each node, in order
//
// nodes is a node ("<iri>", or a literal as g.V takes it) or an array of
// them. They return what g.V(nodes).Out(preds).Unique().ToArray() would,
// and cost what the nodes have, not what the predicate has store-wide.
//
// Two more serve named queries (queries/path.go, queries/dealagg.go):
//
//   shortestPath(from, to, maxHops)  the shortest path over edges() from a
//                        node of from to one of to, as steps {from, to,
//                        pred, dir}, or null: the path a breadth-first
//                        search from from finds, searched from both ends
//   dealsByCountry()     deals-by-country's aggregate, kept while the store
//                        is unchanged (null: let the script aggregate)

// entity(name) starts a path at the nodes whose schema:name or
// schema:alternateName is name (whitespace is also tried removed, as names
// are stored without it).
function entity(name) {
  return nodes(entityIds(name));
}

// entityIds(name) returns the IRIs of the nodes entity(name) starts at: an
// exact lookup of the name in the store's index, not a scan.
function entityIds(name) {
  var names = [String(name)];
  var squeezed = String(name).replace(/\s+/g, "");
  if (squeezed !== names[0] && squeezed !== "") {
    names.push(squeezed);
  }
  return ins(names, [dg("name"), dg("alternateName")]);
}

// need(name) returns the IRIs of the entities called name, and fails with a
// readable message when there is none.
function need(name) {
  var ids = entityIds(name);
  if (ids.length === 0) {
    throw new Error("no entity is named \"" + name + "\" (canonical or alternate name); check the spelling, or list names with: g.V().Out(dg(\"name\")).All()");
  }
  return ids;
}

// nodes(ids) starts a path at the given node IRIs (an array).
function nodes(ids) {
  if (ids.length === 0) {
    return g.V("<urn:dealgraph:none>");
  }
  return g.V.apply(g, ids);
}

// values(id, term) returns the distinct values of one of a node's properties.
function values(id, term) {
  return outs(id, dg(term));
}

// props(id) returns all of a node's properties in one read, as an object
// mapping each predicate IRI to its distinct values (in the order values
// gives them); propsOf(props, term) then reads one of them, [] when absent.
function props(id) {
  var out = {};
  links(id, "out").forEach(function (e) {
    (out[e.p] || (out[e.p] = [])).push(e.id);
  });
  return out;
}

function propsOf(p, term) {
  return p[dg(term)] || [];
}

// value(id, term) returns one value of a node's property, or null.
function value(id, term) {
  var v = values(id, term);
  return v.length > 0 ? v[0] : null;
}

// nameOf(id) is a node's canonical name; a deal, which has none, is shown
// by its kind and IRI, any other node by its shortened IRI. Names are
// remembered for the run (nameOf.known): rows name the same companies,
// countries and products over and over.
function nameOf(id) {
  var known = nameOf.known || (nameOf.known = {});
  var k = typeof id + ":" + String(id);
  if (Object.prototype.hasOwnProperty.call(known, k)) {
    return known[k];
  }
  return (known[k] = readName(id));
}

// readName(id) is nameOf without the memory.
// (rows.go does the same in Go: change both; TestRowHelpersMatchThePrelude.)
function readName(id) {
  var n = value(id, "name");
  if (n !== null) {
    return lit(n);
  }
  var kind = value(id, "dealKind");
  return kind === null ? shortIRI(id) : lit(kind) + " deal " + shortIRI(id);
}

// joined(arr) joins strings with "、", or is null for an empty array.
function joined(arr) {
  return arr.length === 0 ? null : arr.join("、");
}

// namesOf(ids) maps nameOf over an array and sorts the result.
function namesOf(ids) {
  return ids.map(nameOf).sort();
}

// isIRI(v) tells a node IRI ("<...>") from a literal value.
function isIRI(v) {
  return typeof v === "string" && v.length > 1 && v.charAt(0) === "<" && v.charAt(v.length - 1) === ">";
}

// lit(v) turns a literal as Gizmo hands it to JavaScript into a plain value:
// typed numbers ("458000000"^^<xsd:decimal>) become numbers, other typed or
// language-tagged literals their text. Other values pass through.
// (rows.go does the same in Go: change both; TestRowHelpersMatchThePrelude.)
function lit(v) {
  if (typeof v !== "string" || v.charAt(0) !== "\"") {
    return v;
  }
  var m = /^"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@[A-Za-z0-9-]+)?$/.exec(v);
  if (m === null) {
    return v;
  }
  var text = m[1].replace(/\\(.)/g, function (all, c) {
    return c === "n" ? "\n" : c === "t" ? "\t" : c;
  });
  var type = m[2] || "";
  if (/#(decimal|integer|int|long|double|float)$/.test(type)) {
    var n = Number(text);
    return isNaN(n) ? text : n;
  }
  if (/#boolean$/.test(type)) {
    return text === "true" || text === "1";
  }
  return text;
}

// num(v) is lit(v) as a number, or null when v is not a number.
// (rows.go does the same in Go: change both; TestRowHelpersMatchThePrelude.)
function num(v) {
  var x = lit(v);
  if (typeof x === "number") {
    return x;
  }
  if (typeof x === "string" && x !== "" && !isNaN(Number(x))) {
    return Number(x);
  }
  return null;
}

// localName(iri) is the part of an IRI after its last '#' or '/'.
function localName(iri) {
  var s = isIRI(iri) ? iri.slice(1, -1) : String(iri);
  var i = Math.max(s.lastIndexOf("#"), s.lastIndexOf("/"));
  return s.slice(i + 1);
}

// shortIRI(iri) writes an IRI with a known prefix ("id:org/西门子").
// (rows.go does the same in Go: change both; TestRowHelpersMatchThePrelude.)
function shortIRI(iri) {
  if (!isIRI(iri)) {
    return String(iri);
  }
  var s = iri.slice(1, -1);
  var p = dgPrefixes();
  var best = "";
  for (var k in p) {
    if (s.indexOf(p[k]) === 0 && p[k].length > (best === "" ? 0 : p[best].length)) {
      best = k;
    }
  }
  return best === "" ? iri : best + ":" + s.slice(p[best].length);
}

// uniq(arr) drops repeated values, keeping the first of each.
function uniq(arr) {
  var seen = {};
  var out = [];
  for (var i = 0; i < arr.length; i++) {
    var k = typeof arr[i] + ":" + String(arr[i]);
    if (!seen.hasOwnProperty(k)) {
      seen[k] = true;
      out.push(arr[i]);
    }
  }
  return out;
}

// isA(id, class) tells whether a node has rdf:type class (a local name such
// as "Deal" or "Organization").
function isA(id, cls) {
  // Not .Is(class).Count(): on Cayley v0.7.7's kv stores that fails with
  // "kv: not found" when the node has other types but not this one.
  return outs(id, dg("type")).indexOf(dg(cls)) >= 0;
}

// edges(id) lists a node's distinct edges in both directions, as objects
// {pred, dir: "out"|"in", node}. rdf:type and dg:mentionedIn edges are left
// out: every node of a class, or of a document, would otherwise be two hops
// from every other.
function edges(id) {
  var out = [];
  var seen = {};
  var type = dg("type");
  var mentionedIn = dg("mentionedIn");
  var add = function (rows, dir) {
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ln = localName(r.p);
      if (r.p === type || r.p === mentionedIn || ln === "matchKey" || ln === "shortForm") {
        continue;
      }
      var k = dir + r.p + r.id;
      if (!seen.hasOwnProperty(k)) {
        seen[k] = true;
        out.push({ pred: r.p, dir: dir, node: r.id });
      }
    }
  };
  // The store leaves out rdf:type and dg:mentionedIn itself (a company's
  // hundreds of documents are then not read).
  var except = [type, mentionedIn];
  add(links(id, "out", except), "out");
  add(links(id, "in", except), "in");
  return out;
}

// edgeLabel(e) writes an edge for display: "buyer →" or "← buyer".
function edgeLabel(e) {
  return e.dir === "out" ? localName(e.pred) + " →" : "← " + localName(e.pred);
}

// display(v) is how a node or literal is shown: a node by its name, a
// literal by its value.
function display(v) {
  return isIRI(v) ? nameOf(v) : lit(v);
}
