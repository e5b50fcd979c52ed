import { useState } from 'react'

import { ColourBar } from './ColourBar'
import { ImageViewer } from './ImageViewer'

import type { ImageResult, PixelThreshold } from './results-data'

type LabelFilter = 'all' | 'normal' | 'anomalous' | 'new'
type ErrorFilter = 'all' | 'errors' | 'correct'

function isError(image: ImageResult, threshold: number | undefined): boolean {
  if (threshold === undefined || image.score === undefined || image.inspect) return false
  return (image.score >= threshold ? 1 : 0) !== image.label
}

function keep(image: ImageResult, label: LabelFilter, error: ErrorFilter, threshold: number | undefined): boolean {
  if (label === 'new') return image.inspect === true
  if (label !== 'all' && image.inspect) return false
  if (label === 'normal' && image.label !== 0) return false
  if (label === 'anomalous' && image.label !== 1) return false
  if (error === 'errors' && !isError(image, threshold)) return false
  if (error === 'correct' && isError(image, threshold)) return false
  return true
}

/** A new image's decision at the threshold: what the line operator looks for first. */
function NewImageVerdict({ image, threshold }: { image: ImageResult; threshold: number | undefined }) {
  if (threshold === undefined || image.score === undefined) return <span className="dot" />
  const anomalous = image.score >= threshold
  return <strong className={anomalous ? 'verdict-anomalous' : 'verdict-normal'} data-testid="new-image-verdict">{anomalous ? 'ANOMALOUS ' : 'normal '}</strong>
}

/** Test images with their anomaly-map overlays, filterable by label and by decision error. */
export function OverlayGallery(props: { images: ImageResult[]; threshold?: number; mapRange?: [number, number]; pixelThreshold?: PixelThreshold }) {
  const [label, setLabel] = useState<LabelFilter>('all')
  const [error, setError] = useState<ErrorFilter>('all')
  const [open, setOpen] = useState<number>()
  const shown = props.images.filter((i) => i.overlayUrl && keep(i, label, error, props.threshold))
  const canJudge = props.threshold !== undefined && props.images.some((i) => i.score !== undefined)
  return (
    <section className="gallery" data-testid="overlay-gallery">
      <div className="gallery-filters">
        <label>
          Label{' '}
          <select value={label} onChange={(e) => setLabel(e.target.value as LabelFilter)} data-testid="filter-label">
            <option value="all">all</option>
            <option value="normal">normal</option>
            <option value="anomalous">anomalous</option>
            {props.images.some((i) => i.inspect) && <option value="new">new images</option>}
          </select>
        </label>
        <label>
          Decision{' '}
          <select value={error} onChange={(e) => setError(e.target.value as ErrorFilter)} data-testid="filter-error" disabled={!canJudge}>
            <option value="all">all</option>
            <option value="errors">errors only</option>
            <option value="correct">correct only</option>
          </select>
        </label>
        <span className="muted">{shown.length} shown · click an image to enlarge</span>
        <ColourBar />
      </div>
      <div className="gallery-grid">
        {shown.map((image, i) => (
          <figure
            key={image.overlayUrl ?? image.name}
            className={`tile ${isError(image, props.threshold) ? 'tile-error' : ''}`}
            onClick={() => setOpen(i)}
            data-testid="overlay-tile"
            data-label={image.label}
          >
            <img src={image.overlayUrl} alt={`anomaly map of ${image.name}`} loading="lazy" />
            <figcaption title={image.name}>
              {image.inspect ? <NewImageVerdict image={image} threshold={props.threshold} /> : <span className={`dot ${image.label ? 'dot-anomalous' : 'dot-normal'}`} />}
              {image.inspect ? 'new' : (image.defectType ?? (image.label ? 'anomalous' : 'good'))}
              {image.score !== undefined && ` · ${image.score.toFixed(3)}`}
            </figcaption>
          </figure>
        ))}
      </div>
      {open !== undefined && (
        <ImageViewer
          images={shown}
          index={open}
          {...(props.threshold !== undefined ? { threshold: props.threshold } : {})}
          {...(props.mapRange ? { mapRange: props.mapRange } : {})}
          {...(props.pixelThreshold ? { pixelThreshold: props.pixelThreshold } : {})}
          onIndex={setOpen}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  )
}
