import type { Server as HttpServer } from 'node:http'

import { Server as SocketServer } from 'socket.io'

import { hostHeaderIsLoopback, sameOriginHandshake, socketTokenValid } from '../server/auth'
import { errorBody, toHttpError } from '../server/errors'
import type { ServerLimits } from '../server/server-options'
import { guardSocket } from '../server/socket-guards'
import { PackageError } from './package-errors'
import type { PackageService } from './package-service'

/** Where the camera-loop socket listens, apart from the editor's socket (whose messages are small). */
export const INSPECT_SOCKET_PATH = '/inspect-socket'

/** What the inspect socket needs from the server. */
export interface InspectSocketDeps {
  packages: PackageService
  limits: ServerLimits
  token: string | undefined
  loopbackOnly: boolean
  /** Largest image one message may carry, in bytes. */
  maxImageBytes: number
  onWarning?: (message: string) => void
}

function reply(ack: unknown, answer: unknown): void {
  if (typeof ack === 'function') (ack as (answer: unknown) => void)(answer)
}

async function inspect(deps: InspectSocketDeps, payload: unknown, ack: unknown): Promise<void> {
  const { package: name, image } = (payload ?? {}) as { package?: unknown; image?: unknown }
  if (typeof name !== 'string' || !(Buffer.isBuffer(image) || image instanceof Uint8Array)) {
    reply(ack, { ok: false, error: { code: 'bad_request', message: 'inspect expects { package: string, image: <image bytes> }' } })
    return
  }
  try {
    const answer = await deps.packages.inspect(name, Buffer.from(image as Uint8Array))
    reply(ack, { ok: true, ...answer })
  } catch (error) {
    const http = toHttpError(error instanceof PackageError ? Object.assign(new Error(error.message), { status: 400 }) : error)
    reply(ack, { ok: false, error: errorBody(http).error })
  }
}

/**
 * The socket.io variant of `POST /api/packages/:name/inspect`, for a camera loop that keeps one
 * connection open: `inspect { package, image }` with an acknowledgement answering `{ ok, score,
 * threshold, anomalous, mapUrl, ms }`. Its own socket.io server on its own path, so that its message
 * size limit (an image) does not loosen the editor socket's; the same origin, host and token checks and
 * per-socket rate limits apply. Returns the closer.
 */
export function attachInspectSocket(http: HttpServer, deps: InspectSocketDeps): () => void {
  const io = new SocketServer(http, {
    path: INSPECT_SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: deps.maxImageBytes + 4096,
    allowRequest: (req, callback) => callback(null, sameOriginHandshake(req) && (!deps.loopbackOnly || hostHeaderIsLoopback(req))),
  })
  const { token } = deps
  if (token !== undefined) {
    io.use((socket, next) => {
      if (socketTokenValid(token, socket.request, socket.handshake.auth)) next()
      else next(new Error('unauthorized: pass the server token as auth: { token }'))
    })
  }
  const guardLimits = { maxBufferedBytes: deps.limits.maxSocketBufferedBytes, messagesPerSecond: deps.limits.socketMessagesPerSecond, messageBurst: deps.limits.socketMessageBurst }
  io.on('connection', (socket) => {
    guardSocket(socket, guardLimits, deps.onWarning ?? (() => {}))
    socket.on('inspect', (payload: unknown, ack: unknown) => void inspect(deps, payload, ack))
  })
  // not io.close(): that closes the HTTP server too, which the main server closes itself
  return () => {
    io.disconnectSockets(true)
    io.engine.close()
  }
}
