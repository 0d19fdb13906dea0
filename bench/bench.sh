#!/usr/bin/env bash
# Throughput and memory of convex-workos-lint against oxlint, Biome and ESLint, measured in
# one run on the same corpus and the same cores. From the repository root:
#
#	bash bench/bench.sh
#
# bench/README.md says what is measured and why. Everything it installs or writes goes in
# .bench/ and bench/corpus/ (both git-ignored). Needs go, node >= 18.18, npm, git, tar, jq
# (jq is installed with apt-get when missing and running as root).
#
# Environment: RUNS (full-run repetitions, default 10), SAVE_RUNS (one-file repetitions,
# default 30), ESLINT_RUNS (full ESLint runs, default 1), CORES (default 2),
# SKIP_ESLINT=1 to leave ESLint out, CORPORA ("free dense" by default: the trigger-free corpus
# of ordinary code, the trigger-dense Convex + WorkOS tree; name one to run only it),
# DENSE_APPS (generated apps in the trigger-dense tree, default 4).
set -euo pipefail

CORES=${CORES:-2}
RUNS=${RUNS:-10}
SAVE_RUNS=${SAVE_RUNS:-30}
ESLINT_RUNS=${ESLINT_RUNS:-1}

# Pinned so that a rerun measures the same code.
OXLINT_VERSION=1.94.0
BIOME_VERSION=2.6.8
ESLINT_VERSION=9.39.5
TSESLINT_PARSER_VERSION=8.74.0
TYPESCRIPT_VERSION=5.9.3
# Corpus sources, fetched with `npm pack` (no dependencies, no install scripts). typescript
# is not copied into the corpus: lint/bench_test.go parses its 9 MB lib/typescript.js.
CORPUS_PKGS=(next@16.4.6 effect@4.1.0 monaco-editor@0.57.0 @blueprintjs/core@6.20.0
	@radix-ui/themes@3.3.0 @tanstack/react-query@5.108.4)
EXTRA_PKGS=(typescript@"$TYPESCRIPT_VERSION")
# The trigger-dense tree: these packages' sources whole (bench/gen dense), plus generated
# Convex + WorkOS apps. Most of their files hold the words our rules look for.
DENSE_PKGS=(convex@1.48.0 @workos-inc/authkit-nextjs@4.3.2 @workos-inc/authkit-react@0.16.2
	react@19.3.1 react-dom@19.3.1 typescript@"$TYPESCRIPT_VERSION" jose@6.2.17 valibot@1.5.0)
DENSE_APPS=${DENSE_APPS:-4}
CORPORA=${CORPORA:-free dense}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# Same cores for every tool: pin the whole run when the machine has more.
if [ -z "${BENCH_PINNED:-}" ] && command -v taskset >/dev/null && [ "$(nproc)" -gt "$CORES" ]; then
	exec env BENCH_PINNED=1 taskset -c "0-$((CORES - 1))" bash "$0" "$@"
fi

B=$ROOT/.bench
T=$B/tools
OUT=$B/out
CORPUS=$ROOT/bench/corpus
mkdir -p "$B" "$OUT"
log() { printf '== %s\n' "$*" >&2; }
die() {
	printf 'bench.sh: %s\n' "$*" >&2
	exit 1
}

# --- prerequisites -----------------------------------------------------------------------
for c in go node npm git tar; do command -v $c >/dev/null || die "missing $c"; done
if ! command -v jq >/dev/null; then
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || die "missing jq"
	log "installing jq with apt-get"
	apt-get install -y -qq jq >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq jq >/dev/null; }
fi

# --- peers -------------------------------------------------------------------------------
peers="oxlint@$OXLINT_VERSION @biomejs/biome@$BIOME_VERSION eslint@$ESLINT_VERSION @typescript-eslint/parser@$TSESLINT_PARSER_VERSION typescript@$TYPESCRIPT_VERSION"
if [ "$(cat "$T/.stamp" 2>/dev/null)" != "$peers" ]; then
	log "installing into .bench/tools: $peers"
	rm -rf "$T" && mkdir -p "$T"
	echo '{"private":true}' >"$T/package.json"
	# shellcheck disable=SC2086
	(cd "$T" && npm install --no-audit --no-fund --loglevel=error --save-exact $peers >/dev/null)
	echo "$peers" >"$T/.stamp"
fi
OXLINT=$T/node_modules/.bin/oxlint
BIOME=$(ls "$T"/node_modules/@biomejs/cli-*/biome 2>/dev/null | head -1)
BIOME_NPM=$T/node_modules/.bin/biome
ESLINT=$T/node_modules/.bin/eslint
[ -x "$OXLINT" ] && [ -x "$BIOME" ] && [ -x "$ESLINT" ] || die "peer install incomplete in $T"

# One rule each, so that what is compared is reading, parsing and walking the files.
cat >"$T/biome.json" <<'EOF'
{
  "vcs": { "enabled": false },
  "files": { "ignoreUnknown": true },
  "formatter": { "enabled": false },
  "assist": { "enabled": false },
  "linter": {
    "enabled": true,
    "rules": { "preset": "none", "suspicious": { "noDebugger": "error" } }
  }
}
EOF
cat >"$T/eslint.config.mjs" <<'EOF'
import tsParser from "@typescript-eslint/parser";

export default [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.{js,mjs,cjs,jsx}"],
    languageOptions: { ecmaVersion: "latest", parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { "no-debugger": "error" },
  },
  {
    files: ["**/*.{ts,mts,cts,tsx}"],
    languageOptions: { parser: tsParser },
    rules: { "no-debugger": "error" },
  },
];
EOF

# --- our tool ----------------------------------------------------------------------------
log "building convex-workos-lint and bench/gen"
go build -o "$B/cwl" ./cmd/convex-workos-lint
go build -tags bench -o "$B/gen" ./bench/gen
CWL=$B/cwl
GEN=$B/gen

# --- corpus ------------------------------------------------------------------------------
# fetch DIR PKG...: unpack the packages' npm tarballs into DIR/<name> (once per package list).
fetch() {
	local dir=$1
	shift
	local want="$*"
	[ "$(cat "$dir/.stamp" 2>/dev/null)" = "$want" ] && return 0
	log "fetching sources with npm pack: $want"
	rm -rf "$dir" && mkdir -p "$dir/tgz"
	(cd "$dir/tgz" && npm pack --json --silent "$@" >../pack.json) || return 0
	jq -r '.[] | "\(.name)\t\(.filename)"' "$dir/pack.json" | while IFS=$'\t' read -r name file; do
		mkdir -p "$dir/$name"
		tar -xzf "$dir/tgz/$file" -C "$dir/$name" --strip-components=1
	done
	echo "$want" >"$dir/.stamp"
}
has() { case " $CORPORA " in *" $1 "*) return 0 ;; esac; return 1; }
counts() { sed -n 's/files=\([0-9]*\) parsed=\([0-9]*\).*/\1 read, \2 parsed/p'; }
# Outside the repository: .bench/empty is inside it, and linting it walked the whole
# repository (its package.json makes it the project), not just the process start.
EMPTY=$(mktemp -d "${TMPDIR:-/tmp}/cwl-empty.XXXXXX")
trap 'rmdir "$EMPTY"' EXIT

# GC rows: the binary as built, and the other setting through the environment.
if grep -q 'SetGCPercent' "$ROOT"/cmd/convex-workos-lint/*.go; then
	gc_note="main.go sets $(grep -ho 'SetGCPercent([0-9]*)' "$ROOT"/cmd/convex-workos-lint/*.go | head -1) unless GOGC is set: plain cwl runs with it, GOGC=100 is Go's default"
	ALT_GOGC=100
else
	gc_note="main.go sets no GC target: plain cwl runs with Go's default (GOGC=100)"
	ALT_GOGC=400
fi

# Other jobs on a shared machine skew timings: wait (up to 60 s) until the CPUs have been
# at least 90% idle for 2 s in a row.
BUSY=no
quiet() {
	local ok=0 a b idle total i
	for _ in $(seq 60); do
		read -ra a </proc/stat
		sleep 1
		read -ra b </proc/stat
		idle=$((b[4] - a[4])) total=0
		for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
		if [ $((idle * 100)) -ge $((total * 90)) ]; then
			ok=$((ok + 1))
			[ $ok -ge 2 ] && return 0
		else
			ok=0
		fi
	done
	log "the machine is still busy after 60 s: measuring anyway (see the min column)"
	BUSY=yes
}
# spec NAME FILES WARMUP RUNS STDIN CMD...: one line of a `gen measure` spec.
spec() { (IFS=$'\t' && echo "$*"); }

# --- the trigger-free corpus (not indented: the phases below are as they were) --------------
if has free; then
SRC=$B/corpus-src
fetch "$SRC" "${CORPUS_PKGS[@]}" "${EXTRA_PKGS[@]}"
log "preparing bench/corpus"
if [ -f "$SRC/.stamp" ]; then
	CORPUS_KIND="sources of ${CORPUS_PKGS[*]}, plus examples/nextjs-app as app/"
	"$GEN" corpus -src "$SRC" -app examples/nextjs-app -out "$CORPUS" | tee "$OUT/corpus.txt"
else
	log "npm pack failed: falling back to a generated corpus"
	CORPUS_KIND="generated TSX (bench/gen synth), plus examples/nextjs-app as app/"
	"$GEN" synth -out "$CORPUS" -mb 55 -app examples/nextjs-app | tee "$OUT/corpus.txt"
fi
# Its own repository: the repo's .gitignore ignores bench/corpus/, and our linter and oxlint
# honour the .gitignore files of the enclosing repository.
git -C "$CORPUS" init -q

cd "$CORPUS"
FILE=app/components/ConvexClientProvider.tsx
[ -f "$FILE" ] || die "missing $FILE in the corpus"

# --- what each tool processed --------------------------------------------------------------
log "counting the files each tool processes"
sources=$(find . -path ./.git -prune -o -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) -print | wc -l)
ours_files=$("$GEN" count . | counts)
parseall_files=$("$GEN" parseall . | counts)
floor_files=$("$GEN" floor . | counts)
save_files=$("$GEN" count "$FILE" | counts)
ox_out=$("$OXLINT" -A all -D no-debugger . 2>&1 || true)
ox_files="$(sed -n 's/.* on \([0-9]*\) files.*/\1/p' <<<"$ox_out") ($(sed -n 's/.* with \([0-9]*\) rules.*/\1/p' <<<"$ox_out") rule)"
bi_out=$("$BIOME" lint --config-path "$T/biome.json" --max-diagnostics=0 . 2>&1 || true)
bi_files=$(sed -n 's/^Checked \([0-9]*\) files.*/\1/p' <<<"$bi_out")

# --- full run ----------------------------------------------------------------------------
log "full run over the corpus: $RUNS runs per tool, round-robin"
{
	spec "cwl" "$ours_files" 1 "$RUNS" - "$CWL" .
	spec "cwl GOGC=$ALT_GOGC" "$ours_files" 1 "$RUNS" - env GOGC=$ALT_GOGC "$CWL" .
	spec "cwl read-and-scan floor" "$floor_files" 1 "$RUNS" - "$GEN" floor .
	spec "cwl parse-all GOGC=100" "$parseall_files" 1 "$RUNS" - env GOGC=100 "$GEN" parseall .
	spec "cwl parse-all GOGC=400" "$parseall_files" 1 "$RUNS" - env GOGC=400 "$GEN" parseall .
	spec "oxlint" "$ox_files" 1 "$RUNS" - "$OXLINT" -A all -D no-debugger .
	spec "biome" "$bi_files" 1 "$RUNS" - "$BIOME" lint --config-path "$T/biome.json" .
	if [ -z "${SKIP_ESLINT:-}" ]; then
		spec "eslint" "@ESLINT_FILES@" 0 "$ESLINT_RUNS" - "$ESLINT" -c "$T/eslint.config.mjs" -f json -o "$OUT/eslint.json" .
	fi
} >"$OUT/full.spec"
quiet
"$GEN" measure -spec "$OUT/full.spec" -base cwl -json "$OUT/full.json" >"$OUT/full.md"
es_files="-"
if [ -z "${SKIP_ESLINT:-}" ]; then
	es_files="$(jq length "$OUT/eslint.json") ($(jq '[.[].messages[] | select(.fatal)] | length' "$OUT/eslint.json") fatal parse errors)"
fi
sed -i "s/@ESLINT_FILES@/$es_files/" "$OUT/full.md"

# --- one file on save --------------------------------------------------------------------
log "one file on save ($FILE): $SAVE_RUNS runs per tool, round-robin"
{
	spec "cwl path" "$save_files" 3 "$SAVE_RUNS" - "$CWL" "$FILE"
	spec "cwl stdin" "$save_files" 3 "$SAVE_RUNS" "$FILE" "$CWL" --stdin-filename "$FILE"
	spec "cwl path, app outside the monorepo" "1" 3 "$SAVE_RUNS" - "$CWL" "$ROOT/examples/nextjs-app/${FILE#app/}"
	spec "cwl on an empty dir (process start)" "0" 3 "$SAVE_RUNS" - "$CWL" "$EMPTY"
	spec "oxlint" "1" 3 "$SAVE_RUNS" - "$OXLINT" -A all -D no-debugger "$FILE"
	spec "biome (native binary)" "1" 3 "$SAVE_RUNS" - "$BIOME" lint --config-path "$T/biome.json" "$FILE"
	spec "biome (npm bin wrapper)" "1" 3 "$SAVE_RUNS" - "$BIOME_NPM" lint --config-path "$T/biome.json" "$FILE"
	if [ -z "${SKIP_ESLINT:-}" ]; then
		spec "eslint" "1" 1 5 - "$ESLINT" -c "$T/eslint.config.mjs" "$FILE"
	fi
} >"$OUT/save.spec"
quiet
"$GEN" measure -spec "$OUT/save.spec" -base "cwl path" -ms -json "$OUT/save.json" >"$OUT/save.md"

fi

# --- the trigger-dense tree ------------------------------------------------------------------
if has dense; then
	DSRC=$B/dense-src
	DENSE=$ROOT/bench/dense
	fetch "$DSRC" "${DENSE_PKGS[@]}"
	[ -f "$DSRC/.stamp" ] || die "npm pack failed for ${DENSE_PKGS[*]}"
	DENSE_KIND="sources of ${DENSE_PKGS[*]} (whole packages, directory names such as dist renamed), plus $DENSE_APPS generated Convex + WorkOS apps (bench/synth.DenseApp)"
	log "preparing bench/dense"
	"$GEN" dense -src "$DSRC" -apps "$DENSE_APPS" -out "$DENSE" | tee "$OUT/dense-corpus.txt"
	git -C "$DENSE" init -q
	cd "$DENSE"
	DFILE=apps/web0/components/ConvexClientProvider.tsx
	DWIDGET=apps/web0/components/widgets0/Widget9.tsx
	d_ours=$("$GEN" count . | counts)
	d_floor=$("$GEN" floor . | counts)
	d_ox=$("$OXLINT" -A all -D no-debugger . 2>&1 || true)
	d_ox="$(sed -n 's/.* on \([0-9]*\) files.*/\1/p' <<<"$d_ox") (1 rule)"
	d_bi=$(sed -n 's/^Checked \([0-9]*\) files.*/\1/p' <<<"$("$BIOME" lint --config-path "$T/biome.json" --max-diagnostics=0 . 2>&1 || true)")
	log "full run over the trigger-dense tree: $RUNS runs per tool, round-robin"
	{
		spec "cwl" "$d_ours" 1 "$RUNS" - "$CWL" .
		spec "cwl read-and-scan floor" "$d_floor" 1 "$RUNS" - "$GEN" floor .
		spec "oxlint" "$d_ox" 1 "$RUNS" - "$OXLINT" -A all -D no-debugger .
		spec "biome" "$d_bi" 1 "$RUNS" - "$BIOME" lint --config-path "$T/biome.json" .
	} >"$OUT/dense-full.spec"
	quiet
	"$GEN" measure -spec "$OUT/dense-full.spec" -base cwl -json "$OUT/dense-full.json" >"$OUT/dense-full.md"
	log "one file on save in the trigger-dense tree: $SAVE_RUNS runs per tool, round-robin"
	{
		spec "cwl path ($DFILE)" "$("$GEN" count "$DFILE" | counts)" 3 "$SAVE_RUNS" - "$CWL" "$DFILE"
		spec "cwl stdin ($DFILE)" "$("$GEN" count "$DFILE" | counts)" 3 "$SAVE_RUNS" "$DFILE" "$CWL" --stdin-filename "$DFILE"
		spec "cwl path ($DWIDGET)" "$("$GEN" count "$DWIDGET" | counts)" 3 "$SAVE_RUNS" - "$CWL" "$DWIDGET"
		spec "cwl on an empty dir (process start)" "0" 3 "$SAVE_RUNS" - "$CWL" "$EMPTY"
		spec "oxlint ($DFILE)" "1" 3 "$SAVE_RUNS" - "$OXLINT" -A all -D no-debugger "$DFILE"
		spec "biome native ($DFILE)" "1" 3 "$SAVE_RUNS" - "$BIOME" lint --config-path "$T/biome.json" "$DFILE"
	} >"$OUT/dense-save.spec"
	quiet
	"$GEN" measure -spec "$OUT/dense-save.spec" -base "cwl path ($DFILE)" -ms -json "$OUT/dense-save.json" >"$OUT/dense-save.md"

	# The curve: one generated app alone at 1x, 2x, 4x, 8x its base size.
	log "the generated app at 1x-8x: $RUNS runs per size, round-robin"
	: >"$OUT/curve.spec"
	for scale in 1 2 4 8; do
		app=$B/curve/app${scale}x
		"$GEN" dense -scale "$scale" -out "$app" >"$OUT/curve-$scale.txt"
		git -C "$app" init -q
		files="$(sed -n 's/^corpus: \([0-9]*\) source files, \([0-9.]*\) MB.*/\1 files, \2 MB/p' "$OUT/curve-$scale.txt"); $(cd "$app" && "$GEN" count . | counts)"
		spec "cwl app ${scale}x" "$files" 1 "$RUNS" - "$CWL" "$app" >>"$OUT/curve.spec"
		spec "oxlint app ${scale}x" "-" 1 "$RUNS" - "$OXLINT" -A all -D no-debugger "$app" >>"$OUT/curve.spec"
	done
	quiet
	"$GEN" measure -spec "$OUT/curve.spec" -base "cwl app 1x" -json "$OUT/curve.json" >"$OUT/curve.md"
	cd "$ROOT"
fi

# --- results -----------------------------------------------------------------------------
cd "$ROOT"
dirty=""
git diff --quiet HEAD -- . ':!bench' 2>/dev/null || dirty="+uncommitted changes"
{
	echo "### Results $(date -u +%Y-%m-%d)"
	echo
	echo "- Machine: $(nproc) cores used (of $(nproc --all)), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version | cut -d' ' -f3), node $(node --version)."
	echo "- Versions: convex-workos-lint $(git rev-parse --short HEAD 2>/dev/null || echo '?')$dirty ($("$CWL" rules | wc -l) rules), oxlint $OXLINT_VERSION, Biome $BIOME_VERSION, ESLint $ESLINT_VERSION with @typescript-eslint/parser $TSESLINT_PARSER_VERSION."
	has free && echo "- Trigger-free corpus: $CORPUS_KIND. $(sed 's/^corpus: //' "$OUT/corpus.txt"). $sources JS/TS files in all."
	echo "- GC: $gc_note. Machine still busy from other jobs at a measuring step: $BUSY."
	echo
	if has free; then
	echo "**Full run over the trigger-free corpus** (runs after one warm-up, round-robin; ESLint: no warm-up)"
	echo
	cat "$OUT/full.md"
	echo
	echo "**One file on save**: \`$FILE\` (process start included; 3 warm-ups; ESLint: 1 warm-up, 5 runs)"
	echo
	cat "$OUT/save.md"
	echo
	fi
	if has dense; then
		echo "**Full run over the trigger-dense tree** ($DENSE_KIND. $(sed 's/^corpus: //' "$OUT/dense-corpus.txt"). Runs after one warm-up, round-robin)"
		echo
		cat "$OUT/dense-full.md"
		echo
		echo "**One file on save in the trigger-dense tree** (process start included; 3 warm-ups)"
		echo
		cat "$OUT/dense-save.md"
		echo
		echo "**Cost against the size of a generated trigger-dense app** (one app alone, 1x to 8x; runs after one warm-up, round-robin)"
		echo
		cat "$OUT/curve.md"
	fi
} | tee "$OUT/results.md"
log "results also in .bench/out/results.md; every sample in .bench/out/*.json"
