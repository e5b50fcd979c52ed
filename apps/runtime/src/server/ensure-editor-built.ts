import { spawn } from 'node:child_process'
import path from 'node:path'

import { editorBuilt } from './editor-static'
import { REPO_ROOT } from './server-options'

/** Where the editor's Vite build lands. */
export const EDITOR_DIST = path.join(REPO_ROOT, 'apps', 'editor', 'dist')

/**
 * Builds the editor (`npm run build --workspace apps/editor`) when apps/editor/dist/index.html is
 * missing. Build output goes to stderr so stdout keeps only the server's own lines. Resolves true when
 * a built editor is there afterwards.
 */
export async function ensureEditorBuilt(dist = EDITOR_DIST): Promise<boolean> {
  if (editorBuilt(dist)) return true
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const code = await new Promise<number>((resolve) => {
    const child = spawn(npm, ['run', 'build', '--workspace', 'apps/editor'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 2, 2],
      // a build started from tests (NODE_ENV=test) would otherwise bundle React's development build
      env: { ...process.env, NODE_ENV: 'production' },
    })
    child.on('error', () => resolve(1))
    child.on('exit', (exitCode) => resolve(exitCode ?? 1))
  })
  return code === 0 && editorBuilt(dist)
}
