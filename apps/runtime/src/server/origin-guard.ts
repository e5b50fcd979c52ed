import type { IncomingMessage } from 'node:http'

import type { RequestHandler } from 'express'

import { HttpError } from './errors'

/**
 * The origin this server is being served as, from the Host header: the editor page, its REST calls and
 * its websocket all come from here. The server speaks plain http only, so the scheme is fixed.
 */
export function servedOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host
  if (!host) return undefined
  try {
    return new URL(`http://${host}`).origin
  } catch {
    return undefined
  }
}

function normalisedOrigin(value: string): string | undefined {
  try {
    const origin = new URL(value).origin
    return origin === 'null' ? undefined : origin
  } catch {
    return undefined
  }
}

/**
 * True when the request carries no Origin (curl, scripts, same-origin GETs) or one that equals the served
 * origin exactly: scheme, host and port. A page on another port of the same machine is another origin.
 */
export function originIsServed(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  const served = servedOrigin(req)
  return served !== undefined && normalisedOrigin(origin) === served
}

/**
 * True when a browser says the request was made by a page of another origin. `Sec-Fetch-Site` is sent
 * on every request by current browsers, also where Origin is not (image and script loads), and says
 * "same-site" for another port of the same host, which is exactly the case SameSite cookies let through.
 */
export function sentByAnotherOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true
  return !originIsServed(req)
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * Refuses cross-site writes. A web page can send a "simple" POST (form or text/plain body, no preflight)
 * to any local port; it cannot send an application/json body or a foreign Origin without the browser's
 * say. So every state-changing API request must come from the served origin when it names one, and a
 * body must be JSON. Body-less requests (cancel, delete) from a browser always carry an Origin.
 */
export function stateChangeGuard(): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) {
      next()
      return
    }
    if (sentByAnotherOrigin(req)) {
      const origin = req.headers.origin ?? `a page (Sec-Fetch-Site: ${String(req.headers['sec-fetch-site'])})`
      next(new HttpError(403, 'forbidden_origin', `${req.method} ${req.path} refused: sent from ${origin}, not from ${servedOrigin(req) ?? 'this server'}`))
      return
    }
    if (hasBody(req) && !isJson(req)) {
      const found = req.headers['content-type'] ?? 'no Content-Type'
      next(new HttpError(415, 'unsupported_media_type', `${req.method} ${req.path}: expected Content-Type application/json, found ${found}`))
      return
    }
    next()
  }
}
