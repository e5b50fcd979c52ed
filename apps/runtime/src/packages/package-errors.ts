/**
 * Why a package was refused. Each code is a distinct thing a user does something different about:
 * upgrade the program, get an intact copy, add weights to the store.
 */
export type PackageErrorCode =
  | 'not_a_package'
  | 'newer_format'
  | 'tampered'
  | 'truncated'
  | 'missing_entry'
  | 'unexpected_entry'
  | 'weights_not_in_store'
  | 'invalid_content'

/** A package that cannot be read or used; the message names the file and the entry at fault. */
export class PackageError extends Error {
  readonly code: PackageErrorCode
  /** The entry at fault, where there is one. */
  readonly entry?: string
  constructor(code: PackageErrorCode, message: string, entry?: string) {
    super(message)
    this.name = 'PackageError'
    this.code = code
    if (entry !== undefined) this.entry = entry
  }
}
