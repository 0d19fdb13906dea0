package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../schema/convex-workos-lint.schema.json"

func configSchema(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("config.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s, doc.(map[string]any)
}

// TestConfigSchema checks that the schema and LoadConfig agree: on the README's example, on
// every top-level key, and on a table of valid and invalid configs.
func TestConfigSchema(t *testing.T) {
	schema, doc := configSchema(t)
	dir := t.TempDir()
	check := func(name, src string) (schemaOK, loaderOK bool) {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join(dir, ConfigFileName)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, lerr := LoadConfig(path)
		return schema.Validate(inst) == nil, lerr == nil
	}
	cases := []struct {
		name, src string
		valid     bool
	}{
		{"readme", `{"rules": {"missing-env-var": "off", "hardcoded-client-id": "warn"}, "ignore": ["legacy/**", "**/*.stories.tsx"], "envFiles": ["config/workos.env"]}`, true},
		{"empty", `{}`, true},
		{"schema key", `{"$schema": "./schema/convex-workos-lint.schema.json"}`, true},
		{"every severity", `{"rules": {"hardcoded-client-id": "error", "missing-env-var": "warning", "workos-issuer": "off"}}`, true},
		{"unknown key", `{"rule": {}}`, false},
		{"bad severity", `{"rules": {"hardcoded-client-id": "on"}}`, false},
		{"numeric severity", `{"rules": {"hardcoded-client-id": 2}}`, false},
		{"rules not an object", `{"rules": ["hardcoded-client-id"]}`, false},
		{"ignore not a list", `{"ignore": "legacy/**"}`, false},
		{"ignore of numbers", `{"ignore": [1]}`, false},
		{"envFiles not a list", `{"envFiles": ".env.shared"}`, false},
		{"envFiles relative", `{"envFiles": ["../shared/.env", "config\\workos.env"]}`, true},
		{"envFiles absolute", `{"envFiles": ["/etc/app/.env"]}`, false},
		{"maxFileSize", `{"maxFileSize": 8388608}`, true},
		{"maxFileSize at the limit", `{"maxFileSize": 268435456}`, true},
		{"maxFileSize over the limit", `{"maxFileSize": 268435457}`, false},
		{"maxFileSize zero", `{"maxFileSize": 0}`, false},
		{"maxFileSize fraction", `{"maxFileSize": 1.5}`, false},
		{"maxFileSize string", `{"maxFileSize": "8 MiB"}`, false},
		{"envFiles absolute Windows", `{"envFiles": ["C:\\app\\.env"]}`, false},
		{"envFiles absolute UNC", `{"envFiles": ["\\\\host\\share\\.env"]}`, false},
		{"not an object", `[]`, false},
	}
	for _, c := range cases {
		s, l := check(c.name, c.src)
		if s != c.valid || l != c.valid {
			t.Errorf("%s: schema valid %v, loader accepts %v, want %v", c.name, s, l, c.valid)
		}
	}
	// Every key the schema names is one the loader accepts, and the loader knows no other.
	props := doc["properties"].(map[string]any)
	var keys []string
	for k := range props {
		keys = append(keys, k)
		value := map[string]string{"rules": `{}`, "maxFileSize": `1048576`}[k]
		if value == "" {
			value = `[]`
		}
		if _, ok := check(k, `{"`+k+`": `+value+`}`); !ok && k != "$schema" {
			t.Errorf("schema key %q: the loader rejects it", k)
		}
	}
	slices.Sort(keys)
	if want := []string{"$schema", "envFiles", "ignore", "maxFileSize", "rules"}; !slices.Equal(keys, want) {
		t.Errorf("schema keys %v, want %v", keys, want)
	}
	// Every registered rule ID fits the schema's rule names.
	var all []string
	for _, r := range rules.All() {
		all = append(all, `"`+r.ID+`": "off"`)
	}
	if s, l := check("all rules", `{"rules": {`+strings.Join(all, ", ")+`}}`); !s || !l {
		t.Errorf("every rule off: schema valid %v, loader accepts %v", s, l)
	}
	if _, ok := check("$schema", `{"$schema": "x"}`); !ok {
		t.Error("the loader rejects $schema")
	}
}
