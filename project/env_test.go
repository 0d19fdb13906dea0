package project

import "testing"

func TestClassifyEnvFile(t *testing.T) {
	cases := []struct {
		name     string
		env      Env
		template bool
	}{
		{".env", EnvAll, false},
		{".env.local", EnvDev, false},
		{".env.development", EnvDev, false},
		{".env.development.local", EnvDev, false},
		{".env.production", EnvProd, false},
		{".env.production.local", EnvProd, false},
		{".env.test", EnvTest, false},
		{".env.example", EnvAll, true},
		{".env.local.example", EnvDev, true},
		{".env.production.sample", EnvProd, true},
		{".env.staging", EnvOther, false},
	}
	for _, c := range cases {
		env, tmpl := ClassifyEnvFile("/x/" + c.name)
		if env != c.env || tmpl != c.template {
			t.Errorf("%s: got %v,%v want %v,%v", c.name, env, tmpl, c.env, c.template)
		}
	}
}
