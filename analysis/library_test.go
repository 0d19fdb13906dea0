package analysis

import (
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

const libraryArchive = `
-- package.json --
{"private": true, "workspaces": ["apps/*", "packages/*"]}
-- loose.ts --
import { useQuery } from "convex/react";
-- packages/convex/package.json --
{"name": "convex", "main": "index.js"}
-- packages/convex/src/react.ts --
import { useQuery } from "convex/react";
-- packages/node/package.json --
{"name": "@workos-inc/node"}
-- packages/node/index.ts --
import { WorkOS } from "@workos-inc/node";
-- packages/kit/package.json --
{"name": "@workos/authkit-tanstack-react-start"}
-- packages/kit/index.ts --
import "@workos-inc/authkit-react";
-- packages/demo/package.json --
{"name": "@workos-inc/demo", "private": true}
-- packages/demo/app.tsx --
import { useQuery } from "convex/react";
-- packages/backend/package.json --
{"name": "convex"}
-- packages/backend/convex/users.ts --
import { query } from "./_generated/server";
import { useQuery } from "convex/react";
-- packages/convex-helpers/package.json --
{"name": "convex-helpers"}
-- packages/convex-helpers/index.ts --
import { useQuery } from "convex/react";
-- apps/web/package.json --
{"name": "web", "dependencies": {"convex": "1"}}
-- apps/web/app.tsx --
import { useQuery } from "convex/react";
`

// TestLibrarySource: published convex, @workos-inc/* and @workos/* packages are library
// source; a private package of that scope, a package holding a Convex deployment, other
// names, apps and files outside any package are not. Seeds and AppFiles leave library
// source out.
func TestLibrarySource(t *testing.T) {
	p, dir := loadArchive(t, libraryArchive)
	var lib []string
	for _, f := range p.Files {
		if LibrarySource(p, f) {
			lib = append(lib, relOf(dir, f))
		}
	}
	want := "packages/convex/package.json packages/convex/src/react.ts packages/kit/index.ts packages/kit/package.json packages/node/index.ts packages/node/package.json"
	if got := strings.Join(lib, " "); got != want {
		t.Errorf("library source = %s\nwant %s", got, want)
	}
	var seeds []string
	for _, ff := range GraphOf(p).Seeds() {
		seeds = append(seeds, relOf(dir, ff.File))
	}
	if got, want := strings.Join(seeds, " "), "apps/web/app.tsx loose.ts packages/backend/convex/users.ts packages/convex-helpers/index.ts packages/demo/app.tsx"; got != want {
		t.Errorf("seeds = %s\nwant %s", got, want)
	}
	for _, f := range AppFiles(p) {
		if f.Kind == project.KindJS && LibrarySource(p, f) {
			t.Errorf("AppFiles holds library source %s", relOf(dir, f))
		}
	}
	if n := len(AppFiles(p)); n != len(p.Files)-3 {
		t.Errorf("AppFiles has %d files, want every file but the 3 library JS files (%d)", n, len(p.Files)-3)
	}
}
