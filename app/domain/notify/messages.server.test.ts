import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { sendEmailQueue } from '~/utils/queues.server.ts'
import { listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { requestPasswordReset, resetPassword } from '../identity/password-reset.server.ts'
import { hashPassword } from '../identity/password.server.ts'
import {
  deliverMessage,
  markMessageUndeliverable,
  queueEmail,
  RetryableDeliveryError,
} from './messages.server.ts'

let stopStandIns: () => void
beforeAll(() => {
  stopStandIns = startStandIns()
})
afterAll(() => stopStandIns())

async function resetRequestedFor(email: string) {
  await db.user.create({
    data: {
      email,
      name: 'Robin Reset',
      password: { create: { hash: await hashPassword('old password here') } },
    },
  })
  await requestPasswordReset(email)
  return db.message.findFirstOrThrow({ where: { toAddress: email } })
}

describe('queueEmail', () => {
  it('never leaves a job behind when the transaction rolls back', async () => {
    await db
      .$transaction(async (tx) => {
        await queueEmail(tx, { template: 'signup-existing', to: 'rollback@example.com' })
        throw new Error('something later in the change failed')
      })
      .catch(() => undefined)
    expect(await db.message.count()).toBe(0)
    expect(await queuedJobs(sendEmailQueue.name)).toHaveLength(0)
  })
})

describe('deliverMessage', () => {
  it('sends through the Resend adapter with a working single-use link, and records the attempt', async () => {
    const message = await resetRequestedFor('robin@example.com')
    await expect(deliverMessage(message.id)).resolves.toEqual({ status: 'sent' })
    const sent = await db.message.findUniqueOrThrow({ where: { id: message.id } })
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null })
    expect(sent.providerMessageId).toBeTruthy()

    const [email] = await listOutbox({ to: 'robin@example.com' })
    expect(email?.subject).toMatch(/password/i)
    const link = email?.text.match(/http:\/\/localhost:3000\/reset-password\?token=([\w-]+)/)
    expect(link).not.toBeNull()
    // The token in the email is the one that works; the database holds only its hash.
    const verification = await db.verification.findFirstOrThrow({ where: { email: 'robin@example.com' } })
    expect(verification.tokenHash).not.toBe(link![1])
    await resetPassword({ token: link![1]!, password: 'brand new passphrase' })

    // Delivering again does nothing: the message is already sent.
    await expect(deliverMessage(message.id)).resolves.toEqual({ status: 'sent' })
    expect(await listOutbox({ to: 'robin@example.com' })).toHaveLength(1)
  })

  it('throws on a retryable failure so the queue retries, and keeps the error visible', async () => {
    const message = await resetRequestedFor('robin+fail-500@example.com')
    await expect(deliverMessage(message.id)).rejects.toBeInstanceOf(RetryableDeliveryError)
    const failed = await db.message.findUniqueOrThrow({ where: { id: message.id } })
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 })
    expect(failed.lastError).toBeTruthy()
    await markMessageUndeliverable(message.id)
    // After the last try it is failed, still in the vendor's words.
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: 'failed',
      lastError: `Gave up after repeated failures: ${failed.lastError}`,
    })
  })

  it('marks a permanent failure failed at once, without retrying', async () => {
    const message = await resetRequestedFor('robin+fail-400@example.com')
    await expect(deliverMessage(message.id)).resolves.toEqual({ status: 'failed' })
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: 'failed',
      attempts: 1,
    })
  })
})
