// Bodies that other services POST (webhooks) are read with a ceiling: a declared length over it
// is refused before reading, and a body without one (or lying about it) is cut off as soon as it
// passes the ceiling, so a huge or endless body never sits in a 512 MB machine's memory.

export type LimitedBody = { ok: true; text: string } | { ok: false }

export async function readBodyText(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= maxBytes)) return { ok: false }
  if (!request.body) return { ok: true, text: '' }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    received += value.byteLength
    if (received > maxBytes) {
      await reader.cancel()
      return { ok: false }
    }
    chunks.push(value)
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') }
}

/** The answer to a refused body: nothing was read past the ceiling, nothing stored. */
export function payloadTooLarge(maxBytes: number) {
  return Response.json(
    { error: `The payload is too large (at most ${Math.round(maxBytes / 1024)} KB)` },
    { status: 413 },
  )
}
