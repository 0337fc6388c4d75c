// The billing settings page as its action answers: each form's intent saved with a flash notice
// back to its part of the page, refusals in the one reply shape beside the field they are about,
// and its own permission (not the invoice permissions that refunds need).
import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import {
  cookieFor,
  loadPage,
  postForm,
  routeContext as context,
  routeRequest,
  signedInCookie,
  userWithOnly,
} from '../../../tests/setup/route-calls.ts'
import BillingSettingsPage, { action, loader } from './billing.tsx'
import { action as invoiceAction } from './invoices.$invoiceId.tsx'

// The page renders without a router, as with JavaScript off: plain forms, the loader's data
// and the action's reply.
const rendered = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown }))
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Form: (props: Record<string, unknown>) => createElement('form', props),
  useLoaderData: () => rendered.loaderData,
  useActionData: () => rendered.actionData,
}))

let manager: string

beforeAll(async () => {
  await seedDemoPractice(db)
  manager = await cookieFor('manager@haven.test')
})

const post = (cookie: string, fields: Record<string, string>) =>
  postForm(action, { path: '/manager/billing', cookie, fields })

const PRACTICE = {
  intent: 'practice',
  name: 'Haven Psychology',
  abn: '51 824 753 556',
  address: 'Level 9, 343 George Street, Sydney NSW 2000',
  phone: '(02) 9270 6400',
  email: 'accounts@haven.test',
  invoicePrefix: 'HAV',
  lateCancellationRefundPercent: '25',
}

describe('practice details', () => {
  it('saves them and says so on the practice section', async () => {
    const answer = await post(manager, PRACTICE)
    expect(answer.status).toBe(302)
    expect(answer.location).toBe('/manager/billing#practice')
    expect(answer.notice).toEqual({
      path: '/manager/billing',
      message: 'Practice details saved. New invoices and receipts print them.',
    })
    expect(await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).toMatchObject({
      abn: '51824753556',
      invoicePrefix: 'HAV',
      lateCancellationRefundPercent: 25,
    })
  })

  it('refuses a mistyped ABN beside its field, keeps what was typed, and saves nothing', async () => {
    const answer = await post(manager, { ...PRACTICE, abn: '51 824 753 557', invoicePrefix: 'NEW' })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      result: {
        initialValue: { intent: 'practice', abn: '51 824 753 557' },
        error: { abn: [expect.any(String)] },
      },
    })
    expect((await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).invoicePrefix).toBe('HAV')
  })
})

describe('Medicare items', () => {
  const rate = { intent: 'add-rate', itemNumber: '80110', effectiveFrom: '2099-07-01' }

  it('adds a rate, refuses the same day again on the date field, and removes it while it has not started', async () => {
    const added = await post(manager, { ...rate, scheduleFee: '120.00', rebate: '102.00' })
    expect(added.status).toBe(302)
    expect(added.location).toBe('/manager/billing#item-80110')
    expect(added.notice).toMatchObject({
      message: 'New rate added. Sessions before its first day keep the earlier rate.',
    })
    const upcoming = await db.medicareItem.findFirstOrThrow({
      where: { itemNumber: '80110', effectiveFrom: new Date('2099-07-01T00:00:00Z') },
    })
    expect(upcoming.rebateCents).toBe(10_200)

    const again = await post(manager, { ...rate, scheduleFee: '121.00', rebate: '103.00' })
    expect(again).toMatchObject({
      status: 409,
      body: {
        result: {
          initialValue: { intent: 'add-rate', itemNumber: '80110' },
          error: {
            effectiveFrom: [expect.stringMatching(/^Item 80110 already has a rate from 1 July 2099/)],
          },
        },
      },
    })

    const removed = await post(manager, { intent: 'remove-rate', itemNumber: '80110', rateId: upcoming.id })
    expect(removed.notice).toMatchObject({
      message: 'The rate that had not started is removed.',
    })
    expect(await db.medicareItem.count({ where: { id: upcoming.id } })).toBe(0)
  })

  it('refuses a rebate above the fee beside the rebate, and keeps a rate that has started', async () => {
    expect(await post(manager, { ...rate, scheduleFee: '120.00', rebate: '130.00' })).toMatchObject({
      status: 400,
      body: { result: { error: { rebate: ['The rebate cannot be more than the schedule fee.'] } } },
    })
    // The migration's rates start on 1 July 2025, which has passed.
    const started = await db.medicareItem.findFirstOrThrow({ where: { itemNumber: '80110' } })
    expect(
      await post(manager, { intent: 'remove-rate', itemNumber: '80110', rateId: started.id }),
    ).toMatchObject({
      status: 409,
      body: { result: { error: { rate: [expect.stringMatching(/^That rate has started/)] } } },
    })
    expect(await db.medicareItem.count({ where: { id: started.id } })).toBe(1)
  })

  it('switches an item off and on, and answers an item that does not exist with a 404', async () => {
    const off = await post(manager, { intent: 'switch-item', itemNumber: '91170', active: 'off' })
    expect(off.notice).toMatchObject({
      message: 'Item switched off: new invoices no longer use it. Invoices already issued keep it.',
    })
    expect(await db.medicareItem.count({ where: { itemNumber: '91170', active: true } })).toBe(0)
    await post(manager, { intent: 'switch-item', itemNumber: '91170', active: 'on' })
    expect(await db.medicareItem.count({ where: { itemNumber: '91170', active: false } })).toBe(0)

    const missing = await post(manager, {
      intent: 'edit-item',
      itemNumber: '99999',
      description: 'No such item at all',
      minMinutes: '30',
    })
    expect(missing.status).toBe(404)
  })
})

describe("psychologists' fees", () => {
  it('sets a fee from the grid and refuses a bad one beside its box', async () => {
    const daniel = await db.user.findUniqueOrThrow({ where: { email: 'daniel.tran@haven.test' } })
    const extended = await db.appointmentType.findFirstOrThrow({ where: { name: 'Extended session' } })
    const row = { intent: 'fees', psychologistId: daniel.id }

    const saved = await post(manager, { ...row, [`fees.${extended.id}`]: '345' })
    expect(saved.location).toBe('/manager/billing#fees')
    expect(saved.notice).toMatchObject({
      message: expect.stringMatching(/^Fees saved\./),
    })
    expect(
      await db.psychologistFee.findFirstOrThrow({
        where: { psychologistId: daniel.id, appointmentTypeId: extended.id },
      }),
    ).toMatchObject({ feeCents: 34_500 })

    expect(await post(manager, { ...row, [`fees.${extended.id}`]: 'lots' })).toMatchObject({
      status: 400,
      body: {
        result: {
          initialValue: { psychologistId: daniel.id },
          error: { [`fees.${extended.id}`]: ['Enter an amount in dollars and cents, like 240.00.'] },
        },
      },
    })
  })
})

describe('the page', () => {
  it('shows a refusal in the one form it answers, beside its field, with what was typed', async () => {
    const rate = { intent: 'add-rate', itemNumber: '80100', effectiveFrom: '2099-07-01' }
    await post(manager, { ...rate, scheduleFee: '90.00', rebate: '76.50' })
    const refused = await post(manager, { ...rate, scheduleFee: '91.25', rebate: '77.00' })
    expect(refused.status).toBe(409)
    rendered.loaderData = await loader({
      request: routeRequest('/manager/billing', manager),
      params: {},
      context,
    })
    rendered.actionData = refused.body
    const html = renderToString(createElement(BillingSettingsPage))

    const cards = html.split('<article').slice(1)
    const card = (itemNumber: string) => cards.find((part) => part.includes(`id="item-${itemNumber}"`))!
    expect(card('80100')).toContain('Item 80100 already has a rate from 1 July 2099')
    expect(card('80100')).toContain('value="91.25"')
    expect(card('80100')).toMatch(/<details class="mt-3" open="">/)
    expect(html.match(/already has a rate from/g)).toHaveLength(1)
    expect(card('80110')).not.toMatch(/<details class="mt-3" open="">/)
  })
})

describe('permissions', () => {
  it('refuses billing settings to someone who may refund but not change them, who can still refund', async () => {
    const bookkeeper = await signedInCookie(
      (await userWithOnly('bookkeeper', ['read:invoice:any', 'update:invoice:any'])).id,
    )
    const before = await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })
    expect((await loadPage(loader, { path: '/manager/billing', cookie: bookkeeper })).status).toBe(403)
    const forms: Record<string, string>[] = [
      { ...PRACTICE, invoicePrefix: 'BK' },
      { intent: 'switch-item', itemNumber: '91170', active: 'off' },
    ]
    for (const form of forms) {
      expect((await post(bookkeeper, form)).status).toBe(403)
    }
    expect(await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).toEqual(before)
    expect(await db.medicareItem.count({ where: { itemNumber: '91170', active: false } })).toBe(0)

    const invoice = await db.invoice.findFirstOrThrow({ where: { status: 'paid' } })
    const refund = await postForm(invoiceAction, {
      path: `/manager/invoices/${invoice.id}`,
      cookie: bookkeeper,
      fields: { intent: 'refund', amount: '10', reason: 'Goodwill' },
      params: { invoiceId: invoice.id },
    })
    expect(refund.status).toBe(302)
    expect(await db.refund.count({ where: { invoiceId: invoice.id, amountCents: 1_000 } })).toBe(1)
  })
})
