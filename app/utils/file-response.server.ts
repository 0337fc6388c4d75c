import { contentDisposition } from './content-disposition.ts'

type StoredFileBody = {
  content: Uint8Array<ArrayBuffer>
  mimeType: string
  sizeBytes: number
  fileName: string
}

/** Never kept by a browser or a proxy: the files are health records. */
export const PRIVATE_NO_STORE = { 'Cache-Control': 'private, no-store' }

// Uploaded bytes are untrusted: no scripts, no requests, no access to our origin.
const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

/**
 * An uploaded file as a download (`attachment`) or shown in the browser (`inline`), with the
 * type detected when it was stored, and sandboxed.
 */
export function storedFileResponse(file: StoredFileBody, disposition: 'inline' | 'attachment') {
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
