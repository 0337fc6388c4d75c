import { describe, expect, it } from 'vitest'
import { replyFor } from './forms.tsx'

describe('replyFor', () => {
  const reply = {
    result: {
      status: 'error' as const,
      initialValue: { intent: 'add-rate', itemNumber: '80110', scheduleFee: '121.00' },
      error: { effectiveFrom: ['Item 80110 already has a rate from that day.'] },
    },
  }

  it('gives a reply to the form of its intent, and of its row where a page repeats the form', () => {
    expect(replyFor(reply, 'add-rate')).toBe(reply.result)
    expect(replyFor(reply, 'add-rate', { itemNumber: '80110' })).toBe(reply.result)
  })

  it('gives nothing to the other forms', () => {
    expect(replyFor(reply, 'add-rate', { itemNumber: '80000' })).toBeUndefined()
    expect(replyFor(reply, 'edit-item', { itemNumber: '80110' })).toBeUndefined()
    expect(replyFor(undefined, 'add-rate')).toBeUndefined()
  })
})
