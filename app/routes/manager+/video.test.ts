// The manager's video session settings: saved and audited, refused out of range, and only for
// the permission that changes them.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { databaseSnapshot } from '../../../tests/setup/database-snapshot.ts'
import {
  cookieFor,
  loadPage,
  postForm,
  signedInCookie,
  userWithOnly,
} from '../../../tests/setup/route-calls.ts'
import { action, loader } from './video.tsx'

let manager: string

beforeAll(async () => {
  await seedDemoPractice(db)
  manager = await cookieFor('manager@haven.test')
})

const SETTINGS = {
  intent: 'save-video-settings',
  videoJoinOpensMinutes: '10',
  videoJoinClosesMinutes: '45',
  videoAutoAdmit: 'on',
}
const post = (fields: Record<string, string>, cookie = manager) =>
  postForm(action, { path: '/manager/video', cookie, fields })

describe('the video session settings', () => {
  it('show the practice’s settings', async () => {
    expect(await loadPage(loader, { path: '/manager/video', cookie: manager })).toMatchObject({
      status: 200,
      body: {
        settings: { videoJoinOpensMinutes: 15, videoJoinClosesMinutes: 30, videoAutoAdmit: false },
        canChange: true,
      },
    })
  })

  it('are saved, audited by field name, and said so', async () => {
    expect(await post(SETTINGS)).toMatchObject({
      status: 302,
      location: '/manager/video',
      notice: { message: 'Video session settings saved.' },
    })
    expect(await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).toMatchObject({
      videoJoinOpensMinutes: 10,
      videoJoinClosesMinutes: 45,
      videoAutoAdmit: true,
    })
    expect(
      await db.auditEvent.findFirst({ where: { action: 'video-settings.updated' }, orderBy: { at: 'desc' } }),
    ).toMatchObject({
      detail: { fields: ['videoJoinOpensMinutes', 'videoJoinClosesMinutes', 'videoAutoAdmit'] },
    })
    // An unticked box turns automatic admission off again.
    const { videoAutoAdmit: _off, ...withoutAutoAdmit } = SETTINGS
    await post(withoutAutoAdmit)
    expect((await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).videoAutoAdmit).toBe(false)
  })

  it('refuses minutes out of range beside their fields, and saves nothing', async () => {
    const before = await databaseSnapshot()
    expect(
      await post({ ...SETTINGS, videoJoinOpensMinutes: '90', videoJoinClosesMinutes: '-1' }),
    ).toMatchObject({
      status: 400,
      body: {
        result: {
          error: {
            videoJoinOpensMinutes: ['Enter whole minutes from 0 to 60'],
            videoJoinClosesMinutes: ['Enter whole minutes from 0 to 120'],
          },
        },
      },
    })
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('are changed only with the permission to change them', async () => {
    const reader = await userWithOnly('video-reader', ['read:video-settings:any'])
    const cookie = await signedInCookie(reader.id)
    expect(await loadPage(loader, { path: '/manager/video', cookie })).toMatchObject({
      body: { canChange: false },
    })
    const before = await databaseSnapshot()
    expect((await post(SETTINGS, cookie)).status).toBe(403)
    expect(await databaseSnapshot()).toEqual(before)
  })
})
