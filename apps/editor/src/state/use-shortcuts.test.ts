import { describe, expect, it } from 'vitest'

import { shortcutFor } from './use-shortcuts'

const key = (k: string, mods: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean } = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, ...mods })

describe('shortcuts', () => {
  it('redoes on Ctrl+Shift+Z and Ctrl+Y, undoes on Ctrl+Z', () => {
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo')
    expect(shortcutFor(key('y', { metaKey: true }), false)).toBe('redo')
    expect(shortcutFor(key('z', { ctrlKey: true }), false)).toBe('undo')
  })

  it('leaves undo and plain keys to a text field being typed in, but still saves', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), true)).toBeUndefined()
    expect(shortcutFor(key('-'), true)).toBeUndefined()
    expect(shortcutFor(key('s', { ctrlKey: true }), true)).toBe('save')
  })

  it('runs on Ctrl+Enter, also from a form field', () => {
    expect(shortcutFor(key('Enter', { ctrlKey: true }), true)).toBe('run')
    expect(shortcutFor(key('Enter'), false)).toBeUndefined()
  })

  it('zooms and fits with + - and .', () => {
    expect([shortcutFor(key('+'), false), shortcutFor(key('-'), false), shortcutFor(key('.'), false)]).toEqual(['zoomIn', 'zoomOut', 'fit'])
  })
})
