package analysis

// The authkit-nextjs calls that start a sign-in from the server: getSignInUrl and
// getSignUpUrl (they set the PKCE cookie since v3) and withAuth({ ensureSignedIn: true })
// (it sets the cookie and calls Next's redirect()). Several rules ask where these run.

import (
	shim "github.com/evanw/esbuild/shim"
)

// SignInCall names an authkit-nextjs call that starts a sign-in: "getSignInUrl",
// "getSignUpUrl", "withAuth" (with ensureSignedIn: true), or "" for any other expression.
func SignInCall(im Imports, e shim.Expr) (string, *shim.ECall) {
	call, ok := Unwrap(e).Data.(*shim.ECall)
	if !ok {
		return "", nil
	}
	imp, ok := im.Resolve(call.Target)
	if !ok || imp.Module != AuthKitNext {
		return "", nil
	}
	switch imp.Name {
	case "getSignInUrl", "getSignUpUrl":
		return imp.Name, call
	case "withAuth":
		if EnsuresSignedIn(call) {
			return "withAuth", call
		}
	}
	return "", nil
}

// EnsuresSignedIn reports a withAuth call whose options literal has ensureSignedIn: true.
func EnsuresSignedIn(call *shim.ECall) bool {
	if len(call.Args) == 0 {
		return false
	}
	v, _, found, _ := ObjectProp(call.Args[0], "ensureSignedIn")
	b, ok := Unwrap(v).Data.(*shim.EBoolean)
	return found && ok && b.Value
}
