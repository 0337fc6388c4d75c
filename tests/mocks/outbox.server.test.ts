import fs from 'node:fs/promises'
import path from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import { clearOutbox, getOutboxMessage, listOutbox, outboxDir, recordOutboxMessage } from './outbox.server.ts'

beforeEach(() => clearOutbox())

const sms = (to: string) =>
  recordOutboxMessage({
    id: `SM${'a'.repeat(32)}`,
    channel: 'sms',
    to: [to],
    from: `MG${'0'.repeat(32)}`,
    subject: '',
    html: '',
    text: 'Haven Psychology: see you soon',
    idempotencyKey: null,
  })

it('reads a file written before SMS existed as an email', async () => {
  await fs.mkdir(outboxDir(), { recursive: true })
  const id = '5d0c4a47-0cde-4c36-8c38-6a4d1c2a3b4e'
  await fs.writeFile(
    path.join(outboxDir(), `${id}.json`),
    JSON.stringify({
      id,
      to: ['pat@example.com'],
      from: 'Haven <hello@haven.test>',
      subject: 'Old mail',
      html: '<p>Old</p>',
      text: 'Old',
      createdAt: '2026-01-01T00:00:00.000Z',
      idempotencyKey: null,
    }),
  )

  expect(await getOutboxMessage(id)).toMatchObject({ id, channel: 'email', subject: 'Old mail' })
})

it("keeps an SMS under its vendor id, and finds a person's email and SMS together", async () => {
  const text = await sms('+61412345678')
  await recordOutboxMessage({
    to: ['Pat <pat@example.com>'],
    from: 'Haven <hello@haven.test>',
    subject: 'Booked',
    html: '<p>Booked</p>',
    text: 'Booked',
    idempotencyKey: null,
  })

  expect(text).toMatchObject({ id: `SM${'a'.repeat(32)}`, channel: 'sms', to: ['+61412345678'] })
  const theirs = await listOutbox({ to: ['pat@example.com', '+61412345678'] })
  expect(theirs.map(({ channel }) => channel)).toEqual(['email', 'sms'])
  expect(await getOutboxMessage(text.id, { to: ['pat@example.com'] })).toBeNull()
})

it('refuses an id that could not be a file name', async () => {
  await expect(
    recordOutboxMessage({
      id: '../escape',
      to: ['+61412345678'],
      from: 'x',
      subject: '',
      html: '',
      text: 'x',
      idempotencyKey: null,
    }),
  ).rejects.toThrow(/not an outbox id/)
})
