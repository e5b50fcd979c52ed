/** A short message over the canvas (e.g. why a connection was refused). */
export interface ToastMessage {
  id: number
  kind: 'error' | 'info'
  text: string
}

/** Stack of toasts; each disappears on its own after a few seconds (the app removes it). */
export function Toasts({ toasts }: { toasts: ToastMessage[] }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} data-testid={t.kind === 'error' ? 'toast-error' : 'toast-info'}>
          {t.text}
        </div>
      ))}
    </div>
  )
}
