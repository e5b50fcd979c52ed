import { describe, expect, it } from 'vitest'

import { downloadProgress } from './download-progress'

function output(isTTY: boolean): { text: string[]; write(t: string): void; isTTY: boolean; columns: number } {
  const out = { text: [] as string[], write: (t: string) => void out.text.push(t), isTTY, columns: 80 }
  return out
}

describe('downloadProgress', () => {
  it('redraws one bar in place on a terminal and ends its line', () => {
    const out = output(true)
    const progress = downloadProgress(out, 'resnet18')
    progress.update(0, 4_000_000)
    progress.update(1_000_000, 4_000_000) // within 100 ms of the last redraw: skipped
    progress.update(4_000_000, 4_000_000) // the end is always drawn
    progress.finish()
    expect(out.text).toHaveLength(3)
    expect(out.text[0]).toMatch(/^\rresnet18 \[\.+\] 0% 0\.0\/4\.0 MB$/)
    expect(out.text[1]).toMatch(/^\rresnet18 \[#+\] 100% 4\.0\/4\.0 MB$/)
    expect(out.text[2]).toBe('\n')
  })

  it('writes a plain line per 10% in a log, and per 10 MB without a known size', () => {
    const log = output(false)
    const progress = downloadProgress(log, 'resnet18')
    for (let bytes = 0; bytes <= 1000; bytes += 25) progress.update(bytes * 1000, 1_000_000)
    expect(log.text).toHaveLength(11)
    expect(log.text[0]).toBe('resnet18 0% 0.0/1.0 MB\n')
    expect(log.text[10]).toBe('resnet18 100% 1.0/1.0 MB\n')
    const unknown = output(false)
    const open = downloadProgress(unknown, 'w')
    for (let mb = 0; mb <= 25; mb++) open.update(mb * 1_000_000, undefined)
    expect(unknown.text).toEqual(['w 0.0 MB\n', 'w 10.0 MB\n', 'w 20.0 MB\n'])
  })
})
