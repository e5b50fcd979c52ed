import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

import type { NodeCatalog, NodeCatalogEntry } from './node-catalog'

/** Compiled params validators of one catalog, one per node type and version, compiled on first use. */
export interface ParamsValidators {
  /** The validator of an entry's params schema, or the Error that compiling it raised. */
  get(entry: NodeCatalogEntry): ValidateFunction | Error
}

// Keyed by catalog so validators live exactly as long as the catalog they were compiled from.
const validatorsByCatalog = new WeakMap<NodeCatalog, ParamsValidators>()

/**
 * The params validators of a catalog. Validators fill in `default`s (ajv `useDefaults`), so callers
 * must pass a copy they own. Node schemas come from TypeBox (draft-07 style, with keywords such as
 * `description` and formats), so ajv runs non-strict and silent.
 */
export function paramsValidatorsFor(catalog: NodeCatalog): ParamsValidators {
  const existing = validatorsByCatalog.get(catalog)
  if (existing) return existing
  const created = createValidators()
  validatorsByCatalog.set(catalog, created)
  return created
}

function createValidators(): ParamsValidators {
  const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: false, logger: false })
  addFormats(ajv)
  const compiled = new Map<string, ValidateFunction | Error>()
  return {
    get(entry) {
      const key = `${entry.type}@${entry.typeVersion}`
      let validator = compiled.get(key)
      if (validator === undefined) {
        validator = compileOrError(ajv, entry.params)
        compiled.set(key, validator)
      }
      return validator
    },
  }
}

function compileOrError(ajv: Ajv, schema: Record<string, unknown>): ValidateFunction | Error {
  try {
    return ajv.compile(schema)
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}
