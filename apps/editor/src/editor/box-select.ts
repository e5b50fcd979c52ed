import type { NodeEditor } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'

import type { Selection } from './canvas-edits'
import type { AreaExtra, Schemes } from './schemes'

interface BoxSelectDeps {
  editor: NodeEditor<Schemes>
  area: AreaPlugin<Schemes, AreaExtra>
  selection: Selection
}

function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
}

/**
 * Shift+drag on the empty canvas draws a box and selects the nodes it touches (with Ctrl as well, adds
 * them to the selection); a plain drag still pans. Works in screen space, so the zoom does not matter.
 */
export function installBoxSelect({ editor, area, selection }: BoxSelectDeps): void {
  const container = area.container
  const onDown = (down: PointerEvent) => {
    if (!down.shiftKey || down.button !== 0 || down.target !== container) return
    // Before the area's own handler, which would start a pan.
    down.stopImmediatePropagation()
    down.preventDefault()
    const origin = container.getBoundingClientRect()
    const box = document.createElement('div')
    box.className = 'box-select'
    box.setAttribute('data-testid', 'box-select')
    container.append(box)
    const place = (x: number, y: number) => {
      Object.assign(box.style, {
        left: `${Math.min(x, down.clientX) - origin.left}px`,
        top: `${Math.min(y, down.clientY) - origin.top}px`,
        width: `${Math.abs(x - down.clientX)}px`,
        height: `${Math.abs(y - down.clientY)}px`,
      })
    }
    place(down.clientX, down.clientY)
    const onMove = (move: PointerEvent) => place(move.clientX, move.clientY)
    const onUp = async () => {
      window.removeEventListener('pointermove', onMove)
      const picked = box.getBoundingClientRect()
      box.remove()
      if (!down.ctrlKey && !down.metaKey) await selection.unselectAll()
      for (const node of editor.getNodes()) {
        const element = area.nodeViews.get(node.id)?.element
        if (element && overlaps(picked, element.getBoundingClientRect())) await selection.select(node.id, true)
      }
    }
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', () => void onUp(), { once: true })
  }
  container.addEventListener('pointerdown', onDown, { capture: true })
}
