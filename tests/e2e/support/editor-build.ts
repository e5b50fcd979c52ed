import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** Repository root, found from this file. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')
const EDITOR_DIR = path.join(REPO_ROOT, 'apps/editor')
/** Where `vite build` writes the editor. */
export const EDITOR_DIST = path.join(EDITOR_DIR, 'dist')
// Inside node_modules/.cache so a lock left behind never shows up in git status.
const LOCK = path.join(REPO_ROOT, 'node_modules/.cache/inspectflow-editor-build.lock')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** True when dist/ is missing or older than any editor source file. */
export function editorBuildNeeded(): boolean {
  const index = path.join(EDITOR_DIST, 'index.html')
  if (!existsSync(index)) return true
  const sources = Math.max(newestMtime(path.join(EDITOR_DIR, 'src')), statSync(path.join(EDITOR_DIR, 'index.html')).mtimeMs)
  return sources > statSync(index).mtimeMs
}

function runViteBuild(): Promise<void> {
  const vite = path.join(REPO_ROOT, 'node_modules/.bin/vite')
  const local = path.join(EDITOR_DIR, 'node_modules/.bin/vite')
  return new Promise((resolve, reject) => {
    const child = spawn(existsSync(local) ? local : vite, ['build', '--logLevel', 'warn'], {
      cwd: EDITOR_DIR,
      stdio: ['ignore', 'ignore', 'pipe'],
      // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build of apps/editor exited with ${code}: ${stderr.slice(-2000)}`))))
  })
}

/** A lock left by a killed test process would block every later run: one older than 10 minutes is dropped. */
function removeStaleLock(): void {
  if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 10 * 60_000) rmdirSync(LOCK)
}

/**
 * Builds the editor once when dist/ is missing or stale. Test files run in parallel processes, so a
 * lock directory makes one build and the others wait for it.
 */
export async function ensureEditorBuild(timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!editorBuildNeeded()) return
    try {
      removeStaleLock()
      mkdirSync(path.dirname(LOCK), { recursive: true })
      mkdirSync(LOCK)
    } catch {
      if (Date.now() > deadline) throw new Error(`another process held ${LOCK} for ${timeoutMs} ms; remove it if no build is running`)
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    try {
      if (editorBuildNeeded()) await runViteBuild()
      return
    } finally {
      rmdirSync(LOCK)
    }
  }
}
