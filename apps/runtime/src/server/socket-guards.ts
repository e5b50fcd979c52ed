import type { Socket } from 'socket.io'

/** Per-socket limits: what one client may send and how much unsent output it may leave behind. */
export interface SocketGuardLimits {
  /** Unsent bytes (engine queue plus the websocket's own buffer) past which the socket is dropped. */
  maxBufferedBytes: number
  /** Messages per second a socket may send on average... */
  messagesPerSecond: number
  /** ...and at once after a quiet spell. */
  messageBurst: number
}

/** Messages refused in a row after which a socket counts as flooding and is dropped. */
const FLOOD_DISCONNECT_AFTER = 1000

/** What engine.io keeps per connection that the guards read; not part of socket.io's typings. */
interface EngineConnection {
  readyState: string
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } }
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void
  on(event: 'flush', listener: (packets: { data?: unknown }[]) => void): void
  close(discard?: boolean): void
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength
  return 0
}

/**
 * Drops the connection at once, buffers included. A polite close waits for the queued output to drain,
 * which a client that never reads never lets happen, and the memory stayed held after it left.
 */
function dropNow(socket: Socket): void {
  const conn = socket.conn as unknown as EngineConnection
  conn.transport?.socket?.terminate?.()
  socket.disconnect(true)
  conn.close(true)
}

/**
 * Disconnects a socket whose unsent output passes the limit: a client that subscribes and never reads
 * otherwise makes the server keep every message for it (1.5 GB after 80,000 subscribes).
 */
function capBufferedOutput(socket: Socket, maxBytes: number, onDrop: (why: string) => void): void {
  const conn = socket.conn as unknown as EngineConnection
  let queued = 0
  let dropped = false
  conn.on('flush', (packets) => {
    for (const packet of packets) queued -= sizeOf(packet.data)
  })
  conn.on('packetCreate', (packet) => {
    queued += sizeOf(packet.data)
    const buffered = queued + (conn.transport?.socket?.bufferedAmount ?? 0)
    if (buffered > maxBytes && !dropped) {
      dropped = true
      onDrop(`socket ${socket.id} left ${buffered} bytes unread (limit ${maxBytes}); disconnected`)
      // not inside engine.io's own send loop
      setImmediate(() => dropNow(socket))
    }
  })
}

/**
 * A token bucket per socket: a message past the rate is answered `rate_limited` (when it wants an
 * answer) and dropped; a socket that keeps sending at many times the rate is disconnected.
 */
function limitMessageRate(socket: Socket, limits: SocketGuardLimits, onDrop: (why: string) => void): void {
  let tokens = limits.messageBurst
  let last = performance.now()
  let refusedInARow = 0
  socket.use((packet, next) => {
    const now = performance.now()
    tokens = Math.min(limits.messageBurst, tokens + ((now - last) / 1000) * limits.messagesPerSecond)
    last = now
    if (tokens >= 1) {
      tokens -= 1
      refusedInARow = 0
      next()
      return
    }
    refusedInARow++
    const ack = packet.at(-1)
    if (typeof ack === 'function') {
      ;(ack as (answer: unknown) => void)({
        ok: false,
        error: { code: 'rate_limited', message: `more than ${limits.messagesPerSecond} messages per second on this socket; slow down` },
      })
    }
    if (refusedInARow > FLOOD_DISCONNECT_AFTER) {
      onDrop(`socket ${socket.id} kept sending past ${limits.messagesPerSecond} messages per second; disconnected`)
      dropNow(socket)
    }
  })
}

/** Puts both guards on a newly connected socket. */
export function guardSocket(socket: Socket, limits: SocketGuardLimits, onDrop: (why: string) => void): void {
  capBufferedOutput(socket, limits.maxBufferedBytes, onDrop)
  limitMessageRate(socket, limits, onDrop)
}
