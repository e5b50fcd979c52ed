import { request as httpRequest } from 'node:http'

/** What a raw request got back. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: unknown
}

/**
 * Sends one request over loopback exactly as given: the probes need headers (Origin, Host, Cookie,
 * Sec-Fetch-Site) that fetch would rewrite or refuse to send.
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    if (options.body !== undefined) req.end(options.body)
    else req.end()
  })
}

/** The error code of a JSON error answer. */
export function errorCode(response: RawResponse): string | undefined {
  return (response.json as { error?: { code?: string } } | undefined)?.error?.code
}

/** `{"a":{"a":...}}` nested `depth` levels deep. */
export function nestedObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}
