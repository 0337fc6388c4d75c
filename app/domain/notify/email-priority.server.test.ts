import { expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { getBoss } from '~/utils/jobs.server.ts'
import { sendEmailQueue } from '~/utils/queues.server.ts'
import { requestPasswordReset } from '../identity/password-reset.server.ts'
import { hashPassword } from '../identity/password.server.ts'
import { requestSignup } from '../identity/signup.server.ts'

it('sends a password reset before a burst of sign-up emails queued ahead of it', async () => {
  await db.user.create({
    data: {
      email: 'locked-out@example.com',
      name: 'Lou Lockedout',
      password: { create: { hash: await hashPassword('forgotten password') } },
    },
  })
  await db.user.create({ data: { email: 'member@example.com', name: 'Mel Member' } })
  for (let n = 0; n < 40; n++) await requestSignup(`burst-${n}@example.com`)
  await requestSignup('member@example.com')
  await requestPasswordReset('locked-out@example.com')
  const reset = await db.message.findFirstOrThrow({ where: { template: 'password-reset' } })

  // What the worker would take next, one at a time as it does (batchSize 1).
  const boss = await getBoss()
  const [first] = await boss.fetch<{ messageId: string }>(sendEmailQueue.name)
  expect(first?.data.messageId).toBe(reset.id)
  // The rest follow in the order they were asked for: sign-up mail keeps its own order.
  const [second] = await boss.fetch<{ messageId: string }>(sendEmailQueue.name)
  const firstSignup = await db.message.findFirstOrThrow({ where: { toAddress: 'burst-0@example.com' } })
  expect(second?.data.messageId).toBe(firstSignup.id)
})
