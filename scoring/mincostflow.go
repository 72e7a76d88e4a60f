package scoring

import "math"

// flowGraph is a directed network for a minimum-cost maximum flow, kept
// as paired residual arcs (arc i and i^1 are each other's reverse).
type flowGraph struct {
	head []int32 // first arc of each node, -1 for none
	next []int32 // next arc of the same tail
	to   []int32
	cap  []int32
	cost []int64
}

// newFlowGraph makes a network of n nodes without arcs.
func newFlowGraph(n int) *flowGraph {
	g := &flowGraph{head: make([]int32, n)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

// addNode adds a node and returns its index.
func (g *flowGraph) addNode() int {
	g.head = append(g.head, -1)
	return len(g.head) - 1
}

// addArc adds an arc u->v of capacity c and cost w and returns its index
// (its flow is the capacity of the reverse arc, flow(i)).
func (g *flowGraph) addArc(u, v, c int, w int64) int {
	i := len(g.to)
	g.to = append(g.to, int32(v), int32(u))
	g.cap = append(g.cap, int32(c), 0)
	g.cost = append(g.cost, w, -w)
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u], g.head[v] = int32(i), int32(i+1)
	return i
}

// flow is the flow on arc i.
func (g *flowGraph) flow(i int) int { return int(g.cap[i^1]) }

// minCostMaxFlow sends a maximum flow from s to t of minimum cost among
// maximum flows, by successive shortest paths with potentials (Dijkstra
// on reduced costs) and, per distance, a blocking flow on the arcs of
// zero reduced cost (Dinic). order lists the nodes in a topological
// order of the initial network (which may have negative costs but no
// cycle), to start the potentials. It returns the flow's value and cost.
func (g *flowGraph) minCostMaxFlow(s, t int, order []int) (int, int64) {
	n := len(g.head)
	const inf = math.MaxInt64 / 4
	pot := make([]int64, n)
	for i := range pot {
		pot[i] = inf
	}
	pot[s] = 0
	for _, u := range order { // shortest distances in a DAG
		if pot[u] == inf {
			continue
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] > 0 && pot[u]+g.cost[a] < pot[g.to[a]] {
				pot[g.to[a]] = pot[u] + g.cost[a]
			}
		}
	}
	for i := range pot {
		if pot[i] == inf {
			pot[i] = 0 // unreachable from s: never on a path
		}
	}
	dist := make([]int64, n)
	level := make([]int32, n)
	iter := make([]int32, n)
	queue := make([]int32, 0, n)
	total, cost := 0, int64(0)
	for {
		if !g.dijkstra(s, pot, dist) || dist[t] == inf {
			return total, cost
		}
		maxd := int64(0)
		for _, d := range dist {
			if d != inf && d > maxd {
				maxd = d
			}
		}
		for i := range pot {
			if dist[i] == inf {
				pot[i] += maxd
			} else {
				pot[i] += dist[i]
			}
		}
		for g.levels(s, t, pot, level, queue) {
			copy(iter, g.head)
			for {
				f := g.augment(s, t, pot, level, iter)
				if f == 0 {
					break
				}
				total += f
				cost += int64(f) * (pot[t] - pot[s])
			}
		}
	}
}

// dijkstra computes in dist the shortest reduced-cost distances from s;
// it reports whether any node but s was reached.
func (g *flowGraph) dijkstra(s int, pot, dist []int64) bool {
	const inf = math.MaxInt64 / 4
	for i := range dist {
		dist[i] = inf
	}
	dist[s] = 0
	h := distHeap{{node: int32(s)}}
	reached := false
	for len(h) > 0 {
		it := h.pop()
		u := int(it.node)
		if it.d != dist[u] {
			continue
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] == 0 {
				continue
			}
			v := int(g.to[a])
			nd := dist[u] + g.cost[a] + pot[u] - pot[v]
			if nd < dist[v] {
				dist[v] = nd
				reached = true
				h.push(distItem{d: nd, node: int32(v)})
			}
		}
	}
	return reached
}

// admissible reports whether residual arc a from u has zero reduced cost.
func (g *flowGraph) admissible(u int, a int32, pot []int64) bool {
	return g.cap[a] > 0 && g.cost[a]+pot[u]-pot[g.to[a]] == 0
}

// levels numbers the nodes by breadth-first distance from s over
// admissible arcs; it reports whether t is reached.
func (g *flowGraph) levels(s, t int, pot []int64, level []int32, queue []int32) bool {
	for i := range level {
		level[i] = -1
	}
	level[s] = 0
	queue = append(queue[:0], int32(s))
	for qi := 0; qi < len(queue); qi++ {
		u := int(queue[qi])
		for a := g.head[u]; a >= 0; a = g.next[a] {
			v := g.to[a]
			if level[v] < 0 && g.admissible(u, a, pot) {
				level[v] = level[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return level[t] >= 0
}

// augment pushes one unit-bottleneck-or-more path of the level graph
// from s to t (iteratively, with the current-arc pointers iter) and
// returns the amount pushed, 0 when the level graph is blocked.
func (g *flowGraph) augment(s, t int, pot []int64, level []int32, iter []int32) int {
	var path []int32 // arcs
	u := s
	for {
		if u == t {
			f := int32(math.MaxInt32)
			for _, a := range path {
				f = min(f, g.cap[a])
			}
			for _, a := range path {
				g.cap[a] -= f
				g.cap[a^1] += f
			}
			return int(f)
		}
		a := iter[u]
		for ; a >= 0; a = g.next[a] {
			v := g.to[a]
			if level[v] == level[u]+1 && g.admissible(u, a, pot) {
				break
			}
		}
		iter[u] = a
		if a >= 0 {
			path = append(path, a)
			u = int(g.to[a])
			continue
		}
		if u == s {
			return 0
		}
		level[u] = -1 // dead end: retreat
		last := path[len(path)-1]
		path = path[:len(path)-1]
		u = int(g.to[last^1])
		iter[u] = g.next[iter[u]]
	}
}

// distItem is a node with its tentative distance.
type distItem struct {
	d    int64
	node int32
}

// distHeap is a binary min-heap of distItems, ties by node.
type distHeap []distItem

func (h distHeap) less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	return h[i].node < h[j].node
}

func (h *distHeap) push(it distItem) {
	*h = append(*h, it)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if !a.less(i, p) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *distHeap) pop() distItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(a) && a.less(l, m) {
			m = l
		}
		if r < len(a) && a.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
