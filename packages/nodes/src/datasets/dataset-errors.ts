/** A dataset folder that does not have the expected layout or holds a broken file; names the path. */
export class DatasetLayoutError extends Error {
  readonly path: string
  constructor(path: string, expected: string, found: string) {
    super(`dataset "${path}": expected ${expected}, found ${found}`)
    this.name = 'DatasetLayoutError'
    this.path = path
  }
}
