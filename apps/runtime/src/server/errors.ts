import type { GraphProblem } from '@inspectflow/graph-schema'
import type { ErrorRequestHandler, RequestHandler } from 'express'

/** The JSON body of every error answer (docs/api.md). */
export interface ErrorBody {
  error: { message: string; code: string; problems?: GraphProblem[] }
}

/** An error that maps to one HTTP status and a stable machine-readable code. */
export class HttpError extends Error {
  readonly status: number
  readonly code: string
  readonly problems?: GraphProblem[]
  constructor(status: number, code: string, message: string, problems?: GraphProblem[]) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.code = code
    if (problems) this.problems = problems
  }
}

/** 400: a request the server understood but cannot accept. */
export function badRequest(message: string, problems?: GraphProblem[], code = 'bad_request'): HttpError {
  return new HttpError(400, code, message, problems)
}

/** 404: an unknown graph name, run id or artifact. */
export function notFound(message: string): HttpError {
  return new HttpError(404, 'not_found', message)
}

/** 409: a name conflict or a write to a read-only template. */
export function conflict(message: string, code = 'conflict'): HttpError {
  return new HttpError(409, code, message)
}

/** Shape of the errors body-parser raises (too large, malformed JSON). */
interface ParserError {
  type?: string
  status?: number
  limit?: number
  message?: string
}

function fromParserError(error: ParserError): HttpError | undefined {
  if (error.type === 'entity.too.large') {
    return new HttpError(413, 'too_large', `request body is larger than the ${error.limit ?? ''} byte limit; send a smaller graph`)
  }
  if (error.type === 'entity.parse.failed') {
    return new HttpError(400, 'invalid_json', `request body is not valid JSON: ${error.message ?? 'parse error'}`)
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new HttpError(error.status, 'bad_request', error.message ?? 'bad request')
  }
  return undefined
}

/** Turns anything thrown into an HttpError; unknown errors become 500 with their message. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error
  const parsed = typeof error === 'object' && error !== null ? fromParserError(error as ParserError) : undefined
  if (parsed) return parsed
  const message = error instanceof Error ? error.message : String(error)
  return new HttpError(500, 'internal', `internal error: ${message}`)
}

/** Renders the JSON error body for an HttpError. */
export function errorBody(error: HttpError): ErrorBody {
  const body: ErrorBody = { error: { message: error.message, code: error.code } }
  if (error.problems) body.error.problems = error.problems
  return body
}

/** Final Express error handler: every failure answers JSON a person can act on, never an HTML page. */
export function errorHandler(onInternal?: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const httpError = toHttpError(error)
    if (httpError.status >= 500) onInternal?.(error)
    res.status(httpError.status).json(errorBody(httpError))
  }
}

/** 404 for any /api path no route matched, as JSON. */
export const unknownApiRoute: RequestHandler = (req, _res, next) => {
  next(notFound(`no API route ${req.method} ${req.originalUrl}; see docs/api.md for the routes`))
}
