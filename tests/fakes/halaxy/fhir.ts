// FHIR helpers of the Halaxy stand-in: OperationOutcome errors, JSON merge-patch, searchsets.
import type { FhirBundle, FhirOperationOutcome } from '../../../app/domain/halaxy/fhir.ts'

export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly diagnostics: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(diagnostics)
  }
}

export const invalid = (diagnostics: string, status = 422) => new FhirError(status, 'invalid', diagnostics)
export const notFound = (type: string, id: string) =>
  new FhirError(404, 'not-found', `${type}/${id} was not found`)

export function operationOutcome(
  code: string,
  diagnostics: string,
  severity: FhirOperationOutcome['issue'][number]['severity'] = 'error',
): FhirOperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** RFC 7386: null removes a member, objects merge, anything else (arrays included) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {}
  for (const [key, value] of Object.entries(patch as Record<string, Json>)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key], value)
  }
  return result
}

export function searchset<T extends { resourceType: string; id?: string }>(
  baseUrl: string,
  resources: T[],
  page: { offset: number; count: number; selfUrl: URL },
): FhirBundle<T> {
  const slice = resources.slice(page.offset, page.offset + page.count)
  const link: { relation: string; url: string }[] = [{ relation: 'self', url: page.selfUrl.toString() }]
  if (page.offset + page.count < resources.length) {
    const next = new URL(page.selfUrl)
    next.searchParams.set('_offset', String(page.offset + page.count))
    next.searchParams.set('_count', String(page.count))
    link.push({ relation: 'next', url: next.toString() })
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link,
    entry: slice.map((resource) => ({
      fullUrl: `${baseUrl}${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  }
}
