import { createHash, randomBytes } from 'node:crypto'

/** A random token for a cookie or an emailed link (256 bits, URL-safe). */
export function generateToken() {
  return randomBytes(32).toString('base64url')
}

/** Only this digest is stored, so a copy of the database holds no usable token. */
export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
