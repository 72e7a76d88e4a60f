package scoring

import "math/bits"

// Arithmetic in the field of integers modulo the Mersenne prime 2^61 - 1,
// used by the disclosure audit (audit.go): every published total is a sum
// of unknowns with coefficient 1, so whether a hidden total is determined
// by the published ones is a question of rank, which exact elimination
// modulo a large prime answers without rounding. The rank modulo p can
// only be lower than the rank over the rationals (when p divides every
// maximal minor, which for a prime of this size does not happen in
// practice), and a lower rank can only make more totals look determined:
// the audit errs on the side of hiding.

// modP is the prime 2^61 - 1.
const modP = 1<<61 - 1

// addP returns a + b mod p for a, b < p.
func addP(a, b uint64) uint64 {
	s := a + b
	if s >= modP {
		s -= modP
	}
	return s
}

// subP returns a - b mod p for a, b < p.
func subP(a, b uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a + modP - b
}

// negP returns -a mod p for a < p.
func negP(a uint64) uint64 {
	if a == 0 {
		return 0
	}
	return modP - a
}

// mulP returns a * b mod p for a, b < p.
func mulP(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	// a*b = hi*2^64 + lo and 2^64 = 8 * 2^61 = 8 (mod p).
	r := (lo & modP) + (lo >> 61) + (hi << 3)
	r = (r & modP) + (r >> 61)
	if r >= modP {
		r -= modP
	}
	return r
}

// invP returns the inverse of a != 0 mod p (Fermat: a^(p-2)).
func invP(a uint64) uint64 {
	result, base := uint64(1), a
	for e := uint64(modP - 2); e > 0; e >>= 1 {
		if e&1 == 1 {
			result = mulP(result, base)
		}
		base = mulP(base, base)
	}
	return result
}
