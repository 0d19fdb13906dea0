module github.com/convex-workos-lint/convex-workos-lint/release

go 1.26.0
