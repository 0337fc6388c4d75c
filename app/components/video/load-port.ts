import { type VideoPort, type VideoPortKind } from './port.ts'

// Placeholder until the PORT helper's loader lands: it imports the chosen implementation lazily.
export async function loadVideoPort(kind: VideoPortKind): Promise<VideoPort> {
  throw new Error(`The ${kind} video port is not available yet.`)
}
