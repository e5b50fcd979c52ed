/** Labels the unlabelled non-zero 8-neighbours of pixel `at` and pushes them onto the stack. */
function pushNeighbours(mask: Uint8Array, size: number, at: number, state: { labels: Int32Array; stack: Int32Array; top: number; label: number }): void {
  const y = Math.floor(at / size)
  const x = at - y * size
  for (let ny = Math.max(0, y - 1); ny <= Math.min(size - 1, y + 1); ny++) {
    for (let nx = Math.max(0, x - 1); nx <= Math.min(size - 1, x + 1); nx++) {
      const next = ny * size + nx
      if (mask[next] === 0 || state.labels[next] !== 0) continue
      state.labels[next] = state.label
      state.stack[state.top++] = next
    }
  }
}

/**
 * Labels the 8-connected components of the non-zero pixels of a size x size mask. Returns a label
 * per pixel (0 = background, 1..count) and the pixel count of each component (index 0 unused).
 * Iterative flood fill with an explicit stack, so large regions cannot overflow the call stack.
 */
export function connectedComponents(mask: Uint8Array, size: number): { labels: Int32Array; areas: number[] } {
  const state = { labels: new Int32Array(mask.length), stack: new Int32Array(mask.length), top: 0, label: 0 }
  const areas = [0]
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || state.labels[start] !== 0) continue
    state.label = areas.length
    state.labels[start] = state.label
    state.stack[state.top++] = start
    let area = 0
    while (state.top > 0) {
      area++
      pushNeighbours(mask, size, state.stack[--state.top] as number, state)
    }
    areas.push(area)
  }
  return { labels: state.labels, areas }
}
