package analysis

import (
	"path/filepath"
	"testing"
)

func TestRangeAtLeast(t *testing.T) {
	v3 := Version{Major: 3}
	for _, c := range []struct {
		spec string
		want Tri
	}{
		{"^3.0.0", Yes}, {"^3", Yes}, {"3.x", Yes}, {"3", Yes}, {"~3.1.2", Yes}, {"3.0.1", Yes},
		{">=3", Yes}, {">= 3.0.0 <5", Yes}, {"^3 || ^4", Yes}, {"v4.1.0", Yes}, {"4.0.0-beta.1", Yes},
		{"^2.17.0", No}, {"~2.16", No}, {"2.x", No}, {"<3", No}, {"<=2.9.9", No}, {"1.0.0 - 2.5", No},
		{"^2 || ^3", Unknown}, {">=2", Unknown}, {"*", Unknown}, {"latest", Unknown}, {"", Unknown},
		{"github:workos/authkit-nextjs", Unknown}, {"^0.3.0", No},
	} {
		if got := ParseRange(c.spec).AtLeast(v3); got != c.want {
			t.Errorf("%q AtLeast 3: got %v, want %v", c.spec, got, c.want)
		}
	}
	if got := ParseRange("^2.16.0").AtLeast(Version{2, 16, 0}); got != Yes {
		t.Errorf("^2.16.0 AtLeast 2.16.0: got %v", got)
	}
	if got := ParseRange("~2.15.9").AtLeast(Version{2, 16, 0}); got != No {
		t.Errorf("~2.15.9 AtLeast 2.16.0: got %v", got)
	}
}

func TestDependencyRangeSpecifiers(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{"name": "mono", "workspaces": ["apps/*", "packages/*"],
 "catalog": {"next": "^16.0.0"}}
-- pnpm-workspace.yaml --
packages:
  - apps/*
catalog:
  '@workos-inc/authkit-nextjs': ^4.1.0 # current
  react: 19.0.0
catalogs:
  legacy:
    "@workos-inc/authkit-nextjs": "~2.17.0"
  next:
    convex: ^1.27.0
-- apps/web/package.json --
{"dependencies": {"@workos-inc/authkit-nextjs": "catalog:", "convex": "catalog:next", "next": "catalog:"}}
-- apps/old/package.json --
{"dependencies": {"@workos-inc/authkit-nextjs": "catalog:legacy", "convex": "catalog:missing"}}
-- apps/ws/package.json --
{"dependencies": {"@workos-inc/authkit-nextjs": "workspace:*", "next": "npm:next@^15.2.0", "convex": "workspace:^1.20.0"}}
-- packages/authkit/package.json --
{"name": "@workos-inc/authkit-nextjs", "version": "3.1.0"}
`)
	for _, c := range []struct {
		root, pkg string
		v         Version
		want      Tri
	}{
		{"apps/web", "@workos-inc/authkit-nextjs", Version{Major: 3}, Yes},
		{"apps/web", "convex", Version{1, 27, 0}, Yes},
		{"apps/web", "next", Version{Major: 16}, Yes}, // the root package.json's catalog (Bun)
		{"apps/old", "@workos-inc/authkit-nextjs", Version{Major: 3}, No},
		{"apps/old", "convex", Version{Major: 1}, Unknown},
		{"apps/ws", "@workos-inc/authkit-nextjs", Version{Major: 3}, Yes},
		{"apps/ws", "next", Version{Major: 16}, No},
		{"apps/ws", "convex", Version{1, 20, 0}, Yes},
		{"apps/ws", "react", Version{Major: 19}, Unknown}, // not listed
	} {
		if got := PackageAtLeast(p, p.RootOf(filepath.Join(dir, c.root)), c.pkg, c.v); got != c.want {
			t.Errorf("%s %s AtLeast %v: got %v, want %v", c.root, c.pkg, c.v, got, c.want)
		}
	}
}
