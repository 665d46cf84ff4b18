// Package extract turns Chinese news text into plain facts: organizations,
// countries, people, products and deals, each traceable to its sentence.
//
// It reads bytes (UTF-8, GB18030/GBK or Big5, simplified or traditional) and
// returns a Facts value. It must not import Cayley or anything under graph/
// or queries/: the graph package depends on extract, never the reverse.
package extract
