import { describe, expect, it } from 'vitest'

import { emptyModel } from '../graph-adapter'
import { frameAround, insideFrame, readFrames, writeFrames } from './canvas-frames'

describe('canvas frames in ui.frames', () => {
  it('frames boxes with a margin and room for the title', () => {
    const frame = frameAround([{ left: 0, top: 100, right: 200, bottom: 180 }, { left: 300, top: 120, right: 500, bottom: 200 }], 'frame1', 'Features')
    expect(frame).toEqual({ id: 'frame1', x: -24, y: 52, width: 548, height: 172, title: 'Features' })
    expect(insideFrame(frame!, { left: 0, top: 100, right: 200, bottom: 180 })).toBe(true)
    expect(insideFrame(frame!, { left: 600, top: 100, right: 700, bottom: 180 })).toBe(false)
  })

  it('round-trips through ui, keeping entries of another shape', () => {
    const meta = { ...emptyModel().meta, ui: { frames: [{ group: 'x' }] } }
    const frame = { id: 'f', x: 0, y: 0, width: 10, height: 10, title: 't' }
    const out = writeFrames(meta, [frame])
    expect(out.ui?.frames).toEqual([frame, { group: 'x' }])
    expect(readFrames(out)).toEqual([frame])
  })
})
