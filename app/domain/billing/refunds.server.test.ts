import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { RefundRefusedError, requestRefund } from './refunds.server.ts'

let managerId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
})

describe('a manager refunds', () => {
  it('refuses more than is left to refund, saying in dollars how much is', async () => {
    const invoice = await db.invoice.findFirstOrThrow({ where: { status: 'paid', refundedCents: 0 } })
    const refusal = await requestRefund({
      invoiceId: invoice.id,
      amountCents: invoice.paidCents + 1,
      reason: 'Overcharged',
      actorId: managerId,
    }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(RefundRefusedError)
    expect((refusal as Error).message).toBe(
      `At most $${(invoice.paidCents / 100).toFixed(2)} can be refunded.`,
    )
    expect(await db.refund.count({ where: { invoiceId: invoice.id } })).toBe(0)
  })
})
