import { useEffect } from 'react'

import { ColourBar } from './ColourBar'
import { ImagePanels } from './ImagePanels'
import type { ImageResult, PixelThreshold } from './results-data'

interface ImageViewerProps {
  images: ImageResult[]
  index: number
  threshold?: number
  mapRange?: [number, number]
  pixelThreshold?: PixelThreshold
  onIndex: (index: number) => void
  onClose: () => void
}

function verdict(image: ImageResult, threshold: number | undefined): string | undefined {
  if (threshold === undefined || image.score === undefined) return undefined
  const flagged = image.score >= threshold
  const right = (flagged ? 1 : 0) === image.label
  return `${flagged ? 'flagged anomalous' : 'passed as normal'} at threshold ${threshold.toPrecision(4)}: ${right ? 'correct' : flagged ? 'false positive' : 'false negative'}`
}

/**
 * One image large: its four panels (image, ground truth, heat map, predicted mask) when the run wrote
 * them, else its overlay; with its label, score and verdict. Arrows step, Escape closes.
 */
export function ImageViewer({ images, index, threshold, mapRange, pixelThreshold, onIndex, onClose }: ImageViewerProps) {
  const image = images[index]
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
      else if (event.key === 'ArrowRight') onIndex(Math.min(images.length - 1, index + 1))
      else if (event.key === 'ArrowLeft') onIndex(Math.max(0, index - 1))
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [images.length, index, onIndex, onClose])
  if (!image) return null
  const judged = verdict(image, threshold)
  return (
    <div className="modal-backdrop" onClick={onClose} data-testid="image-viewer">
      <figure className="image-viewer" onClick={(e) => e.stopPropagation()}>
        <header>
          <strong data-testid="image-viewer-name">{image.name}</strong>
          <span className="muted">
            {index + 1} / {images.length}
          </span>
          <button className="link-button" onClick={onClose} title="Close (Esc)">close</button>
        </header>
        <div className="image-viewer-body">
          <button className="step" disabled={index === 0} onClick={() => onIndex(index - 1)} title="Previous (←)">‹</button>
          {image.panels ? (
            <ImagePanels name={image.name} panels={image.panels} {...(mapRange ? { mapRange } : {})} {...(pixelThreshold ? { pixelThreshold } : {})} />
          ) : (
            <img src={image.overlayUrl} alt={`anomaly map of ${image.name}`} />
          )}
          <button className="step" disabled={index === images.length - 1} onClick={() => onIndex(index + 1)} title="Next (→)">›</button>
        </div>
        <figcaption>
          <span className={`dot ${image.label ? 'dot-anomalous' : 'dot-normal'}`} />
          {image.defectType ?? (image.label ? 'anomalous' : 'good')}
          {image.score !== undefined && <> · score <b>{image.score.toFixed(4)}</b></>}
          {judged && <span className={judged.endsWith('correct') ? 'verdict-ok' : 'verdict-bad'}> · {judged}</span>}
        </figcaption>
        {!image.panels && <ColourBar />}
      </figure>
    </div>
  )
}
