import { isSocketType, SOCKET_TYPES, socketsCompatible, type SocketType } from '@inspectflow/graph-schema'
import { ClassicPreset } from 'rete'

/** One shared Rete socket per socket type; its `name` is the type name. */
const sockets = new Map<string, ClassicPreset.Socket>()

/** The Rete socket for a socket type name. */
export function socketFor(type: string): ClassicPreset.Socket {
  let socket = sockets.get(type)
  if (!socket) {
    socket = new ClassicPreset.Socket(type)
    sockets.set(type, socket)
  }
  return socket
}

/** The colour a socket type is drawn in (grey for types this editor does not know). */
export function socketColor(type: string): string {
  return isSocketType(type) ? SOCKET_TYPES[type].color : '#888888'
}

/** The one-line description of a socket type, for tooltips. */
export function socketDescription(type: string): string {
  return isSocketType(type) ? SOCKET_TYPES[type].description : 'unknown socket type'
}

/**
 * Why an output of type `from` cannot feed an input of type `to`, or undefined when it can.
 * Uses the shared `socketsCompatible` so the editor and the runtime never disagree.
 */
export function incompatibilityReason(from: string, to: string): string | undefined {
  if (isSocketType(from) && isSocketType(to) && socketsCompatible(from as SocketType, to as SocketType)) return undefined
  return `Cannot connect ${from} to ${to}: this input accepts ${to} only.`
}
