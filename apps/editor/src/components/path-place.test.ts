import { describe, expect, it } from 'vitest'

import { folderInRoot } from './path-place'

describe('folderInRoot', () => {
  it('maps a value relative to the base folder into the root that is that folder', () => {
    expect(folderInRoot('.', 'datasets/mvtec_ad/bottle', 'folder')).toBe('datasets/mvtec_ad/bottle')
    expect(folderInRoot('.', 'weights/r18.safetensors', 'file')).toBe('weights')
  })

  it('maps a value below a root spelled relatively or absolutely, and nothing else', () => {
    expect(folderInRoot('/srv/images', '/srv/images/line1/good/', 'folder')).toBe('line1/good')
    expect(folderInRoot('/srv/images', '/srv/imagesX/a', 'folder')).toBeUndefined()
    expect(folderInRoot('data', 'data/a', 'folder')).toBe('a')
    expect(folderInRoot('.', '/etc', 'folder')).toBeUndefined()
    expect(folderInRoot('.', '../up', 'folder')).toBeUndefined()
    expect(folderInRoot('.', '', 'folder')).toBeUndefined()
  })
})
