// A manager refunds from an invoice's page: the refund is queued and the page says so once;
// a refusal comes back beside the field it is about, and nothing is queued.
import { formatAud } from '~/utils/money.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { cookieFor, postForm } from '../../../tests/setup/route-calls.ts'
import { action } from './invoices.$invoiceId.tsx'

let manager: string
let invoice: { id: string; paidCents: number }

beforeAll(async () => {
  await seedDemoPractice(db)
  manager = await cookieFor('manager@haven.test')
  invoice = await db.invoice.findFirstOrThrow({
    where: { status: 'paid', refunds: { none: {} } },
    select: { id: true, paidCents: true },
  })
})

const refund = (form: Record<string, string>, invoiceId = invoice.id) =>
  postForm(action, {
    path: `/manager/invoices/${invoiceId}`,
    cookie: manager,
    fields: { intent: 'refund', ...form },
    params: { invoiceId },
  })

describe('refunding an invoice', () => {
  it('refuses more than was paid beside the amount, and a missing reason beside the reason', async () => {
    expect(await refund({ amount: '9999', reason: 'Goodwill' })).toMatchObject({
      status: 409,
      body: {
        result: {
          initialValue: { amount: '9999', reason: 'Goodwill' },
          error: { amount: [`At most ${formatAud(invoice.paidCents)} can be refunded.`] },
        },
      },
    })
    expect(await refund({ amount: '10', reason: ' ' })).toMatchObject({
      status: 400,
      body: { result: { error: { reason: ['Give a reason for the refund'] } } },
    })
    expect(await db.refund.count({ where: { invoiceId: invoice.id } })).toBe(0)
  })

  it('queues the refund and says so once on the invoice page', async () => {
    const answer = await refund({ amount: '40', reason: 'Goodwill after a late start' })
    expect(answer.status).toBe(302)
    expect(answer.location).toBe(`/manager/invoices/${invoice.id}`)
    expect(answer.notice).toEqual({
      path: `/manager/invoices/${invoice.id}`,
      message: 'The refund is on its way to Stripe. Its status below updates when Stripe confirms it.',
    })
    const [queued] = await db.refund.findMany({ where: { invoiceId: invoice.id } })
    expect(queued).toMatchObject({ amountCents: 4_000, status: 'requested' })
    expect((await queuedJobs('stripe-refund-v1')).map((job) => job.data)).toContainEqual({
      refundId: queued!.id,
    })
  })

  it('answers an invoice that does not exist with a 404 page', async () => {
    expect((await refund({ amount: '1', reason: 'x' }, 'no-such-invoice')).status).toBe(404)
  })
})
