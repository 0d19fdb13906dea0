package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	shim "github.com/evanw/esbuild/shim"
)

// effectWaitsForConvex reports conditions on the way to an effect's Convex call that wait for
// Convex: a mention of its auth state, or Convex data the path needs to be there. Data the path
// needs to be missing proves nothing (`if (user && !currentUser) createUser()` fires while the
// query is still loading, or after it ran without a token); data that is there does
// (`if (!user || !unread?.length) return`).
func (t *gateTaint) effectWaitsForConvex(conds *analysis.CondList) bool {
	for l := conds; l != nil; l = l.Up {
		if t.mentionsConvexAuth(l.Cond.Test) || t.requiresData(l.Cond.Test, !l.Cond.Negated) {
			return true
		}
	}
	return false
}

// requiresData reports whether e evaluating to want needs Convex data (or the client's token)
// to have arrived.
func (t *gateTaint) requiresData(e shim.Expr, want bool) bool {
	e = analysis.Unwrap(e)
	switch v := e.Data.(type) {
	case *shim.EUnary:
		if v.Op == shim.UnOpNot {
			return t.requiresData(v.Value, !want)
		}
	case *shim.EBinary:
		switch v.Op {
		case shim.BinOpLogicalAnd:
			return want && (t.requiresData(v.Left, true) || t.requiresData(v.Right, true))
		case shim.BinOpLogicalOr:
			return !want && (t.requiresData(v.Left, false) || t.requiresData(v.Right, false))
		case shim.BinOpNullishCoalescing:
			return false // `data ?? fallback`: either side
		case shim.BinOpStrictEq, shim.BinOpLooseEq, shim.BinOpStrictNe, shim.BinOpLooseNe:
			eq := v.Op == shim.BinOpStrictEq || v.Op == shim.BinOpLooseEq
			side, other := v.Left, v.Right
			if !t.mentionsRefs(side, t.convexData) {
				side, other = v.Right, v.Left
			}
			if !t.mentionsRefs(side, t.convexData) {
				return false
			}
			switch analysis.Unwrap(other).Data.(type) {
			case *shim.EUndefined:
				return want != eq // `data !== undefined`: loaded
			case *shim.ENull:
				if v.Op == shim.BinOpStrictEq || v.Op == shim.BinOpStrictNe {
					return want == eq // `data === null`: loaded, and empty
				}
				return want != eq // `data != null`: loaded, not empty
			}
			return want && eq // `data.status === "done"`: there
		case shim.BinOpLt, shim.BinOpLe, shim.BinOpGt, shim.BinOpGe:
			return want && (t.mentionsRefs(v.Left, t.convexData) || t.mentionsRefs(v.Right, t.convexData))
		}
	}
	return want && t.mentionsRefs(e, t.convexData)
}

// waitsForConvexAuth reports conditions that mention Convex's auth state.
func (t *gateTaint) waitsForConvexAuth(conds *analysis.CondList) bool {
	if conds == nil || conds.Truncated {
		return false
	}
	for l := conds; l != nil; l = l.Up {
		if t.mentionsConvexAuth(l.Cond.Test) {
			return true
		}
	}
	return false
}
