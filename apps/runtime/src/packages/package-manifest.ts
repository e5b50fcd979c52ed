import { PackageError } from './package-errors'

/** The only package format version this program writes; it reads this one and older ones. */
export const PACKAGE_FORMAT_VERSION = 1
/** What `manifest.json` says the file is, so a random tar is not mistaken for a package. */
export const PACKAGE_FORMAT_NAME = 'inspectflow-package'
export const MANIFEST_ENTRY = 'manifest.json'
/** File name ending of a package. */
export const PACKAGE_EXTENSION = '.inspect'

/** One entry of the package besides the manifest, as the manifest records it. */
export interface ManifestEntry {
  name: string
  size: number
  sha256: string
}

/** Where a fitted inspection came from, so a plant receiving it can tell what it runs. */
export interface PackageProvenance {
  /** sha256 of the canonical JSON of the migrated graph and the param overrides it was fitted with. */
  graphHash: string
  graphName: string
  /** Param overrides (`--set`) the graph was fitted with. */
  overrides: Record<string, unknown>
  /** node type -> typeVersion of every node of the graph. */
  nodeVersions: Record<string, number>
  /** The training dataset's fingerprint (file list with sizes and mtimes). */
  datasetFingerprint: string
  /** Metrics of the graph's own test images at fit time (eval.metrics' overall set), when it had one. */
  metrics: Record<string, number | null> | null
  inspectflowVersion: string
  /** ISO 8601. */
  createdAt: string
}

/** `manifest.json`: the first entry of every package. */
export interface PackageManifest {
  format: typeof PACKAGE_FORMAT_NAME
  formatVersion: number
  entries: ManifestEntry[]
  provenance: PackageProvenance
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkEntries(entries: unknown, file: string): ManifestEntry[] {
  const valid = Array.isArray(entries) && entries.every((e) => isRecord(e) && typeof e.name === 'string' && typeof e.size === 'number' && typeof e.sha256 === 'string')
  if (!valid) throw new PackageError('invalid_content', `${file}: manifest.json "entries" must be a list of { name, size, sha256 }`, MANIFEST_ENTRY)
  return entries as ManifestEntry[]
}

/**
 * Parses and checks manifest.json. The format version is checked before anything else in it, so a
 * package from a newer program is refused with what to do rather than with whatever field changed.
 */
export function parseManifest(bytes: Buffer, file: string): PackageManifest {
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new PackageError('invalid_content', `${file}: manifest.json is not valid JSON (${(error as Error).message})`, MANIFEST_ENTRY)
  }
  if (!isRecord(parsed) || parsed.format !== PACKAGE_FORMAT_NAME) {
    throw new PackageError('not_a_package', `${file}: manifest.json does not describe an InspectFlow package (expected format "${PACKAGE_FORMAT_NAME}")`, MANIFEST_ENTRY)
  }
  const version = parsed.formatVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new PackageError('invalid_content', `${file}: manifest.json formatVersion must be a positive integer, found ${JSON.stringify(version)}`, MANIFEST_ENTRY)
  }
  if (version > PACKAGE_FORMAT_VERSION) {
    throw new PackageError(
      'newer_format',
      `${file} was written by a newer InspectFlow (package format ${version}; this program reads up to ${PACKAGE_FORMAT_VERSION}): upgrade InspectFlow to use it`,
      MANIFEST_ENTRY,
    )
  }
  if (!isRecord(parsed.provenance)) throw new PackageError('invalid_content', `${file}: manifest.json has no provenance object`, MANIFEST_ENTRY)
  return { format: PACKAGE_FORMAT_NAME, formatVersion: version, entries: checkEntries(parsed.entries, file), provenance: parsed.provenance as unknown as PackageProvenance }
}
