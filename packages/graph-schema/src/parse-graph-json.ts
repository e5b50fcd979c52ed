import { makeProblem } from './problem-text'
import type { GraphProblem } from './problems'

/** Parsed JSON, or the problem saying where the text stops being JSON. */
export type JsonParse = { ok: true; value: unknown } | { ok: false; problem: GraphProblem }

/**
 * Parses graph file text; a syntax error becomes an `invalid_json` problem with line and column
 * where known. A leading byte-order mark (Windows editors write one) is skipped.
 */
export function parseGraphJson(fileText: string): JsonParse {
  const text = fileText.startsWith('\uFEFF') ? fileText.slice(1) : fileText
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const where = locateJsonError(text, reason)
    return {
      ok: false,
      problem: makeProblem({
        code: 'invalid_json',
        path: '',
        expected: 'a JSON document',
        found: where ? `a syntax error at line ${where.line}, column ${where.column}` : 'a syntax error',
        message: `the file is not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${reason}`,
      }),
    }
  }
}

/** Line and column (both from 1) of a JSON.parse error, read from its message where the engine gives one. */
export function locateJsonError(text: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
  const position = /position (\d+)/.exec(message)
  if (position) return lineAndColumn(text, Number(position[1]))
  if (/end of (JSON )?input/i.test(message)) return lineAndColumn(text, text.length)
  return undefined
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}
