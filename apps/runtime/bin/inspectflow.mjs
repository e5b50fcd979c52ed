#!/usr/bin/env node
// Entry point of the `inspectflow` command. The sources are TypeScript; tsx compiles them on load so
// that `npx inspectflow` works straight after `npm install`, with no build step.
import { exitWithWrapper, relaunchWithHugePages } from './huge-pages.mjs'

if (!(await relaunchWithHugePages())) {
  exitWithWrapper()
  const { register } = await import('tsx/esm/api')
  register()
  const { main } = await import('../src/cli/main.ts')
  process.exitCode = await main(process.argv.slice(2))
}
