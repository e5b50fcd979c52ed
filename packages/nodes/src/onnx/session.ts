import type { InferenceSession } from 'onnxruntime-node'

import type { Engines } from '../engine/engines'

/** A ready session and the execution provider it actually got. */
export interface OnnxSession {
  session: InferenceSession
  provider: 'cpu' | 'cuda'
}

/**
 * Creates an onnxruntime session from model bytes with the engines' thread count and full graph
 * optimisation. CUDA is tried only when the engines ask for it; when its provider library is not
 * installed the session falls back to the CPU instead of failing the run.
 */
export async function createOnnxSession(engines: Engines, model: Uint8Array): Promise<OnnxSession> {
  const ort = await engines.onnx()
  const base: InferenceSession.SessionOptions = {
    intraOpNumThreads: engines.options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  }
  if (engines.options.provider === 'cuda') {
    try {
      const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cuda', 'cpu'] })
      return { session, provider: 'cuda' }
    } catch {
      // the CUDA provider library is missing or no GPU is visible: the CPU gives the same numbers
    }
  }
  const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] })
  return { session, provider: 'cpu' }
}

/**
 * Sessions already built, per Engines object and per model key. Building a ResNet session takes
 * hundreds of milliseconds and much memory, and every node of every run shares one Engines object, so
 * the sessions live as long as it does. A WeakMap keyed by the Engines object keeps this the only
 * module-level state: it holds nothing once the Engines object is gone, and tests that create their
 * own Engines never see each other's sessions.
 */
const sessionsByEngines = new WeakMap<Engines, Map<string, Promise<OnnxSession>>>()

/**
 * Sessions kept per Engines. A graph uses one or two backbones at a time (pretrained and fine-tuned);
 * older sessions are released so that a long-lived server does not collect one per fine-tuning run.
 */
export const MAX_CACHED_SESSIONS = 4

/**
 * Returns the session for `key`, building it with `buildModel` on first use; the least recently used
 * session beyond {@link MAX_CACHED_SESSIONS} is released. A failed build is forgotten so that the next
 * call tries again.
 */
export function cachedOnnxSession(engines: Engines, key: string, buildModel: () => Uint8Array): Promise<OnnxSession> {
  let sessions = sessionsByEngines.get(engines)
  if (!sessions) {
    sessions = new Map()
    sessionsByEngines.set(engines, sessions)
  }
  const existing = sessions.get(key)
  if (existing) {
    // re-insert so that Map order is least-recently-used first
    sessions.delete(key)
    sessions.set(key, existing)
    return existing
  }
  const created = createOnnxSession(engines, buildModel())
  sessions.set(key, created)
  created.catch(() => sessions.delete(key))
  for (const [oldKey, old] of sessions) {
    if (sessions.size <= MAX_CACHED_SESSIONS) break
    sessions.delete(oldKey)
    old.then(({ session }) => session.release()).catch(() => undefined)
  }
  return created
}
