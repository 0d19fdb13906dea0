package analysis

// The @convex-dev/workos-authkit component as a deployment uses it: `app.use(workOSAuthKit)` in
// convex.config.ts, the `new AuthKit(components.workOSAuthKit, options)` instances of its
// functions directory, and what is called on them (events, actions, registerRoutes,
// getAuthConfigProviders), across the directory's files. Facts from the component's source,
// @convex-dev/workos-authkit 0.2.7 (src/client/index.ts, src/component/lib.ts).

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// ConvexAuthKitComponent is the component's package.
const ConvexAuthKitComponent = "@convex-dev/workos-authkit"

// AuthKitDefaultEvents are the WorkOS events the component asks for without
// additionalEventTypes (lib.ts updateEvents).
var AuthKitDefaultEvents = []string{"user.created", "user.updated", "user.deleted"}

// AuthKitOptionEnv maps the constructor's options to the variable each falls back to; the
// constructor throws "Missing environment variables" for the first three when both are
// missing. WORKOS_ACTION_SECRET is read only by the /workos/action route.
var AuthKitOptionEnv = []struct{ Option, Env string }{
	{"clientId", "WORKOS_CLIENT_ID"}, {"apiKey", "WORKOS_API_KEY"}, {"webhookSecret", "WORKOS_WEBHOOK_SECRET"},
	{"actionSecret", "WORKOS_ACTION_SECRET"},
}

// AuthKitInstance is one `new AuthKit(component, options)`.
type AuthKitInstance struct {
	File       *project.File
	Module     *Module
	New        *shim.ENew
	Start, End int      // the AuthKit name after `new`
	Ref        shim.Ref // the top-level binding holding it; the zero Ref when there is none
	HasRef     bool
	// Options are the constructor's options object; OptionsKnown is false when it is not a
	// literal (a variable from elsewhere, a spread), so absent keys prove nothing.
	Options      map[string]OptionProp
	OptionsKnown bool
	Calls        []*InstanceCall
}

// OptionProp is one key of the options object.
type OptionProp struct {
	Value              shim.Expr
	KeyStart, KeyEnd   int
	ValueStart, ValEnd int
}

// InstanceCall is a method called on an instance: authKit.events({...}).
type InstanceCall struct {
	Method     string
	File       *project.File
	Module     *Module
	Call       *shim.ECall
	Start, End int // the method name
	// Exported are the names the call's result is exported under, read from
	// `export const { authKitEvent } = authKit.events(...)` or `export const x = …`.
	Exported []string
}

// AuthKitDeployment is the component's use in one Convex deployment.
type AuthKitDeployment struct {
	Root      *project.Root
	Instances []*AuthKitInstance
	// Installed is the app.use(workOSAuthKit) call of convex.config; nil when absent.
	ConfigFile *project.File
	Installed  *shim.ECall
}

type authKitDeploymentKey struct{}

// AuthKitDeploymentOf is the component's use in a deployment (in the root's Memo); nil when
// no package of the project depends on the component or the deployment constructs no AuthKit.
func AuthKitDeploymentOf(p *project.Project, r *project.Root) *AuthKitDeployment {
	if r == nil || !r.HasConvex || !dependsOnComponent(p) {
		return nil
	}
	d, _ := r.Memo(authKitDeploymentKey{}, func() any { return readAuthKitDeployment(p, r) }).(*AuthKitDeployment)
	return d
}

// AuthKitDeployments lists the deployments that construct the component's AuthKit.
func AuthKitDeployments(p *project.Project) []*AuthKitDeployment {
	var out []*AuthKitDeployment
	for _, r := range p.Deployments() {
		if d := AuthKitDeploymentOf(p, r); d != nil {
			out = append(out, d)
		}
	}
	return out
}

func dependsOnComponent(p *project.Project) bool {
	for _, r := range p.Roots {
		if r.Deps[ConvexAuthKitComponent] {
			return true
		}
	}
	return false
}

// functionFiles are the deployment's JS files, tests excluded, in path order.
func functionFiles(p *project.Project, r *project.Root) []*project.File {
	var out []*project.File
	for _, f := range p.Files {
		if f.Kind == project.KindJS && strings.HasPrefix(f.Path, r.FunctionsDir+string(filepath.Separator)) && !IsTestPath(f.Path) {
			out = append(out, f)
		}
	}
	return out
}

func readAuthKitDeployment(p *project.Project, r *project.Root) *AuthKitDeployment {
	d := &AuthKitDeployment{Root: r}
	files := functionFiles(p, r)
	for _, f := range files {
		src, err := f.Content()
		if err != nil || !strings.Contains(src, ConvexAuthKitComponent) {
			continue
		}
		m := ModuleOf(f)
		if m == nil {
			continue
		}
		if strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path)) == "convex.config" {
			d.readConfig(m)
		}
		d.Instances = append(d.Instances, instancesIn(m)...)
	}
	if len(d.Instances) == 0 {
		return nil
	}
	for _, f := range files {
		src, err := f.Content()
		if err != nil || !strings.Contains(src, ".events(") && !strings.Contains(src, ".actions(") &&
			!strings.Contains(src, ".registerRoutes(") && !strings.Contains(src, ".getAuthConfigProviders(") {
			continue
		}
		if m := ModuleOf(f); m != nil {
			d.callsIn(p, m)
		}
	}
	return d
}

// readConfig finds `app.use(workOSAuthKit)` with the component's convex.config default export.
func (d *AuthKitDeployment) readConfig(m *Module) {
	parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok || d.Installed != nil {
			return d.Installed == nil
		}
		call, ok := x.Data.(*shim.ECall)
		if !ok || len(call.Args) == 0 {
			return true
		}
		if dot, ok := call.Target.Data.(*shim.EDot); ok && dot.Name == "use" &&
			m.Imports.Is(call.Args[0], "default", ConvexAuthKitComponent+"/convex.config", ConvexAuthKitComponent+"/convex.config.js") {
			d.ConfigFile, d.Installed = m.File, call
		}
		return true
	})
}

// instancesIn finds the `new AuthKit(...)` expressions of a module.
func instancesIn(m *Module) []*AuthKitInstance {
	var out []*AuthKitInstance
	bound := map[*shim.ENew]shim.Ref{}
	for _, part := range m.Tree.Parts {
		for _, st := range part.Stmts {
			if s, ok := st.Data.(*shim.SLocal); ok {
				for _, decl := range s.Decls {
					if id, ok := decl.Binding.Data.(*shim.BIdentifier); ok {
						if n, ok := Unwrap(decl.ValueOrNil).Data.(*shim.ENew); ok {
							bound[n] = id.Ref
						}
					}
				}
			}
		}
	}
	src, _ := m.File.Content()
	parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		nw, ok := x.Data.(*shim.ENew)
		if !ok || !m.Imports.Is(nw.Target, "AuthKit", ConvexAuthKitComponent) {
			return true
		}
		inst := &AuthKitInstance{File: m.File, Module: m, New: nw, Options: map[string]OptionProp{}}
		r := shim.RangeOfIdentifier(src, nw.Target.Loc)
		inst.Start, inst.End = int(r.Loc.Start), int(r.Loc.Start+r.Len)
		inst.Ref, inst.HasRef = bound[nw]
		inst.readOptions(src)
		out = append(out, inst)
		return true
	})
	return out
}

func (inst *AuthKitInstance) readOptions(src string) {
	if len(inst.New.Args) < 2 {
		inst.OptionsKnown = true
		return
	}
	obj, ok := inst.Module.Const(inst.New.Args[1]).Data.(*shim.EObject)
	if !ok {
		return
	}
	inst.OptionsKnown = true
	for _, p := range obj.Properties {
		k, isStr := p.Key.Data.(*shim.EString)
		if p.Kind == shim.PropertySpread || !isStr {
			inst.OptionsKnown = false
			continue
		}
		ks, ke := IdentRange(src, int(p.Key.Loc.Start))
		op := OptionProp{KeyStart: ks, KeyEnd: ke}
		if p.ValueOrNil.Data != nil {
			op.Value = p.ValueOrNil
			op.ValueStart, op.ValEnd = int(p.ValueOrNil.Loc.Start), exprEnd(inst.File, p.ValueOrNil)
		} else {
			op.Value = p.Key // shorthand { authFunctions }
			op.ValueStart, op.ValEnd = ks, ke
		}
		inst.Options[shim.StringValue(k)] = op
	}
}

// Option is an option's entry; ok is false when absent or when the options are unknown.
func (inst *AuthKitInstance) Option(key string) (OptionProp, bool) {
	op, ok := inst.Options[key]
	return op, ok
}

// CallsOf lists the instance's calls of a method.
func (inst *AuthKitInstance) CallsOf(method string) []*InstanceCall {
	var out []*InstanceCall
	for _, c := range inst.Calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// callsIn finds `x.method(...)` in m where x is an instance, local or imported.
func (d *AuthKitDeployment) callsIn(p *project.Project, m *Module) {
	exported := exportedResults(m)
	src, _ := m.File.Content()
	parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		call, ok := x.Data.(*shim.ECall)
		if !ok {
			return true
		}
		dot, ok := call.Target.Data.(*shim.EDot)
		if !ok {
			return true
		}
		switch dot.Name {
		case "events", "actions", "registerRoutes", "getAuthConfigProviders", "utils":
		default:
			return true
		}
		inst := d.instanceOf(p, m, dot.Target)
		if inst == nil {
			return true
		}
		r := shim.RangeOfIdentifier(src, dot.NameLoc)
		ic := &InstanceCall{Method: dot.Name, File: m.File, Module: m, Call: call, Start: int(r.Loc.Start), End: int(r.Loc.Start + r.Len),
			Exported: exported[call]}
		inst.Calls = append(inst.Calls, ic)
		return true
	})
	for _, inst := range d.Instances {
		sort.SliceStable(inst.Calls, func(i, j int) bool { return inst.Calls[i].File.Path < inst.Calls[j].File.Path })
	}
}

// instanceOf is the instance an expression names: a binding of this module or an import that
// resolves to one.
func (d *AuthKitDeployment) instanceOf(p *project.Project, m *Module, e shim.Expr) *AuthKitInstance {
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		for _, inst := range d.Instances {
			if inst.File == m.File && inst.HasRef && inst.Ref == v.Ref {
				return inst
			}
		}
	case *shim.EImportIdentifier:
		f, def, ok := ResolveExpr(p, m.File, e)
		if !ok {
			return nil
		}
		for _, inst := range d.Instances {
			if inst.File == f && inst.HasRef && inst.Ref == def.Ref {
				return inst
			}
		}
	case *shim.ENew:
		for _, inst := range d.Instances {
			if inst.New == v {
				return inst
			}
		}
	}
	return nil
}

// exportedResults maps calls that initialize exported bindings to the exported names:
// `export const { authKitEvent } = x.events(...)`, `export const handlers = x.events(...)`,
// and `const r = x.events(...); export const { authKitEvent } = r` is not followed.
func exportedResults(m *Module) map[*shim.ECall][]string {
	out := map[*shim.ECall][]string{}
	for _, part := range m.Tree.Parts {
		for _, st := range part.Stmts {
			s, ok := st.Data.(*shim.SLocal)
			if !ok || !s.IsExport {
				continue
			}
			for _, decl := range s.Decls {
				call, ok := Unwrap(decl.ValueOrNil).Data.(*shim.ECall)
				if !ok {
					continue
				}
				switch b := decl.Binding.Data.(type) {
				case *shim.BIdentifier:
					out[call] = append(out[call], shim.SymbolName(m.Tree, b.Ref))
				case *shim.BObject:
					for _, p := range b.Properties {
						if id, ok := p.Value.Data.(*shim.BIdentifier); ok {
							out[call] = append(out[call], shim.SymbolName(m.Tree, id.Ref))
						}
					}
				}
			}
		}
	}
	return out
}

// ---- authFunctions: internal.<module path> ----

// FunctionsModule resolves `internal.auth` (or `internal.users.auth`, through a const such as
// `const authFunctions: AuthFunctions = internal.auth`) to the deployment's module file; ok is
// false when the value is something else.
func (d *AuthKitDeployment) FunctionsModule(p *project.Project, inst *AuthKitInstance, e shim.Expr) (*project.File, bool) {
	m := inst.Module
	e = m.Const(e)
	var path []string
	for {
		dot, ok := e.Data.(*shim.EDot)
		if !ok {
			break
		}
		path = append([]string{dot.Name}, path...)
		e = dot.Target
	}
	imp, ok := m.Imports.Resolve(e)
	if !ok || imp.Name != "internal" || len(path) == 0 || !strings.HasSuffix(strings.TrimSuffix(imp.Module, ".js"), "_generated/api") {
		return nil, false
	}
	base := filepath.Join(d.Root.FunctionsDir, filepath.Join(path...))
	for _, ext := range JSExtensions {
		if f := p.File(base + ext); f != nil {
			return f, true
		}
	}
	return nil, false
}

// ExportedNames lists the names a module exports, destructured ones included; star is true
// when `export *` may add more.
func ExportedNames(f *project.File) (names map[string]bool, star bool, ok bool) {
	m := ModuleOf(f)
	if m == nil {
		return nil, false, false
	}
	names = map[string]bool{}
	for n := range m.Exports.Names {
		names[n] = true
	}
	for _, part := range m.Tree.Parts {
		for _, st := range part.Stmts {
			if s, ok := st.Data.(*shim.SLocal); ok && s.IsExport {
				for _, decl := range s.Decls {
					for _, ref := range BindingRefs(decl.Binding, nil) {
						names[shim.SymbolName(m.Tree, ref)] = true
					}
				}
			}
		}
	}
	return names, m.Exports.Star, true
}
