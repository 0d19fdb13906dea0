// Package shim re-exports the parts of esbuild's internal JS/TS parser that the linter needs.
//
// Go only lets packages under github.com/evanw/esbuild/ import esbuild's internal packages, so
// this nested module claims a path below that prefix; the main go.mod replaces it with this
// directory. Keep it thin: type aliases and small wrappers, no linter logic.
package shim

import (
	"github.com/evanw/esbuild/internal/ast"
	"github.com/evanw/esbuild/internal/js_ast"
	"github.com/evanw/esbuild/internal/logger"
)

// AST node types (see esbuild's internal/js_ast for their documentation).
type (
	L                     = js_ast.L
	OpCode                = js_ast.OpCode
	AssignTarget          = js_ast.AssignTarget
	Decorator             = js_ast.Decorator
	PropertyKind          = js_ast.PropertyKind
	ClassStaticBlock      = js_ast.ClassStaticBlock
	PropertyFlags         = js_ast.PropertyFlags
	Property              = js_ast.Property
	PropertyBinding       = js_ast.PropertyBinding
	Arg                   = js_ast.Arg
	Fn                    = js_ast.Fn
	FnBody                = js_ast.FnBody
	Class                 = js_ast.Class
	ArrayBinding          = js_ast.ArrayBinding
	Binding               = js_ast.Binding
	B                     = js_ast.B
	BMissing              = js_ast.BMissing
	BIdentifier           = js_ast.BIdentifier
	BArray                = js_ast.BArray
	BObject               = js_ast.BObject
	Expr                  = js_ast.Expr
	E                     = js_ast.E
	EArray                = js_ast.EArray
	EUnary                = js_ast.EUnary
	EBinary               = js_ast.EBinary
	EBoolean              = js_ast.EBoolean
	EMissing              = js_ast.EMissing
	ESuper                = js_ast.ESuper
	ENull                 = js_ast.ENull
	EUndefined            = js_ast.EUndefined
	EThis                 = js_ast.EThis
	ENewTarget            = js_ast.ENewTarget
	EImportMeta           = js_ast.EImportMeta
	ENew                  = js_ast.ENew
	CallKind              = js_ast.CallKind
	OptionalChain         = js_ast.OptionalChain
	ECall                 = js_ast.ECall
	EDot                  = js_ast.EDot
	EIndex                = js_ast.EIndex
	EArrow                = js_ast.EArrow
	EFunction             = js_ast.EFunction
	EClass                = js_ast.EClass
	EIdentifier           = js_ast.EIdentifier
	EImportIdentifier     = js_ast.EImportIdentifier
	EPrivateIdentifier    = js_ast.EPrivateIdentifier
	ENameOfSymbol         = js_ast.ENameOfSymbol
	EJSXElement           = js_ast.EJSXElement
	EJSXText              = js_ast.EJSXText
	ENumber               = js_ast.ENumber
	EBigInt               = js_ast.EBigInt
	EObject               = js_ast.EObject
	ESpread               = js_ast.ESpread
	EString               = js_ast.EString
	TemplatePart          = js_ast.TemplatePart
	ETemplate             = js_ast.ETemplate
	ERegExp               = js_ast.ERegExp
	EInlinedEnum          = js_ast.EInlinedEnum
	EAnnotation           = js_ast.EAnnotation
	EAwait                = js_ast.EAwait
	EYield                = js_ast.EYield
	EIf                   = js_ast.EIf
	ERequireString        = js_ast.ERequireString
	ERequireResolveString = js_ast.ERequireResolveString
	EImportString         = js_ast.EImportString
	EImportCall           = js_ast.EImportCall
	Stmt                  = js_ast.Stmt
	S                     = js_ast.S
	SBlock                = js_ast.SBlock
	SEmpty                = js_ast.SEmpty
	STypeScript           = js_ast.STypeScript
	SComment              = js_ast.SComment
	SDebugger             = js_ast.SDebugger
	SDirective            = js_ast.SDirective
	SExportClause         = js_ast.SExportClause
	SExportFrom           = js_ast.SExportFrom
	SExportDefault        = js_ast.SExportDefault
	ExportStarAlias       = js_ast.ExportStarAlias
	SExportStar           = js_ast.SExportStar
	SExportEquals         = js_ast.SExportEquals
	SLazyExport           = js_ast.SLazyExport
	SExpr                 = js_ast.SExpr
	EnumValue             = js_ast.EnumValue
	SEnum                 = js_ast.SEnum
	SNamespace            = js_ast.SNamespace
	SFunction             = js_ast.SFunction
	SClass                = js_ast.SClass
	SLabel                = js_ast.SLabel
	SIf                   = js_ast.SIf
	SFor                  = js_ast.SFor
	SForIn                = js_ast.SForIn
	SForOf                = js_ast.SForOf
	SDoWhile              = js_ast.SDoWhile
	SWhile                = js_ast.SWhile
	SWith                 = js_ast.SWith
	Catch                 = js_ast.Catch
	Finally               = js_ast.Finally
	STry                  = js_ast.STry
	Case                  = js_ast.Case
	SSwitch               = js_ast.SSwitch
	SImport               = js_ast.SImport
	SReturn               = js_ast.SReturn
	SThrow                = js_ast.SThrow
	LocalKind             = js_ast.LocalKind
	SLocal                = js_ast.SLocal
	SBreak                = js_ast.SBreak
	SContinue             = js_ast.SContinue
	ClauseItem            = js_ast.ClauseItem
	Decl                  = js_ast.Decl
	AST                   = js_ast.AST
	Part                  = js_ast.Part
)

// Shared AST types from internal/ast and internal/logger.
type (
	Ref          = ast.Ref
	LocRef       = ast.LocRef
	ImportRecord = ast.ImportRecord
	Index32      = ast.Index32
	Symbol       = ast.Symbol
	Loc          = logger.Loc
	Range        = logger.Range
)

// Operators and kinds the linter looks at.
const (
	UnOpNot                      = js_ast.UnOpNot
	UnOpTypeof                   = js_ast.UnOpTypeof
	BinOpAdd                     = js_ast.BinOpAdd
	BinOpLt                      = js_ast.BinOpLt
	BinOpLe                      = js_ast.BinOpLe
	BinOpGt                      = js_ast.BinOpGt
	BinOpGe                      = js_ast.BinOpGe
	BinOpLooseEq                 = js_ast.BinOpLooseEq
	BinOpLooseNe                 = js_ast.BinOpLooseNe
	BinOpStrictEq                = js_ast.BinOpStrictEq
	BinOpStrictNe                = js_ast.BinOpStrictNe
	BinOpNullishCoalescing       = js_ast.BinOpNullishCoalescing
	BinOpLogicalOr               = js_ast.BinOpLogicalOr
	BinOpLogicalAnd              = js_ast.BinOpLogicalAnd
	BinOpComma                   = js_ast.BinOpComma
	BinOpAssign                  = js_ast.BinOpAssign
	BinOpNullishCoalescingAssign = js_ast.BinOpNullishCoalescingAssign
	BinOpLogicalOrAssign         = js_ast.BinOpLogicalOrAssign
	BinOpLogicalAndAssign        = js_ast.BinOpLogicalAndAssign
	PropertyField                = js_ast.PropertyField
	PropertyMethod               = js_ast.PropertyMethod
	PropertyGetter               = js_ast.PropertyGetter
	PropertySetter               = js_ast.PropertySetter
	PropertySpread               = js_ast.PropertySpread
	PropertyClassStaticBlock     = js_ast.PropertyClassStaticBlock
	PropertyAutoAccessor         = js_ast.PropertyAutoAccessor
	PropertyDeclareOrAbstract    = js_ast.PropertyDeclareOrAbstract
	PropertyIsComputed           = js_ast.PropertyIsComputed
	PropertyWasShorthand         = js_ast.PropertyWasShorthand
	LocalVar                     = js_ast.LocalVar
	LocalLet                     = js_ast.LocalLet
	LocalConst                   = js_ast.LocalConst
)
