// Package graph stores dealgraph's facts as RDF quads in an embedded Cayley
// quad store, and writes them out in the usual RDF and graph formats.
//
// It is the only package that knows how facts become quads: Quads turns one
// document's extract.Facts into a deterministic list of quads, each labelled
// with the document's IRI, using the vocabulary in vocab.go (the contract in
// shared/SCHEMA.md). Store wraps a Cayley quad store (bolt, leveldb or
// memstore) and loads documents idempotently: loading a document replaces
// that document's quads in one transaction and leaves every other document
// alone; the additions are written straight into Cayley's kv layout by
// bulkAdd (bulk.go), key for key what Cayley's ApplyDeltas would write, at
// less CPU. Export and ImportNQuads move a store's content in and out as
// N-Quads, N-Triples, Turtle, JSON-LD, GraphML or DOT.
//
// Dependencies: graph imports extract only for its plain border types
// (extract.Facts and what it holds). It must not import the segmenter (gse)
// or anything of extract's internals, and it never imports queries/: the
// query engine sits on top of Store.QuadStore, not the other way round.
package graph
