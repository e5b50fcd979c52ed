import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

import type { RequestHandler } from 'express'

import { HttpError } from './errors'
import { sentByAnotherOrigin } from './origin-guard'

/** Name of the cookie the editor page receives after opening `/?token=...`. */
export const TOKEN_COOKIE = 'inspectflow_token'

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true
  if (bare === '::1') return true
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare
  return isIP(v4) === 4 && v4.startsWith('127.')
}

/** Compares two secrets in constant time (hashing first so different lengths leak nothing). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** Thrown for a token cookie that is not valid percent-encoding: the request is unauthenticated. */
class MalformedCookieError extends Error {}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key !== name) continue
    try {
      return decodeURIComponent(rest.join('='))
    } catch {
      throw new MalformedCookieError(`the ${name} cookie is not valid percent-encoding`)
    }
  }
  return undefined
}

function queryToken(url: string | undefined): string | undefined {
  const query = new URL(url ?? '/', 'http://local').searchParams
  return query.get('token') ?? undefined
}

/** A token and where it came from: the cookie is only honoured from the served origin. */
export interface GivenToken {
  token: string | undefined
  source: 'header' | 'query' | 'cookie' | 'none'
  /** Why the request counts as carrying no usable token, when it carries a broken one. */
  refused?: string
}

/** The token a request carries: `Authorization: Bearer`, then `?token=`, then the editor's cookie. */
export function requestToken(req: IncomingMessage): GivenToken {
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), source: 'header' }
  const query = queryToken(req.url)
  if (query !== undefined) return { token: query, source: 'query' }
  let cookie: string | undefined
  try {
    cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE)
  } catch (error) {
    if (error instanceof MalformedCookieError) return { token: undefined, source: 'cookie', refused: error.message }
    throw error
  }
  if (cookie === undefined) return { token: undefined, source: 'none' }
  // SameSite=Strict still sends the cookie to this port from a page on any other port of the host
  if (sentByAnotherOrigin(req)) return { token: undefined, source: 'cookie', refused: 'the token cookie is only accepted from pages of this server' }
  return { token: cookie, source: 'cookie' }
}

/** Host part of a Host header or an Origin URL, without the port. */
function hostName(value: string): string {
  const withScheme = value.includes('://') ? value : `http://${value}`
  try {
    return new URL(withScheme).hostname
  } catch {
    return value
  }
}

/** True when the request's Host header is absent or names this machine. */
export function hostHeaderIsLoopback(req: IncomingMessage): boolean {
  const host = req.headers.host
  return !host || isLoopbackHost(hostName(host))
}

/**
 * When bound to loopback only, refuses requests whose Host header names another machine: that is how
 * a web page on the internet reaches a local server through DNS rebinding.
 */
export function loopbackHostGuard(): RequestHandler {
  return (req, _res, next) => {
    const host = req.headers.host
    if (!hostHeaderIsLoopback(req)) {
      next(new HttpError(403, 'forbidden_host', `Host "${host}" is not a loopback name; open the editor at http://127.0.0.1`))
      return
    }
    next()
  }
}

/**
 * Requires the configured token on every request. A valid `?token=` on a page load also sets a
 * SameSite=Strict cookie, so the editor's own asset, REST and socket requests authenticate too.
 */
export function tokenGuard(token: string): RequestHandler {
  return (req, res, next) => {
    const given = requestToken(req)
    if (given.token === undefined || !tokensEqual(given.token, token)) {
      const why = given.refused ?? (given.token === undefined ? 'no token was sent' : 'the token does not match')
      next(new HttpError(401, 'unauthorized', `${why}: send "Authorization: Bearer <INSPECTFLOW_TOKEN>" or ?token=`))
      return
    }
    if (given.source === 'query') {
      res.cookie(TOKEN_COOKIE, given.token, { httpOnly: true, sameSite: 'strict', path: '/' })
    }
    next()
  }
}

/** socket.io handshake check: `auth: { token }`, else the same sources as a request. Never throws. */
export function socketTokenValid(token: string, req: IncomingMessage, auth: Record<string, unknown>): boolean {
  const given = typeof auth.token === 'string' ? auth.token : requestToken(req).token
  return given !== undefined && tokensEqual(given, token)
}

/**
 * Refuses a websocket opened by a page from another origin: browsers do not apply CORS to websockets,
 * so without this any web page could watch runs on a local server. The whole origin must match:
 * scheme, host and port.
 */
export function sameOriginHandshake(req: IncomingMessage): boolean {
  return !sentByAnotherOrigin(req)
}
