import { db, type Db } from '~/utils/db.server.ts'
import { updatePracticeFields } from '../billing/settings.server.ts'
import { DEFAULT_JOIN_WINDOW, type JoinWindowSettings } from './join-window.ts'
import { type VideoSettings } from './settings.ts'

/** When video sessions open and close, and whether patients are let in without waiting. */
export async function readVideoSettings(client: Db = db): Promise<VideoSettings> {
  const practice = await client.practice.findUnique({
    where: { id: 'practice' },
    select: { videoJoinOpensMinutes: true, videoJoinClosesMinutes: true, videoAutoAdmit: true },
  })
  return (
    practice ?? {
      videoJoinOpensMinutes: DEFAULT_JOIN_WINDOW.opensMinutes,
      videoJoinClosesMinutes: DEFAULT_JOIN_WINDOW.closesMinutes,
      videoAutoAdmit: false,
    }
  )
}

export function joinWindowSettings(
  settings: Pick<VideoSettings, 'videoJoinOpensMinutes' | 'videoJoinClosesMinutes'>,
): JoinWindowSettings {
  return { opensMinutes: settings.videoJoinOpensMinutes, closesMinutes: settings.videoJoinClosesMinutes }
}

export async function readJoinWindowSettings(client: Db = db) {
  return joinWindowSettings(await readVideoSettings(client))
}

/** Saves them (sessions already open keep going); audited by field name. */
export async function updateVideoSettings(input: VideoSettings, actorId: string) {
  const { videoJoinOpensMinutes, videoJoinClosesMinutes, videoAutoAdmit } = input
  await updatePracticeFields(actorId, 'video-settings.updated', {
    videoJoinOpensMinutes,
    videoJoinClosesMinutes,
    videoAutoAdmit,
  })
}
