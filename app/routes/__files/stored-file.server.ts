// A stored file (app/domain/patients/files.server.ts) as the answer of a download route.
import { NotFoundError } from '~/domain/errors.ts'
import { contentDisposition } from '~/utils/content-disposition.ts'
import { invariantResponse } from '~/utils/invariant.ts'

type StoredFileBody = {
  content: Uint8Array<ArrayBuffer>
  mimeType: string
  sizeBytes: number
  fileName: string
}

/** Never kept by a browser or a proxy: the files are health records. */
const PRIVATE_NO_STORE = { 'Cache-Control': 'private, no-store' }

// Uploaded bytes are untrusted: no scripts, no requests, no access to our origin.
const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

/**
 * The file the domain reads, as a download (`attachment`) or shown in the browser (`inline`),
 * with the type detected when it was stored, sandboxed; a 404 when it is not there or not this
 * person's (a NotFoundError).
 */
export async function storedFileResponse(
  read: Promise<StoredFileBody>,
  disposition: 'inline' | 'attachment',
) {
  let file: StoredFileBody
  try {
    file = await read
  } catch (error) {
    invariantResponse(!(error instanceof NotFoundError), 'Not found', 404, PRIVATE_NO_STORE)
    throw error
  }
  return new Response(file.content, {
    headers: {
      'Content-Type': file.mimeType,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': contentDisposition(file.fileName, disposition),
      ...PRIVATE_NO_STORE,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    },
  })
}
