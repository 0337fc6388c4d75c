// Every body is read with a ceiling (forms in form-data.server.ts, webhooks here): a declared
// length over it is refused before reading, and a body without one (or lying about it) is cut
// off as soon as it passes the ceiling, so a huge or endless body never sits in a 512 MB
// machine's memory.

/** The body's bytes, or null when it is larger than `maxBytes` (nothing past it is read). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = request.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= maxBytes)) return null
  if (!request.body) return Buffer.alloc(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    received += value.byteLength
    if (received > maxBytes) {
      // Not awaited: a cloned request's copy settles its cancel only once every copy is cancelled.
      reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

type LimitedBody = { ok: true; text: string } | { ok: false }

export async function readBodyText(request: Request, maxBytes: number): Promise<LimitedBody> {
  const bytes = await readBodyBytes(request, maxBytes)
  return bytes ? { ok: true, text: bytes.toString('utf8') } : { ok: false }
}

/** The answer to a refused body: nothing was read past the ceiling, nothing stored. */
export function payloadTooLarge(maxBytes: number) {
  return Response.json(
    { error: `The payload is too large (at most ${Math.round(maxBytes / 1024)} KB)` },
    { status: 413 },
  )
}
