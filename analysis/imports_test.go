package analysis

import (
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func TestImportsAndEnv(t *testing.T) {
	src := `import { useAuth as useWorkOSAuth } from "@workos-inc/authkit-react";
import * as R from "convex/react";
import Def from "./x";
useWorkOSAuth(); R.useQuery(); Def();
const a = process.env.WORKOS_CLIENT_ID, b = process.env["WORKOS_API_KEY"], c = import.meta.env.VITE_X;
`
	tree, problems := parser.ParseJS("a.tsx", src)
	if tree == nil {
		t.Fatal(problems)
	}
	im := ImportsOf(tree)
	var calls []Import
	var envs []string
	parser.Inspect(tree, func(n parser.Node, c *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		if call, ok := e.Data.(*shim.ECall); ok {
			if imp, ok := im.Resolve(call.Target); ok {
				calls = append(calls, imp)
			}
		}
		if name, ok := ProcessEnv(tree, e); ok {
			envs = append(envs, "process:"+name)
		}
		if name, ok := ImportMetaEnv(e); ok {
			envs = append(envs, "meta:"+name)
		}
		return true
	})
	want := []Import{{"@workos-inc/authkit-react", "useAuth"}, {"convex/react", "useQuery"}, {"./x", "default"}}
	if len(calls) != 3 || calls[0] != want[0] || calls[1] != want[1] || calls[2] != want[2] {
		t.Errorf("calls = %+v", calls)
	}
	if len(envs) != 3 || envs[0] != "process:WORKOS_CLIENT_ID" || envs[1] != "process:WORKOS_API_KEY" || envs[2] != "meta:VITE_X" {
		t.Errorf("envs = %v", envs)
	}
}
