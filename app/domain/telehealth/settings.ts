import { z } from 'zod'

// Client-safe: the manager's video session settings, validated with this in the browser and on
// the server (the Practice row's CHECK holds the same bounds).

const minutes = (message: string, max: number) =>
  z.number({ error: message }).int(message).min(0, message).max(max, message)

export const videoSettingsSchema = z.object({
  intent: z.literal('save-video-settings'),
  videoJoinOpensMinutes: minutes('Enter whole minutes from 0 to 60', 60),
  videoJoinClosesMinutes: minutes('Enter whole minutes from 0 to 120', 120),
  videoAutoAdmit: z.boolean().default(false),
})
export type VideoSettings = Omit<z.infer<typeof videoSettingsSchema>, 'intent'>
