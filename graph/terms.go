package graph

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// This file holds dealgraph's own N-Quads term encoder and line parser.
// Cayley's quad package escapes too little when writing (control
// characters, invalid UTF-8 and characters forbidden in IRIs pass through)
// and, when reading, converts typed literals to native Go values, which
// changes their datatype on the way back out (xsd:boolean becomes
// schema:Boolean). Export and ImportNQuads need an exact round trip, so they
// use these.

// appendTerm appends the N-Quads form of v to b.
func appendTerm(b []byte, v quad.Value) ([]byte, error) {
	switch v := v.(type) {
	case quad.IRI:
		return appendIRI(b, string(v)), nil
	case quad.BNode:
		return appendBNode(b, string(v)), nil
	case quad.String:
		return appendLiteral(b, string(v)), nil
	case quad.TypedString:
		b = appendLiteral(b, string(v.Value))
		b = append(b, '^', '^')
		return appendIRI(b, string(v.Type)), nil
	case quad.LangString:
		b = appendLiteral(b, string(v.Value))
		b = append(b, '@')
		return append(b, sanitizeLang(v.Lang)...), nil
	case quad.TypedStringer:
		return appendTerm(b, v.TypedString())
	case nil:
		return b, errors.New("missing value")
	default:
		return appendLiteral(b, quad.StringOf(v)), nil
	}
}

// termString is appendTerm for one value; values it cannot write come out
// as an empty literal (only nil does).
func termString(v quad.Value) string {
	b, _ := appendTerm(nil, v)
	return string(b)
}

func appendIRI(b []byte, s string) []byte {
	b = append(b, '<')
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b = append(b, `\uFFFD`...)
		case r <= 0x20, strings.ContainsRune("<>\"{}|^`\\", r):
			b = fmt.Appendf(b, `\u%04X`, r)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '>')
}

func appendBNode(b []byte, s string) []byte {
	b = append(b, '_', ':')
	if s == "" {
		return append(b, 'b')
	}
	for i, r := range s {
		ok := r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			(i > 0 && (r == '-' || r == '.' && i < len(s)-1))
		if ok {
			b = append(b, byte(r))
		} else {
			b = fmt.Appendf(b, "x%X", r)
		}
	}
	return b
}

func appendLiteral(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch r {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if r < 0x20 || r == 0x7f {
				b = fmt.Appendf(b, `\u%04X`, r)
			} else {
				b = utf8.AppendRune(b, r) // invalid bytes became U+FFFD
			}
		}
	}
	return append(b, '"')
}

func sanitizeLang(l string) string {
	var sb strings.Builder
	for _, r := range l {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			sb.WriteRune(r)
		}
	}
	if sb.Len() == 0 {
		return "und"
	}
	return sb.String()
}

// appendQuad appends one N-Quads line (an N-Triples line when withLabel is
// false or the quad has no label).
func appendQuad(b []byte, q quad.Quad, withLabel bool) ([]byte, error) {
	var err error
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object} {
		if i > 0 {
			b = append(b, ' ')
		}
		if b, err = appendTerm(b, v); err != nil {
			return b, fmt.Errorf("quad %v: %w", q, err)
		}
	}
	if withLabel && q.Label != nil {
		b = append(b, ' ')
		if b, err = appendTerm(b, q.Label); err != nil {
			return b, err
		}
	}
	return append(b, ' ', '.', '\n'), nil
}

// parseNQuad parses one N-Quads (or N-Triples) statement. Blank lines and
// comment lines give ok == false.
func parseNQuad(line string) (q quad.Quad, ok bool, err error) {
	p := &nqParser{s: line}
	p.skipSpace()
	if p.eof() || p.peek() == '#' {
		return q, false, nil
	}
	var terms []quad.Value
	for {
		p.skipSpace()
		if p.eof() {
			return q, false, errors.New("statement does not end with '.'")
		}
		if p.peek() == '.' {
			p.i++
			p.skipSpace()
			if !p.eof() && p.peek() != '#' {
				return q, false, fmt.Errorf("unexpected %q after '.'", p.s[p.i:])
			}
			break
		}
		if len(terms) == 4 {
			return q, false, errors.New("more than four terms")
		}
		v, err := p.term()
		if err != nil {
			return q, false, err
		}
		terms = append(terms, v)
	}
	if len(terms) < 3 {
		return q, false, fmt.Errorf("%d terms, want 3 or 4", len(terms))
	}
	// N-Quads: the subject and the graph label are IRIs or blank nodes,
	// the predicate an IRI. Anything else would be stored and then fail
	// the exports that need it (JSON-LD, Turtle).
	if !isNode(terms[0]) {
		return q, false, fmt.Errorf("the subject %s is not an IRI or a blank node", termString(terms[0]))
	}
	if _, ok := terms[1].(quad.IRI); !ok {
		return q, false, fmt.Errorf("the predicate %s is not an IRI", termString(terms[1]))
	}
	if len(terms) == 4 && !isNode(terms[3]) {
		return q, false, fmt.Errorf("the graph label %s is not an IRI or a blank node", termString(terms[3]))
	}
	q = quad.Quad{Subject: terms[0], Predicate: terms[1], Object: terms[2]}
	if len(terms) == 4 {
		q.Label = terms[3]
	}
	return q, true, nil
}

func isNode(v quad.Value) bool {
	switch v.(type) {
	case quad.IRI, quad.BNode:
		return true
	}
	return false
}

type nqParser struct {
	s string
	i int
}

func (p *nqParser) eof() bool  { return p.i >= len(p.s) }
func (p *nqParser) peek() byte { return p.s[p.i] }
func (p *nqParser) skipSpace() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\r' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *nqParser) term() (quad.Value, error) {
	switch c := p.peek(); {
	case c == '<':
		s, err := p.iri()
		return quad.IRI(s), err
	case c == '_' && strings.HasPrefix(p.s[p.i:], "_:"):
		p.i += 2
		start := p.i
		for !p.eof() && !strings.ContainsRune(" \t<\"", rune(p.peek())) {
			p.i++
		}
		lbl := p.s[start:p.i]
		if strings.HasSuffix(lbl, ".") && strings.TrimSpace(p.s[p.i:]) == "" {
			lbl = lbl[:len(lbl)-1]
			p.i--
		}
		if lbl == "" {
			return nil, errors.New("empty blank node label")
		}
		return quad.BNode(lbl), nil
	case c == '"':
		val, err := p.quoted()
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(p.s[p.i:], "^^") {
			p.i += 2
			if p.eof() || p.peek() != '<' {
				return nil, errors.New("datatype is not an IRI")
			}
			t, err := p.iri()
			if err != nil {
				return nil, err
			}
			return quad.TypedString{Value: quad.String(val), Type: quad.IRI(t)}, nil
		}
		if !p.eof() && p.peek() == '@' {
			p.i++
			start := p.i
			for !p.eof() && (p.peek() == '-' || p.peek() >= 'a' && p.peek() <= 'z' || p.peek() >= 'A' && p.peek() <= 'Z' || p.peek() >= '0' && p.peek() <= '9') {
				p.i++
			}
			return quad.LangString{Value: quad.String(val), Lang: p.s[start:p.i]}, nil
		}
		return quad.String(val), nil
	default:
		return nil, fmt.Errorf("unexpected %q", p.s[p.i:])
	}
}

func (p *nqParser) iri() (string, error) {
	p.i++ // '<'
	var sb strings.Builder
	for !p.eof() {
		c := p.peek()
		switch c {
		case '>':
			p.i++
			return sb.String(), nil
		case '\\':
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			sb.WriteRune(r)
		default:
			sb.WriteByte(c)
			p.i++
		}
	}
	return "", errors.New("unterminated IRI")
}

// simpleEscapes are N-Quads' one-letter string escapes.
var simpleEscapes = map[byte]byte{'t': '\t', 'b': '\b', 'n': '\n', 'r': '\r', 'f': '\f', '"': '"', '\'': '\'', '\\': '\\'}

func (p *nqParser) quoted() (string, error) {
	p.i++ // '"'
	var sb strings.Builder
	for !p.eof() {
		c := p.peek()
		switch c {
		case '"':
			p.i++
			return sb.String(), nil
		case '\\':
			if p.i+1 >= len(p.s) {
				return "", errors.New("dangling backslash")
			}
			e := p.s[p.i+1]
			if r, ok := simpleEscapes[e]; ok {
				sb.WriteByte(r)
				p.i += 2
				continue
			}
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			sb.WriteRune(r)
		default:
			sb.WriteByte(c)
			p.i++
		}
	}
	return "", errors.New("unterminated string literal")
}

// uchar reads \uXXXX or \UXXXXXXXX at p.i.
func (p *nqParser) uchar() (rune, error) {
	if p.i+1 >= len(p.s) {
		return 0, errors.New("dangling backslash")
	}
	n := 0
	switch p.s[p.i+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, fmt.Errorf("bad escape \\%c", p.s[p.i+1])
	}
	if p.i+2+n > len(p.s) {
		return 0, errors.New("short unicode escape")
	}
	v, err := strconv.ParseUint(p.s[p.i+2:p.i+2+n], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("bad unicode escape: %w", err)
	}
	p.i += 2 + n
	return rune(v), nil
}
