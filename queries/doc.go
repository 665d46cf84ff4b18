// Package queries runs Gizmo queries against dealgraph's store.
//
// Gizmo is Cayley's JavaScript-like query language. This package runs it
// through Cayley's own query session, adding what a command-line user needs:
// a time limit that also stops runaway JavaScript, a row limit, duplicate
// removal (the same triple may be stored once per source document), readable
// values (plain text for strings, numbers for xsd:decimal amounts, IRIs in
// angle brackets), and syntax errors that say where they are.
//
// It also ships named queries (named/*.js, embedded) that answer the common
// questions by the Chinese names users know: a company's deals, partners and
// people, a country's companies, deal totals per country, a path between two
// entities, an entity's neighbourhood. Every query, named or typed by hand,
// can use the helpers of prelude.js (entity, need, nameOf, lit, dg, ...).
//
// The package only reads the store. It knows the graph through the
// vocabulary of package graph and must not depend on how package extract
// reads articles.
package queries
