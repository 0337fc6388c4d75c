import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). Argon2id is the library's default
// algorithm (its enum is a const enum, which isolated modules cannot import).
const ARGON2_OPTIONS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Verifying against a real hash when the account does not exist keeps the response time
// the same either way, so timing does not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy-password-that-never-matches')
  await verifyPassword(await decoyHash, password)
  return false
}
