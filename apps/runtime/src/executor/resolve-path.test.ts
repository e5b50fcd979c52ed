import { mkdir, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'

import { NodeInputError } from '@inspectflow/nodes'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createPathResolver } from './resolve-path'
import { tempDir } from '../../test/run-helpers'

let dir: string
beforeEach(async () => {
  dir = await tempDir()
  await mkdir(join(dir, 'data', 'bottle'), { recursive: true })
  await mkdir(join(dir, 'secret'), { recursive: true })
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('createPathResolver', () => {
  it('resolves relative paths against the base dir when unrestricted', () => {
    expect(createPathResolver(dir)('data/bottle', 'root')).toBe(join(dir, 'data', 'bottle'))
  })

  it('accepts paths inside a data root, even ones that do not exist yet', () => {
    const resolve = createPathResolver(dir, ['data'])
    expect(resolve('data/bottle', 'root')).toBe(join(dir, 'data', 'bottle'))
    expect(resolve('data/new/file.png', 'root')).toBe(join(dir, 'data', 'new', 'file.png'))
  })

  it('refuses a path escaping the roots, naming the field', () => {
    const resolve = createPathResolver(dir, ['data'])
    expect(() => resolve('data/../secret', 'root')).toThrow(NodeInputError)
    expect(() => resolve('/etc/passwd', 'weightsPath')).toThrow(/^weightsPath: expected a path inside the data roots/)
  })

  it('refuses a symlink inside a root that points outside it', async () => {
    await symlink(join(dir, 'secret'), join(dir, 'data', 'link'))
    const resolve = createPathResolver(dir, ['data'])
    expect(() => resolve('data/link/key.txt', 'root')).toThrow(NodeInputError)
  })
})
