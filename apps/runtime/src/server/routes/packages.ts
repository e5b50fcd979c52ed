import { ImageReadError } from '@inspectflow/nodes'
import express, { type RequestHandler, Router } from 'express'

import { PackageError } from '../../packages/package-errors'
import { PackageTooLargeError } from '../../packages/package-library'
import type { PackageService } from '../../packages/package-service'
import { badRequest, HttpError } from '../errors'
import { sentByAnotherOrigin, servedOrigin, stateChangeGuard } from '../origin-guard'

/** Size limits of the package routes. */
export interface PackageLimits {
  /** Largest package upload, in bytes (413 beyond). */
  maxPackageBytes: number
  /** Largest image to inspect, in bytes (413 beyond). */
  maxImageBytes: number
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = { maxPackageBytes: 1024 * 1024 * 1024, maxImageBytes: 32 * 1024 * 1024 }

/** Image types an inspection accepts (what industrial cameras and their software write). */
export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/bmp', 'image/x-ms-bmp', 'image/x-bmp', 'image/tiff'])
const PACKAGE_TYPES = new Set(['application/octet-stream', 'application/x-tar', 'application/vnd.inspectflow.package'])

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/**
 * The origin and body-type guard of a binary upload. The server-wide guard only lets JSON bodies
 * through, because a foreign page can POST form or text bodies without a preflight; it cannot send
 * these types (or a foreign Origin) without the browser asking first, so accepting exactly these types
 * from the served origin keeps the same protection.
 */
function binaryBody(types: Set<string>, limit: (limits: PackageLimits) => number, limits: PackageLimits): RequestHandler {
  return (req, _res, next) => {
    if (sentByAnotherOrigin(req)) {
      next(new HttpError(403, 'forbidden_origin', `${req.method} ${req.path} refused: sent from ${req.headers.origin ?? 'another site'}, not from ${servedOrigin(req) ?? 'this server'}`))
      return
    }
    const type = mediaType(req.headers['content-type'])
    if (!types.has(type)) {
      next(new HttpError(415, 'unsupported_media_type', `${req.method} ${req.path}: expected Content-Type ${[...types].join(', ')}, found ${type || 'none'}`))
      return
    }
    const length = Number(req.headers['content-length'] ?? 0)
    if (length > limit(limits)) {
      next(new HttpError(413, 'too_large', `${req.method} ${req.path}: ${length} bytes is more than the ${limit(limits)} byte limit`))
      return
    }
    next()
  }
}

/** PackageErrors and image errors as HTTP answers a client can act on. */
function asHttp(error: unknown): unknown {
  if (error instanceof PackageError) return badRequest(error.message, undefined, `package_${error.code}`)
  if (error instanceof PackageTooLargeError) return new HttpError(413, 'too_large', error.message)
  if (error instanceof ImageReadError) return badRequest(error.message, undefined, 'unreadable_image')
  if ((error as { type?: string }).type === 'entity.too.large') return new HttpError(413, 'too_large', `the image is larger than the ${(error as { limit?: number }).limit} byte limit`)
  return error
}

function flag(value: unknown): boolean {
  return value === '1' || value === 'true' || value === true
}

/**
 * Fitted inspection packages: upload and list (`/api/packages`), inspect an image with one
 * (`/api/packages/:name/inspect`), fetch the heat map of an inspection, and export a finished run
 * (`/api/runs/:id/export`). Mounted before the server-wide JSON guard: binary bodies get the guard
 * above, the JSON export route the server's own.
 */
export function packagesRouter(packages: PackageService, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Router {
  const router = Router()
  router.get('/api/packages', async (_req, res) => {
    res.json({ packages: await packages.list() })
  })
  router.post('/api/packages', binaryBody(PACKAGE_TYPES, (l) => l.maxPackageBytes, limits), async (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name : undefined
    if (!name) throw badRequest('POST /api/packages needs ?name=NAME for the package')
    const listing = await packages.importUpload(req, name, { replace: flag(req.query.replace), limit: limits.maxPackageBytes }).catch((e: unknown) => {
      throw asHttp(e)
    })
    res.status(201).json(listing)
  })
  const imageBody = express.raw({ type: () => true, limit: limits.maxImageBytes })
  router.post('/api/packages/:name/inspect', binaryBody(IMAGE_TYPES, (l) => l.maxImageBytes, limits), (req, res, next) => imageBody(req, res, (e?: unknown) => next(e === undefined ? undefined : asHttp(e))), async (req, res) => {
    const body = req.body as unknown
    if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('send the image bytes as the request body')
    res.json(await packages.inspect(req.params.name as string, body).catch((e: unknown) => {
      throw asHttp(e)
    }))
  })
  router.get('/api/packages/:name/maps/:id.png', async (req, res) => {
    const png = packages.mapPng(req.params.id as string)
    if (!png) throw new HttpError(404, 'not_found', 'that heat map is no longer kept; inspect the image again')
    res.type('image/png').send(Buffer.from(await png))
  })
  router.post('/api/runs/:id/export', stateChangeGuard(), express.json({ limit: 64 * 1024 }), async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; weightsByHash?: unknown; replace?: unknown }
    if (body.name !== undefined && typeof body.name !== 'string') throw badRequest('"name" must be a string')
    const listing = await packages
      .exportRun(req.params.id as string, { ...(typeof body.name === 'string' ? { name: body.name } : {}), weightsByHash: flag(body.weightsByHash), replace: flag(body.replace) })
      .catch((e: unknown) => {
        throw asHttp(e)
      })
    res.status(201).json(listing)
  })
  return router
}
