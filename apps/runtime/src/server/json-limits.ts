import { HttpError } from './errors'

/** Shape limits on request JSON; graphs are a few levels deep, so these only stop abuse. */
export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (a graph needs about 6). */
  maxDepth: number
  /** Longest string, key or value, in UTF-16 units of the JSON text (escapes counted as written). */
  maxStringLength: number
}

export const DEFAULT_JSON_LIMITS: JsonShapeLimits = { maxDepth: 64, maxStringLength: 64 * 1024 }

function tooDeep(limits: JsonShapeLimits, where: string): HttpError {
  return new HttpError(400, 'json_too_deep', `${where} nests objects or arrays deeper than ${limits.maxDepth} levels; graphs need far fewer`)
}

function tooLong(limits: JsonShapeLimits, where: string, found: number): HttpError {
  return new HttpError(400, 'json_string_too_long', `${where} has a string of ${found} characters; expected at most ${limits.maxStringLength}`)
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/**
 * Checks the raw JSON text before it is parsed, in one pass with no recursion: what a deep or huge body
 * would cost later (recursive validation, stringify, did-you-mean over a 2 MB name) is refused here
 * with a 400 instead. Malformed text is left to the parser, which reports it.
 */
export function checkJsonText(text: Uint8Array, limits: JsonShapeLimits = DEFAULT_JSON_LIMITS, where = 'the request body'): void {
  let depth = 0
  let i = 0
  while (i < text.length) {
    const byte = text[i] as number
    if (byte === QUOTE) {
      i = endOfString(text, i, limits, where)
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++
      if (depth > limits.maxDepth) throw tooDeep(limits, where)
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--
    }
    i++
  }
}

/** Index of the quote closing the string that opens at `start`; throws when the string is too long. */
function endOfString(text: Uint8Array, start: number, limits: JsonShapeLimits, where: string): number {
  let i = start + 1
  while (i < text.length && text[i] !== QUOTE) i += text[i] === BACKSLASH ? 2 : 1
  // characters never outnumber bytes, so only a long byte run needs counting
  if (i - start - 1 > limits.maxStringLength) {
    const units = stringUnits(text, start + 1, i)
    if (units > limits.maxStringLength) throw tooLong(limits, where, units)
  }
  return i
}

/** UTF-16 length of a UTF-8 byte range (continuation bytes add nothing; 4-byte sequences add two). */
function stringUnits(text: Uint8Array, start: number, end: number): number {
  let units = 0
  for (let i = start; i < end; i++) {
    const byte = text[i] as number
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1
  }
  return units
}

/**
 * The same limits on a value that arrived already parsed (a socket message), walked with an explicit
 * stack so that a deep value cannot overflow this check either.
 */
export function checkJsonValue(value: unknown, limits: JsonShapeLimits = DEFAULT_JSON_LIMITS, where = 'the message'): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number }
    if (typeof current === 'string') {
      if (current.length > limits.maxStringLength) throw tooLong(limits, where, current.length)
      continue
    }
    if (typeof current !== 'object' || current === null) continue
    if (depth + 1 > limits.maxDepth) throw tooDeep(limits, where)
    for (const [key, child] of Object.entries(current)) {
      if (key.length > limits.maxStringLength) throw tooLong(limits, where, key.length)
      stack.push({ value: child, depth: depth + 1 })
    }
  }
}
