package rules

import (
	"fmt"
	"slices"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "convex-server-unknown-export",
		Title:    "Convex function imports a name that convex/server does not export",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJS,
		// Reported at an import from "convex/server", which the file spells out.
		Triggers: []string{"convex/server"},
		Applies:  inConvexFunctions,
		Doc: Doc{
			Why: "`npx convex dev` and `npx convex deploy` bundle every file of the functions directory " +
				"with esbuild, and an import of a name a module does not export stops the bundle (\"No " +
				"matching export in convex/server\"): the push fails and nothing is deployed. It happens most " +
				"in `convex/auth.config.ts`, written as if Convex had config helpers " +
				"(`export default convexAuth({ providers: [customJwt({...})] })`): it has none. The auth " +
				"config's default export is a plain object, `{ providers: [...] }` (typed with " +
				"`satisfies AuthConfig`, a type convex/server does export).\n\n" +
				"The names convex/server exports are those of get-convex/convex-js 1.45.0 " +
				"(src/server/index.ts and the modules it re-exports, types included, since a type imported " +
				"without `type` is erased). When every version the project's `convex` range admits is newer " +
				"than that, the rule says nothing: a newer version may export more.",
			Bad:   "// convex/auth.config.ts\nimport { convexAuth, customJwt } from \"convex/server\";\n\nexport default convexAuth({ providers: [customJwt({ issuer, jwks, algorithm: \"RS256\" })] });\n",
			Good:  "// convex/auth.config.ts\nimport type { AuthConfig } from \"convex/server\";\n\nexport default {\n  providers: [{ type: \"customJwt\", issuer, jwks, algorithm: \"RS256\" }],\n} satisfies AuthConfig;\n",
			Lang:  "ts",
			Guide: "Required Configuration: `convex/auth.config.ts` exports `{ providers: [...] }`.",
		},
		CheckFile: checkConvexServerUnknownExport,
	})
}

// convexServerKnown is the last convex version whose convex/server exports convexServerExports lists.
var convexServerKnown = analysis.Version{Major: 1, Minor: 45, Patch: 0}

// convexServerExports are the names convex/server exports in convex-js 1.45.0, types included.
var convexServerExports = []string{
	"ActionBuilder", "ActionMeta", "AdvancedRunQueryOptions", "AnyApi", "AnyChildComponents", "AnyComponents",
	"AnyDataModel", "ApiFromModules", "AppDefinition", "ArgsAndOptions", "ArgsArray", "ArgsArrayForOptionalValidator",
	"ArgsArrayToObject", "AuditLogBody", "AuditLogValue", "Auth", "AuthConfig", "AuthProvider", "BaseTableReader",
	"BaseTableWriter", "BetterOmit", "ComponentDefinition", "CronJob", "Crons", "Cursor",
	"DataModelFromSchemaDefinition", "DefaultArgsForOptionalValidator", "DefaultFunctionArgs", "DefineSchemaOptions",
	"DeploymentMetadata", "DocValidator", "DocumentByInfo", "DocumentByName", "EnvDefinition", "EnvFromAppDefinition",
	"EnvFromDefinition", "Expand", "Expression", "ExpressionOrValue", "FieldPaths", "FieldTypeFromFieldPath",
	"FieldTypeFromFieldPathInner", "FileMetadata", "FileStorageId", "FilterApi", "FilterBuilder", "FilterExpression",
	"FunctionArgs", "FunctionHandle", "FunctionMetadata", "FunctionReference", "FunctionReturnType", "FunctionType",
	"FunctionVisibility", "GenericActionCtx", "GenericDataModel", "GenericDatabaseReader",
	"GenericDatabaseReaderWithTable", "GenericDatabaseWriter", "GenericDatabaseWriterWithTable", "GenericDocument",
	"GenericFieldPaths", "GenericIndexFields", "GenericMutationCtx", "GenericMutationCtxWithTable", "GenericQueryCtx",
	"GenericQueryCtxWithTable", "GenericSchema", "GenericSearchIndexConfig", "GenericTableIndexes", "GenericTableInfo",
	"GenericTableSearchIndexes", "GenericTableVectorIndexes", "GenericVectorIndexConfig", "HttpActionBuilder",
	"HttpRouter", "IdField", "Index", "IndexNames", "IndexRange", "IndexRangeBuilder", "IndexTiebreakerField", "Indexes",
	"MutationBuilder", "MutationBuilderWithTable", "MutationMeta", "NamedIndex", "NamedSearchIndex", "NamedTableInfo",
	"NamedVectorIndex", "OptionalRestArgs", "OrderedQuery", "PaginationOptions", "PaginationResult", "PartialApi",
	"PublicHttpAction", "Query", "QueryBuilder", "QueryBuilderWithTable", "QueryInitializer", "QueryMeta",
	"ROUTABLE_HTTP_METHODS", "RegisteredAction", "RegisteredMutation", "RegisteredQuery", "RequestMetadata",
	"ReturnValueForOptionalValidator", "RoutableMethod", "RouteSpec", "RouteSpecWithPath", "RouteSpecWithPathPrefix",
	"SchedulableFunctionReference", "Scheduler", "SchemaDefinition", "SearchFilter", "SearchFilterBuilder",
	"SearchFilterFinalizer", "SearchIndex", "SearchIndexConfig", "SearchIndexNames", "SearchIndexes",
	"StorageActionWriter", "StorageId", "StorageReader", "StorageWriter", "SystemDataModel", "SystemFieldValidators",
	"SystemFields", "SystemIndexes", "SystemTableNames", "TableDefinition", "TableNamesInDataModel", "TransactionLimits",
	"TransactionMetric", "TransactionMetrics", "UnvalidatedFunction", "UserIdentity", "UserIdentityAttributes",
	"ValidatedFunction", "ValidatorTypeToReturnType", "VectorFilterBuilder", "VectorIndex", "VectorIndexConfig",
	"VectorIndexNames", "VectorIndexes", "VectorSearch", "VectorSearchQuery", "WithOptionalSystemFields",
	"WithoutSystemFields", "actionGeneric", "anyApi", "componentsGeneric", "createFunctionHandle", "cronJobs",
	"currentSystemUdfInComponent", "defineApp", "defineComponent", "defineSchema", "defineTable", "docValidator",
	"filterApi", "getFunctionAddress", "getFunctionName", "getServiceToken", "httpActionGeneric", "httpRouter",
	"internalActionGeneric", "internalMutationGeneric", "internalQueryGeneric", "log", "makeFunctionReference",
	"mutationGeneric", "paginationOptsValidator", "paginationResultValidator", "queryGeneric",
}

func checkConvexServerUnknownExport(c *FileContext) {
	if convexRangeBeyondKnown(c.Project, c.File.Root) {
		return
	}
	isAuthConfig := c.File.Root != nil && c.File.Root.AuthConfig == c.File
	for _, part := range c.AST.Parts {
		for _, st := range part.Stmts {
			s, ok := st.Data.(*shim.SImport)
			if !ok || s.Items == nil || shim.ImportPath(c.AST, s.ImportRecordIndex) != "convex/server" {
				continue
			}
			for _, it := range *s.Items {
				if _, found := slices.BinarySearch(convexServerExports, it.Alias); found {
					continue
				}
				r := shim.RangeOfIdentifier(c.Source, it.AliasLoc)
				msg := fmt.Sprintf("convex/server exports no %s: bundling this file fails (\"No matching export\"), "+
					"so `npx convex dev` and deploys push nothing", it.Alias)
				if isAuthConfig {
					msg += "; Convex has no auth config helpers: export a plain object, " +
						"`export default { providers: [...] } satisfies AuthConfig`"
				}
				c.Report(int(r.Loc.Start), int(r.Loc.Start+r.Len), msg)
			}
		}
	}
}

// convexRangeBeyondKnown reports a convex dependency whose every admitted version is newer
// than the one convexServerExports was read from.
func convexRangeBeyondKnown(p *project.Project, r *project.Root) bool {
	next := convexServerKnown
	next.Minor++
	return analysis.PackageAtLeast(p, r, "convex", analysis.Version{Major: next.Major, Minor: next.Minor}) == analysis.Yes
}
