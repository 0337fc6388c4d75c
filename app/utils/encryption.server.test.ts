import { randomBytes } from 'node:crypto'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { contentHash, currentRecordKeyId, RecordDecryptionError, seal, unseal } from './encryption.server.ts'
import { initEnv } from './env.server.ts'

const newKey = () => randomBytes(32).toString('base64')
const k1 = newKey()
const k2 = newKey()
const context = 'ClinicalNote:note-1:content'

function useKeys(keys: string) {
  vi.stubEnv('RECORDS_ENCRYPTION_KEYS', keys)
  initEnv()
}

beforeEach(() => useKeys(`k1:${k1}`))
afterAll(() => {
  vi.unstubAllEnvs()
  initEnv()
})

describe('seal and unseal', () => {
  it('round-trip under the first key, with a fresh IV each time', () => {
    const first = seal('Presenting issue: low mood.', context)
    const second = seal('Presenting issue: low mood.', context)
    expect(first.keyId).toBe('k1')
    expect(currentRecordKeyId()).toBe('k1')
    expect(Buffer.from(first.ciphertext).equals(Buffer.from(second.ciphertext))).toBe(false)
    expect(Buffer.from(first.ciphertext).includes('low mood')).toBe(false)
    expect(unseal(first, context)).toBe('Presenting issue: low mood.')
  })

  it('keep emoji, other scripts and 100 kB of text exact', () => {
    const text = 'Feeling 😔 then 🙂; said «ça va» and 大丈夫.\n' + 'x'.repeat(100_000)
    expect(unseal(seal(text, context), context)).toBe(text)
    expect(unseal(seal('', context), context)).toBe('')
  })

  it('refuse the wrong key under the same id', () => {
    const sealed = seal('text', context)
    useKeys(`k1:${k2}`)
    expect(() => unseal(sealed, context)).toThrow(RecordDecryptionError)
  })

  it('refuse a key id that is not in the ring, naming it', () => {
    const sealed = seal('text', context)
    useKeys(`k2:${k2}`)
    expect(() => unseal(sealed, context)).toThrow(
      new RecordDecryptionError('Record sealed with key k1, which is not in RECORDS_ENCRYPTION_KEYS'),
    )
  })

  it('refuse tampered bytes anywhere, a cut record and an unknown format', () => {
    const sealed = seal('Risk: low.', context)
    for (let index = 0; index < sealed.ciphertext.length; index++) {
      const tampered = Uint8Array.from(sealed.ciphertext)
      tampered[index]! ^= 0x01
      expect(() => unseal({ ...sealed, ciphertext: tampered }, context)).toThrow(RecordDecryptionError)
    }
    expect(() => unseal({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, 20) }, context)).toThrow(
      RecordDecryptionError,
    )
    expect(() => unseal({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, -1) }, context)).toThrow(
      RecordDecryptionError,
    )
  })

  it('refuse another record’s context (a ciphertext moved to another row or column)', () => {
    const sealed = seal('text', context)
    expect(() => unseal(sealed, 'ClinicalNote:note-2:content')).toThrow(RecordDecryptionError)
    expect(() => unseal(sealed, 'ClinicalNoteAddendum:note-1:text')).toThrow(RecordDecryptionError)
  })

  it('read old ciphertext under a second key while sealing new writes with the first', () => {
    const old = seal('written before rotation', context)
    useKeys(`k2:${k2},k1:${k1}`)
    const fresh = seal('written after', context)
    expect(fresh.keyId).toBe('k2')
    expect(unseal(old, context)).toBe('written before rotation')
    expect(unseal(fresh, context)).toBe('written after')
  })

  it('say what is missing when no key is set', () => {
    const sealed = seal('text', context)
    useKeys('')
    expect(() => seal('text', context)).toThrow(/RECORDS_ENCRYPTION_KEYS is not set/)
    expect(() => unseal(sealed, context)).toThrow(/RECORDS_ENCRYPTION_KEYS is not set/)
  })
})

describe('contentHash', () => {
  it('is the sha256 hex of the UTF-8 text', () => {
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(contentHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(contentHash('é')).toBe(contentHash('\u00e9'))
    expect(contentHash('é')).not.toBe(contentHash('e\u0301'))
  })
})
