#!/usr/bin/env node
"use strict";
// Runs the prebuilt convex-workos-lint binary that npm installed from the optionalDependencies
// package matching this platform, with the same arguments, stdio and exit code.

const { spawnSync } = require("node:child_process");

// process.platform + process.arch -> the package holding that binary (kept in step with
// release/main.go's Targets by the release test).
const packages = {
  "linux x64": "@convex-workos-lint/linux-x64",
  "linux arm64": "@convex-workos-lint/linux-arm64",
  "darwin x64": "@convex-workos-lint/darwin-x64",
  "darwin arm64": "@convex-workos-lint/darwin-arm64",
  "win32 x64": "@convex-workos-lint/win32-x64",
  "win32 arm64": "@convex-workos-lint/win32-arm64",
};

// Exit code 2 is the linter's own "the run failed": hooks and CI treat it as an error, not as
// findings.
function fail(message) {
  process.stderr.write(`convex-workos-lint: ${message}\n`);
  process.exit(2);
}

function binaryPath() {
  const override = process.env.CONVEX_WORKOS_LINT_BINARY;
  if (override) {
    return override;
  }
  const pkg = packages[`${process.platform} ${process.arch}`];
  if (!pkg) {
    fail(
      `no prebuilt binary for ${process.platform}/${process.arch} (there are binaries for ` +
        `${Object.keys(packages).map((k) => k.replace(" ", "/")).join(", ")}). Build it from ` +
        `source with Go instead (see the README), and set CONVEX_WORKOS_LINT_BINARY to its path.`,
    );
  }
  const exe = process.platform === "win32" ? "convex-workos-lint.exe" : "convex-workos-lint";
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch {
    fail(
      `the package ${pkg}, which holds the binary for this platform, is not installed. npm ` +
        `skips it when optional dependencies are omitted (--omit=optional, --no-optional) or ` +
        `when the lockfile was made on another platform without it: reinstall convex-workos-lint ` +
        `with optional dependencies.`,
    );
  }
}

const bin = binaryPath();
const result = spawnSync(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail(`cannot run ${bin}: ${result.error.message}`);
}
if (result.signal) {
  // Die of the same signal, so that the caller sees 128+n as it would from the binary itself.
  process.removeAllListeners(result.signal);
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 2);
