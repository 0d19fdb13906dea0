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
# SKIP_ESLINT=1 to leave ESLint out.
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
SRC=$B/corpus-src
want="${CORPUS_PKGS[*]} ${EXTRA_PKGS[*]}"
if [ "$(cat "$SRC/.stamp" 2>/dev/null)" != "$want" ]; then
	log "fetching corpus sources with npm pack: $want"
	rm -rf "$SRC" && mkdir -p "$SRC/tgz"
	if (cd "$SRC/tgz" && npm pack --json --silent "${CORPUS_PKGS[@]}" "${EXTRA_PKGS[@]}" >../pack.json); then
		jq -r '.[] | "\(.name)\t\(.filename)"' "$SRC/pack.json" | while IFS=$'\t' read -r name file; do
			mkdir -p "$SRC/$name"
			tar -xzf "$SRC/tgz/$file" -C "$SRC/$name" --strip-components=1
		done
		echo "$want" >"$SRC/.stamp"
	fi
fi
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
mkdir -p "$B/empty"

cd "$CORPUS"
FILE=app/components/ConvexClientProvider.tsx
[ -f "$FILE" ] || die "missing $FILE in the corpus"

# --- what each tool processed --------------------------------------------------------------
log "counting the files each tool processes"
sources=$(find . -path ./.git -prune -o -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) -print | wc -l)
counts() { sed -n 's/files=\([0-9]*\) parsed=\([0-9]*\).*/\1 read, \2 parsed/p'; }
ours_files=$("$GEN" count . | counts)
parseall_files=$("$GEN" parseall . | counts)
save_files=$("$GEN" count "$FILE" | counts)
ox_out=$("$OXLINT" -A all -D no-debugger . 2>&1 || true)
ox_files="$(sed -n 's/.* on \([0-9]*\) files.*/\1/p' <<<"$ox_out") ($(sed -n 's/.* with \([0-9]*\) rules.*/\1/p' <<<"$ox_out") rule)"
bi_out=$("$BIOME" lint --config-path "$T/biome.json" --max-diagnostics=0 . 2>&1 || true)
bi_files=$(sed -n 's/^Checked \([0-9]*\) files.*/\1/p' <<<"$bi_out")

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

# --- full run ----------------------------------------------------------------------------
log "full run over the corpus: $RUNS runs per tool, round-robin"
{
	spec "cwl" "$ours_files" 1 "$RUNS" - "$CWL" .
	spec "cwl GOGC=$ALT_GOGC" "$ours_files" 1 "$RUNS" - env GOGC=$ALT_GOGC "$CWL" .
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
	spec "cwl on an empty dir (process start)" "0" 3 "$SAVE_RUNS" - "$CWL" "$B/empty"
	spec "oxlint" "1" 3 "$SAVE_RUNS" - "$OXLINT" -A all -D no-debugger "$FILE"
	spec "biome (native binary)" "1" 3 "$SAVE_RUNS" - "$BIOME" lint --config-path "$T/biome.json" "$FILE"
	spec "biome (npm bin wrapper)" "1" 3 "$SAVE_RUNS" - "$BIOME_NPM" lint --config-path "$T/biome.json" "$FILE"
	if [ -z "${SKIP_ESLINT:-}" ]; then
		spec "eslint" "1" 1 5 - "$ESLINT" -c "$T/eslint.config.mjs" "$FILE"
	fi
} >"$OUT/save.spec"
quiet
"$GEN" measure -spec "$OUT/save.spec" -base "cwl path" -ms -json "$OUT/save.json" >"$OUT/save.md"

# --- results -----------------------------------------------------------------------------
cd "$ROOT"
dirty=""
git diff --quiet HEAD -- . ':!bench' 2>/dev/null || dirty="+uncommitted changes"
{
	echo "### Results $(date -u +%Y-%m-%d)"
	echo
	echo "- Machine: $(nproc) cores used (of $(nproc --all)), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version | cut -d' ' -f3), node $(node --version)."
	echo "- Versions: convex-workos-lint $(git rev-parse --short HEAD 2>/dev/null || echo '?')$dirty ($("$CWL" rules | wc -l) rules), oxlint $OXLINT_VERSION, Biome $BIOME_VERSION, ESLint $ESLINT_VERSION with @typescript-eslint/parser $TSESLINT_PARSER_VERSION."
	echo "- Corpus: $CORPUS_KIND. $(sed 's/^corpus: //' "$OUT/corpus.txt"). $sources JS/TS files in all."
	echo "- GC: $gc_note. Machine still busy from other jobs at a measuring step: $BUSY."
	echo
	echo "**Full run over the corpus** (runs after one warm-up, round-robin; ESLint: no warm-up)"
	echo
	cat "$OUT/full.md"
	echo
	echo "**One file on save**: \`$FILE\` (process start included; 3 warm-ups; ESLint: 1 warm-up, 5 runs)"
	echo
	cat "$OUT/save.md"
} | tee "$OUT/results.md"
log "results also in .bench/out/results.md; every sample in .bench/out/*.json"
