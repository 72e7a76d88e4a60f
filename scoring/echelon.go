package scoring

// echelon is a fully reduced row echelon basis, over the integers modulo
// modP, of the span of the rows added to it. Every basis row also records
// the combination of added rows it equals (its provenance), so that a
// vector found to be in the span can be written as a combination of the
// rows that were added — the published totals that determine it.
//
// Rows are 0/1 vectors given by their nonzero columns, or unit vectors.
// Because the basis is fully reduced (each basis row is 0 on every other
// basis row's pivot column), reducing a 0/1 row costs one subtraction of
// a basis row per pivot column it touches, without multiplications.
type echelon struct {
	m     int        // number of columns
	rows  [][]uint64 // basis rows, dense
	piv   []int      // pivot column of each basis row
	rowOf []int      // column -> basis row, -1 for a free column
	prov  [][]uint64 // basis row -> coefficients over the added rows
	added int        // rows added so far
	max   int        // capacity of the provenance vectors
}

// newEchelon returns an empty basis over m columns for up to maxRows
// added rows.
func newEchelon(m, maxRows int) *echelon {
	e := &echelon{m: m, rowOf: make([]int, m), max: maxRows}
	for c := range e.rowOf {
		e.rowOf[c] = -1
	}
	return e
}

// add01 adds the row with 1 in the columns cols (distinct) and 0
// elsewhere, and reports whether it enlarged the span. The row is the
// next added row (its index is the number of rows added before). A basis
// made with maxRows 0 keeps no provenance.
func (e *echelon) add01(cols []int32) bool {
	k := e.added
	e.added++
	r := make([]uint64, e.m)
	for _, c := range cols {
		r[c] = addP(r[c], 1)
	}
	for _, c := range cols {
		if i := e.rowOf[c]; i >= 0 {
			// r[c] is still 1: earlier subtractions do not touch pivot columns.
			subRow(r, e.rows[i], 1)
		}
	}
	if zeroVec(r) {
		return false
	}
	var p []uint64
	if e.max > 0 {
		p = make([]uint64, e.max)
		p[k] = 1
		for _, c := range cols {
			if i := e.rowOf[c]; i >= 0 {
				subRow(p, e.prov[i], 1)
			}
		}
	}
	return e.insert(r, p)
}

// insert adds the reduced row r (0 on every pivot column) with provenance
// p as a new basis row when it is not zero.
func (e *echelon) insert(r, p []uint64) bool {
	q := -1
	for c, x := range r {
		if x != 0 {
			q = c
			break
		}
	}
	if q < 0 {
		return false
	}
	if r[q] != 1 {
		inv := invP(r[q])
		scaleRow(r, inv)
		scaleRow(p, inv)
	}
	for i, b := range e.rows {
		if f := b[q]; f != 0 {
			subRow(b, r, f)
			if p != nil {
				subRow(e.prov[i], p, f)
			}
		}
	}
	e.rowOf[q] = len(e.rows)
	e.rows = append(e.rows, r)
	e.piv = append(e.piv, q)
	e.prov = append(e.prov, p)
	return true
}

// subRow sets a -= f*b.
func subRow(a, b []uint64, f uint64) {
	if f == 1 {
		for i, x := range b {
			if x != 0 {
				a[i] = subP(a[i], x)
			}
		}
		return
	}
	for i, x := range b {
		if x != 0 {
			a[i] = subP(a[i], mulP(f, x))
		}
	}
}

// scaleRow sets a *= f.
func scaleRow(a []uint64, f uint64) {
	for i, x := range a {
		if x != 0 {
			a[i] = mulP(x, f)
		}
	}
}

// combination returns the coefficients over the added rows of the vector
// t (dense, length m) when t lies in the span, computed as the sum of
// t[pivot] times each basis row's provenance. For t outside the span the
// result is meaningless.
func (e *echelon) combination(t []uint64) []uint64 {
	out := make([]uint64, e.max)
	for i, c := range e.piv {
		if f := t[c]; f != 0 {
			subRow(out, e.prov[i], negP(f))
		}
	}
	return out
}

// nullSpace is a basis of the vectors x with r·x = 0 for every row r of
// the span, stored column by column: vec(c) is the c-th coordinate of
// every basis vector. A vector t is in the span if and only if
// sum over c of t[c]*vec(c) is zero, so sums of vec over the columns of
// a target decide whether the target is determined.
type nullSpace struct {
	m, f int
	data []uint64 // column c -> data[c*f : c*f+f]
}

// vec returns column c's coordinates (the space's own storage).
func (n *nullSpace) vec(c int) []uint64 { return n.data[c*n.f : c*n.f+n.f] }

// null returns the null space of the basis: one basis vector per free
// column j (1 at j, minus the basis rows' entries at j on their pivots).
func (e *echelon) null() *nullSpace {
	var free []int
	index := make([]int, e.m)
	for c := range e.m {
		index[c] = -1
		if e.rowOf[c] < 0 {
			index[c] = len(free)
			free = append(free, c)
		}
	}
	n := &nullSpace{m: e.m, f: len(free), data: make([]uint64, e.m*len(free))}
	for c := range e.m {
		v := n.vec(c)
		if j := index[c]; j >= 0 {
			v[j] = 1
			continue
		}
		b := e.rows[e.rowOf[c]]
		for j, fc := range free {
			v[j] = negP(b[fc])
		}
	}
	return n
}

// zeroVec reports whether v is all zeros.
func zeroVec(v []uint64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// addVec sets a += b.
func addVec(a, b []uint64) {
	for i, x := range b {
		if x != 0 {
			a[i] = addP(a[i], x)
		}
	}
}
