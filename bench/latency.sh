#!/usr/bin/env bash
# On-save latency: one file of a mid-size Next.js + Convex + WorkOS AuthKit app linted the way
# an editor does it, process start included, with the project context (auth config, env files,
# package.json, imports) loaded from disk on every run. Prints the median in milliseconds.
#
#   bash bench/latency.sh            # builds the linter, generates the app, measures
#
# Environment: RUNS (default 200), FILES (approximate app size, default 1500),
# DIR (where the generated app goes, default .bench/latency, git-ignored),
# COMPARE=1 also times oxlint and Biome on the same file (installed with npm under DIR).
# Uses hyperfine when installed (apt-get install hyperfine), else a date +%s%N loop.
set -euo pipefail

RUNS=${RUNS:-200}
FILES=${FILES:-1500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${DIR:-$ROOT/.bench/latency}
APP=$DIR/app
BIN=$DIR/convex-workos-lint
OXLINT_VERSION=1.94.0
BIOME_VERSION=2.6.8

log() { printf '== %s\n' "$*" >&2; }

log "building the linter"
mkdir -p "$DIR"
(cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/convex-workos-lint)

# --- the app -----------------------------------------------------------------------------
# Shaped like a real one: app/ routes with pages, layouts, loading states and API routes;
# components/ that import each other and call Convex and AuthKit hooks; lib/ and hooks/;
# convex/ functions with their _generated code; env files; node_modules at the root.
gen() {
	rm -rf "$APP"
	mkdir -p "$APP"/{app,components,lib,hooks,convex/_generated,node_modules/convex/dist}
	cd "$APP"
	local n_convex=$((FILES * 13 / 100)) n_routes=$((FILES * 10 / 100)) n_api=$((FILES * 3 / 100))
	local n_lib=$((FILES * 13 / 100)) n_hooks=$((FILES * 7 / 100))
	local n_comp=$((FILES - n_convex - 2 * n_routes - n_api - n_lib - n_hooks - 16))
	cat >package.json <<-'EOF'
		{
		  "name": "acme-dashboard",
		  "private": true,
		  "scripts": { "dev": "npm-run-all --parallel dev:frontend dev:backend", "build": "next build" },
		  "dependencies": {
		    "@workos-inc/authkit-nextjs": "^2.4.0",
		    "convex": "^1.25.0",
		    "next": "15.3.0",
		    "react": "^19.0.0",
		    "react-dom": "^19.0.0",
		    "zod": "^3.24.0"
		  },
		  "devDependencies": { "typescript": "^5.8.0", "@types/react": "^19.0.0" }
		}
	EOF
	printf '%s\n' 'node_modules/' '.next/' '.env*.local' >.gitignore
	printf '%s\n' 'WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX' 'WORKOS_API_KEY=sk_test_placeholder0000000000000000' \
		'WORKOS_COOKIE_PASSWORD=0123456789abcdef0123456789abcdef0123' 'NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback' \
		'NEXT_PUBLIC_CONVEX_URL=https://happy-otter-123.convex.cloud' >.env.local
	sed 's/=.*/=/' .env.local >.env.example
	printf '{ "compilerOptions": { "strict": true, "jsx": "preserve", "paths": { "@/*": ["./*"] } } }\n' >tsconfig.json
	printf 'export default { reactStrictMode: true };\n' >next.config.mjs
	printf '{"name":"convex","version":"1.25.0"}\n' >node_modules/convex/package.json
	printf 'export {};\n' >node_modules/convex/dist/index.js
	cat >middleware.ts <<-'EOF'
		import { authkitMiddleware } from "@workos-inc/authkit-nextjs";

		export default authkitMiddleware({
		  middlewareAuth: { enabled: true, unauthenticatedPaths: ["/", "/sign-in"] },
		});

		export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
	EOF
	mkdir -p app/callback app/sign-in
	cat >app/callback/route.ts <<-'EOF'
		import { handleAuth } from "@workos-inc/authkit-nextjs";

		export const GET = handleAuth({ returnPathname: "/dashboard" });
	EOF
	cat >app/sign-in/route.ts <<-'EOF'
		import { redirect } from "next/navigation";
		import { getSignInUrl } from "@workos-inc/authkit-nextjs";

		export async function GET() {
		  return redirect(await getSignInUrl());
		}
	EOF
	cat >app/layout.tsx <<-'EOF'
		import type { ReactNode } from "react";
		import { AuthKitProvider } from "@workos-inc/authkit-nextjs/components";
		import { ConvexClientProvider } from "@/components/ConvexClientProvider";

		export default function RootLayout({ children }: { children: ReactNode }) {
		  return (
		    <html lang="en">
		      <body>
		        <AuthKitProvider>
		          <ConvexClientProvider>{children}</ConvexClientProvider>
		        </AuthKitProvider>
		      </body>
		    </html>
		  );
		}
	EOF
	printf 'export default function Home() {\n  return <main>Welcome</main>;\n}\n' >app/page.tsx
	cat >components/ConvexClientProvider.tsx <<-'EOF'
		"use client";
		import { ReactNode, useCallback } from "react";
		import { ConvexReactClient, ConvexProviderWithAuth } from "convex/react";
		import { useAuth, useAccessToken } from "@workos-inc/authkit-nextjs/components";

		const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);

		export function ConvexClientProvider({ children }: { children: ReactNode }) {
		  return (
		    <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
		      {children}
		    </ConvexProviderWithAuth>
		  );
		}

		function useAuthFromAuthKit() {
		  const { user, loading } = useAuth();
		  const { getAccessToken, refresh } = useAccessToken();
		  const fetchAccessToken = useCallback(
		    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
		      if (!user) return null;
		      return (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null;
		    },
		    [user, refresh, getAccessToken],
		  );
		  return { isLoading: loading, isAuthenticated: !!user, fetchAccessToken };
		}
	EOF
	cat >convex/auth.config.ts <<-'EOF'
		const clientId = process.env.WORKOS_CLIENT_ID;

		export default {
		  providers: [
		    {
		      type: "customJwt",
		      issuer: "https://api.workos.com/",
		      algorithm: "RS256",
		      applicationID: clientId,
		      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
		    },
		    {
		      type: "customJwt",
		      issuer: `https://api.workos.com/user_management/${clientId}`,
		      algorithm: "RS256",
		      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
		    },
		  ],
		};
	EOF
	printf 'import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n\nexport default defineSchema({\n  items: defineTable({ owner: v.string(), title: v.string(), done: v.boolean() }).index("by_owner", ["owner"]),\n});\n' >convex/schema.ts
	for f in api.d.ts api.js server.d.ts server.js dataModel.d.ts; do
		printf '/* eslint-disable */\n// Generated by convex dev. Do not edit.\nexport declare const api: any;\nexport declare const internal: any;\n' >"convex/_generated/$f"
	done

	local i
	for ((i = 0; i < n_convex; i++)); do
		cat >"convex/module$i.ts" <<-EOF
			import { v } from "convex/values";
			import { query, mutation } from "./_generated/server";

			// Items of the signed-in user, module $i.
			export const list = query({
			  args: { limit: v.optional(v.number()) },
			  handler: async (ctx, args) => {
			    const identity = await ctx.auth.getUserIdentity();
			    if (identity === null) throw new Error("Not authenticated");
			    return await ctx.db
			      .query("items")
			      .withIndex("by_owner", (q) => q.eq("owner", identity.subject))
			      .take(args.limit ?? 50);
			  },
			});

			export const add = mutation({
			  args: { title: v.string() },
			  handler: async (ctx, args) => {
			    const identity = await ctx.auth.getUserIdentity();
			    if (identity === null) throw new Error("Not authenticated");
			    await ctx.db.insert("items", { owner: identity.subject, title: args.title, done: false });
			  },
			});
		EOF
	done
	for ((i = 0; i < n_lib; i++)); do
		cat >"lib/util$i.ts" <<-EOF
			import { z } from "zod";

			export const schema$i = z.object({ id: z.string(), title: z.string().min(1), done: z.boolean() });
			export type Item$i = z.infer<typeof schema$i>;

			export function format$i(items: Item$i[]): string {
			  return items
			    .filter((item) => !item.done)
			    .map((item, n) => \`\${n + 1}. \${item.title}\`)
			    .join("\\n");
			}

			export function chunk$i<T>(xs: T[], size = 10): T[][] {
			  const out: T[][] = [];
			  for (let k = 0; k < xs.length; k += size) out.push(xs.slice(k, k + size));
			  return out;
			}
		EOF
	done
	# Half the hooks wrap Convex queries, half are plain React.
	for ((i = 0; i < n_hooks; i++)); do
		if ((i % 2 == 0)); then
			cat >"hooks/useItems$i.ts" <<-EOF
				"use client";
				import { useConvexAuth, useQuery } from "convex/react";
				import { api } from "@/convex/_generated/api";

				export function useItems$i(limit = 20) {
				  const { isAuthenticated } = useConvexAuth();
				  return useQuery(api.module$((i % n_convex)).list, isAuthenticated ? { limit } : "skip");
				}
			EOF
		else
			cat >"hooks/useItems$i.ts" <<-EOF
				"use client";
				import { useEffect, useState } from "react";

				export function useItems$i<T>(value: T, delay = 250): T {
				  const [debounced, setDebounced] = useState(value);
				  useEffect(() => {
				    const id = setTimeout(() => setDebounced(value), delay);
				    return () => clearTimeout(id);
				  }, [value, delay]);
				  return debounced;
				}
			EOF
		fi
	done
	# Components: 6 in 10 presentational, 3 in 10 read Convex data, 1 in 10 also uses AuthKit.
	for ((i = 0; i < n_comp; i++)); do
		local dep=$(((i * 7 + 3) % n_comp)) lib=$((i % n_lib)) hook=$(((i % n_hooks) / 2 * 2))
		if ((i % 10 < 6)); then
			cat >"components/Widget$i.tsx" <<-EOF
				import type { ReactNode } from "react";
				import { chunk$lib } from "@/lib/util$lib";

				export function Widget$i({ title, items = [], children }: { title: string; items?: string[]; children?: ReactNode }) {
				  return (
				    <section className="rounded border p-4" aria-label={title}>
				      <h2 className="text-lg font-semibold">{title}</h2>
				      {chunk$lib(items, 5).map((row, n) => (
				        <ul key={n} className="flex gap-2">
				          {row.map((item) => <li key={item}>{item}</li>)}
				        </ul>
				      ))}
				      {children}
				    </section>
				  );
				}
			EOF
		else
			local authImport="" authLine="  const user = { firstName: title };" 
			if ((i % 10 == 9)); then
				authImport='import { useAuth } from "@workos-inc/authkit-nextjs/components";'
				authLine="  const { user } = useAuth();"
			fi
			cat >"components/Widget$i.tsx" <<-EOF
				"use client";
				import { useState } from "react";
				$authImport
				import { useMutation } from "convex/react";
				import { api } from "@/convex/_generated/api";
				import { useItems$hook } from "@/hooks/useItems$hook";
				import { format$lib } from "@/lib/util$lib";
				import { Widget$dep } from "./Widget$dep";

				export function Widget$i({ title, nested = false }: { title: string; nested?: boolean }) {
				$authLine
				  const items = useItems$hook(10);
				  const add = useMutation(api.module$((i % n_convex)).add);
				  const [draft, setDraft] = useState("");
				  if (!user) return null;
				  return (
				    <section aria-label={title}>
				      <h2>{title} for {user.firstName}</h2>
				      <pre>{format$lib((items ?? []).map((x) => ({ id: x._id, title: x.title, done: x.done })))}</pre>
				      <input value={draft} onChange={(e) => setDraft(e.target.value)} />
				      <button onClick={() => add({ title: draft })}>Add</button>
				      {nested ? null : <Widget$dep title="Related" />}
				    </section>
				  );
				}
			EOF
		fi
	done
	for ((i = 0; i < n_routes; i++)); do
		mkdir -p "app/(dashboard)/section$i"
		cat >"app/(dashboard)/section$i/page.tsx" <<-EOF
			import { withAuth } from "@workos-inc/authkit-nextjs";
			import { Widget$((i % n_comp)) } from "@/components/Widget$((i % n_comp))";
			import { Widget$(((i + 1) % n_comp)) } from "@/components/Widget$(((i + 1) % n_comp))";

			export default async function Section$i() {
			  const { user } = await withAuth({ ensureSignedIn: true });
			  return (
			    <main>
			      <h1>Section $i for {user.firstName ?? user.email}</h1>
			      <Widget$((i % n_comp)) title="Recent" />
			      <Widget$(((i + 1) % n_comp)) title="Pinned" />
			    </main>
			  );
			}
		EOF
		printf 'export default function Loading() {\n  return <p>Loading section %d…</p>;\n}\n' "$i" >"app/(dashboard)/section$i/loading.tsx"
	done
	for ((i = 0; i < n_api; i++)); do
		mkdir -p "app/api/hook$i"
		cat >"app/api/hook$i/route.ts" <<-EOF
			import { NextResponse } from "next/server";
			import { withAuth } from "@workos-inc/authkit-nextjs";

			export async function GET() {
			  const { user } = await withAuth();
			  if (!user) return NextResponse.json({ error: "unauthorized" }, { status: 401 });
			  return NextResponse.json({ id: user.id, hook: $i });
			}
		EOF
	done
	git init -q . 2>/dev/null || true
	cd - >/dev/null
}

stamp="$FILES $(sha256sum "$0" | cut -c1-16)"
if [ "$(cat "$DIR/app.stamp" 2>/dev/null)" != "$stamp" ]; then
	log "generating a Next.js + Convex app of about $FILES files in $APP"
	gen
	echo "$stamp" >"$DIR/app.stamp"
fi
count=$(cd "$APP" && find . -path ./node_modules -prune -o -path ./.git -prune -o -path ./convex/_generated -prune -o -type f -print | wc -l)
log "$count files outside node_modules and convex/_generated"

# The file being saved: a dashboard page that imports components, which import hooks and lib.
TARGET="app/(dashboard)/section7/page.tsx"
cd "$APP"
# The generated app is meant to be clean: findings are shown (a new rule may disagree), but only
# a failed run (exit 2) stops the measurement.
code=0
"$BIN" --no-color --stdin-filename "$TARGET" <"$TARGET" >&2 || code=$?
[ "$code" -lt 2 ] || { echo "latency.sh: the linter failed (exit $code)" >&2; exit 1; }

# median_ms NAME COMMAND: the median wall time of COMMAND (run by sh in $APP), in ms.
median_ms() {
	local name=$1 cmd=$2
	if command -v hyperfine >/dev/null; then
		# Not next to the app: a results file named biome.json would be read as Biome's config.
		local json=$DIR/results/$name.hyperfine.json
		mkdir -p "$DIR/results"
		# -i: linters exit 1 on findings.
		hyperfine --style none -i --warmup 10 --runs "$RUNS" --export-json "$json" "$cmd" >/dev/null
		python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms (min %.1f ms)" % (r["median"] * 1000, r["min"] * 1000))' "$json"
	else
		local k t0 t1
		for ((k = 0; k < 10; k++)); do sh -c "$cmd" >/dev/null 2>&1 || true; done
		for ((k = 0; k < RUNS; k++)); do
			t0=$(date +%s%N)
			sh -c "$cmd" >/dev/null 2>&1 || true
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000))
		done | sort -n | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f ms (min %.1f ms)\n", m / 1000, a[1] / 1000}'
	fi
}

q="'$TARGET'"
stdin_ms=$(median_ms stdin "'$BIN' --no-color --stdin-filename $q < $q")
file_ms=$(median_ms file "'$BIN' --no-color $q")
conv_ms=$(median_ms convex "'$BIN' --no-color convex/module7.ts")
# The floor: the same stdin run with every rule off (process start, config, the project walk).
"$BIN" rules | awk 'BEGIN { printf "{\"rules\": {" } { printf "%s\"%s\": \"off\"", (NR > 1 ? ", " : ""), $1 } END { print "}}" }' >"$DIR/all-off.json"
floor_ms=$(median_ms floor "'$BIN' --no-color --config '$DIR/all-off.json' --stdin-filename $q < $q")
echo "convex-workos-lint, $TARGET on save ($count-file app, $(nproc) CPUs, median of $RUNS runs, process start included):"
printf '  %-52s %s\n' "buffer on stdin (--stdin-filename)" "$stdin_ms" \
	"saved file" "$file_ms" "saved file convex/module7.ts" "$conv_ms" \
	"buffer on stdin, every rule off (the floor)" "$floor_ms"

if [ "${COMPARE:-}" = 1 ]; then
	T=$DIR/tools
	if [ ! -x "$T/node_modules/.bin/oxlint" ] || [ ! -x "$T/node_modules/.bin/biome" ]; then
		log "installing oxlint@$OXLINT_VERSION and @biomejs/biome@$BIOME_VERSION in $T"
		mkdir -p "$T"
		npm install --prefix "$T" --no-audit --no-fund --loglevel=error \
			"oxlint@$OXLINT_VERSION" "@biomejs/biome@$BIOME_VERSION" >/dev/null
	fi
	# oxlint's npm package is a Node.js program (a native addon), so Node's start is part of it.
	# Biome's npm bin is a Node.js launcher for a native binary: time the binary itself, as the
	# editor integrations run it.
	biome=$(ls "$T"/node_modules/@biomejs/cli-*/biome 2>/dev/null | head -n 1)
	ox_ms=$(median_ms oxlint "'$T/node_modules/.bin/oxlint' $q")
	bi_ms=$(median_ms biome "'$biome' lint $q")
	bis_ms=$(median_ms biome-stdin "'$biome' lint --stdin-file-path=$q < $q")
	echo "The same file with other linters (default rules, median of $RUNS runs):"
	printf '  %-52s %s\n' "oxlint $OXLINT_VERSION (npm, through Node.js)" "$ox_ms" \
		"biome $BIOME_VERSION lint (native binary)" "$bi_ms" "biome $BIOME_VERSION lint --stdin-file-path (native)" "$bis_ms"
fi
echo "median_ms=${stdin_ms%% *}"
