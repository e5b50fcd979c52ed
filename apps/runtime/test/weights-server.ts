import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A real HTTP server on 127.0.0.1 that serves one file, as a model hub would: 200 with the whole
 * file, 206 for `Range: bytes=N-`. `cutAfter` makes the next answers announce the full length but
 * close the connection after that many body bytes, the way a dropped download ends.
 */
export interface WeightsServer {
  url: string
  /** `Range` header of every request, `undefined` when there was none. */
  ranges: (string | undefined)[]
  /** Body bytes the next answer sends before closing the socket; undefined = all of them. */
  cutAfter?: number
  /** Answer every request with 200 and the whole file, as a server without range support does. */
  ignoreRange?: boolean
  /** Answer with this status instead of the file (e.g. 404). */
  failWith?: number
  close(): Promise<void>
}

function answer(server: WeightsServer, body: Buffer, req: IncomingMessage, res: ServerResponse): void {
  server.ranges.push(req.headers.range)
  if (server.failWith) {
    res.writeHead(server.failWith).end('no such file')
    return
  }
  const match = server.ignoreRange ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
  const start = match ? Number(match[1]) : 0
  if (start >= body.length && match) {
    res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end()
    return
  }
  const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body.length - start) }
  if (match) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` })
  else res.writeHead(200, headers)
  const rest = body.subarray(start)
  if (server.cutAfter === undefined) {
    res.end(rest)
    return
  }
  res.write(rest.subarray(0, server.cutAfter), () => res.destroy())
}

/** Starts the server for `body` on an ephemeral port of 127.0.0.1. */
export async function startWeightsServer(body: Buffer, fileName = 'model.safetensors'): Promise<WeightsServer> {
  const http: Server = createServer((req, res) => answer(server, body, req, res))
  const server: WeightsServer = {
    url: '',
    ranges: [],
    // keep-alive connections of the client would hold close() open: end them with the server
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  server.url = `http://127.0.0.1:${port}/${fileName}`
  return server
}
