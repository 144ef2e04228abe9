#!/usr/bin/env bash
# `npm test`: everything CI runs, in order — system packages, lint, types, build, vitest (unit and
# integration against real servers, proxies and a real keychain), Playwright (the built renderer in
# Debian Chromium wired to the real core; the Electron smoke test where a binary exists).
set -uo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p .test-reports

step() { printf '\n==== %s ====\n' "$*"; }
failed=0

step "system packages"
bash test/setup/install-system-packages.sh || exit 1

step "lint"
npm run --silent lint || failed=1
step "typecheck"
npm run --silent typecheck || failed=1
step "build (app bundles, CLI, end-to-end harness)"
npm run --silent build || exit 1
node scripts/build-e2e-harness.mjs || exit 1

step "vitest: unit and integration"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json || failed=1

step "playwright: renderer in Chromium + Electron smoke test"
PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/playwright.json npx playwright test --reporter=list,json || failed=1

step "summary"
node scripts/summarize-tests.cjs .test-reports/vitest.json .test-reports/playwright.json || failed=1
exit $failed
