// Every action reads its body through here, so a body that is not a form (JSON, plain text,
// no type, broken multipart), too large, or holding text PostgreSQL cannot store is answered
// 400/413 before any query runs, instead of a 500.

import { readBodyBytes } from './request-body.server.ts'

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/** Far more than any form of ours sends; an upload adds its own file limit to this. */
export const MAX_FORM_BYTES = 1024 * 1024

// PostgreSQL refuses NUL in text (SQLSTATE 22021), and no form a person fills in contains it.
const NUL = '\0'
// Every other C0 control but tab, line feed and carriage return (written as what is kept, so
// the pattern holds no control character). No keyboard types them; pasted in by accident they
// would only break exports and logs, so they are dropped.
const STRAY_CONTROLS = /[^\t\n\r -\uffff]/g

const refuse = (status: 400 | 413, message: string) =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

function cleanText(text: string) {
  if (text.includes(NUL)) throw refuse(400, 'That form holds a character that cannot be saved.')
  return text.replace(STRAY_CONTROLS, '')
}

/**
 * The request's body as a form (URL-encoded or multipart). Throws a plain-text Response: 400
 * when it is not a form or holds a NUL, 413 when it is larger than `maxBytes`.
 */
export async function readFormData(request: Request, { maxBytes = MAX_FORM_BYTES } = {}): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? ''
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase()
  if (!FORM_TYPES.has(mediaType)) throw refuse(400, 'Send this as a web form.')
  const body = await readBodyBytes(request, maxBytes)
  if (!body) throw refuse(413, 'That form is too large.')
  let parsed: FormData
  try {
    parsed = await new Response(new Uint8Array(body), { headers: { 'Content-Type': contentType } }).formData()
  } catch {
    throw refuse(400, 'That form could not be read.')
  }
  const form = new FormData()
  for (const [name, value] of parsed) {
    // File names are made safe where files are stored (sanitiseFileName).
    form.append(cleanText(name), typeof value === 'string' ? cleanText(value) : value)
  }
  return form
}
