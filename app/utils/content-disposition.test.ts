import { describe, expect, it } from 'vitest'
import { contentDisposition } from './content-disposition.ts'

describe('contentDisposition', () => {
  it('shows or saves the file under its exact name, with an ASCII name for old clients', () => {
    expect(contentDisposition('haven-session.ics', 'attachment')).toBe(
      `attachment; filename="haven-session.ics"; filename*=UTF-8''haven-session.ics`,
    )
    expect(contentDisposition('Référence "Dr O’Brien" (1)*.pdf', 'inline')).toBe(
      `inline; filename="R_f_rence _Dr O_Brien_ (1)*.pdf"; filename*=UTF-8''R%C3%A9f%C3%A9rence%20%22Dr%20O%E2%80%99Brien%22%20%281%29%2A.pdf`,
    )
  })
})
