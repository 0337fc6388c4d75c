import fs from 'node:fs/promises'
import path from 'node:path'
import { readJson, writeJson } from '../file-state.server.ts'
import { stripeStandInDir } from './store.server.ts'

type StripeFault = 'down' | '500'

/** The fault every call to the stand-in meets, if any (shared by every process). */
export async function getStripeFault(): Promise<StripeFault | null> {
  const stored = await readJson<{ fault: StripeFault }>(path.join(stripeStandInDir(), 'fault.json'))
  return stored?.fault === 'down' || stored?.fault === '500' ? stored.fault : null
}

/** 'down': every call fails to connect; '500': every call answers 500 api_error; null: healthy. */
export async function setStripeFault(fault: StripeFault | null): Promise<void> {
  const file = path.join(stripeStandInDir(), 'fault.json')
  if (fault === null) await fs.rm(file, { force: true })
  else await writeJson(file, { fault })
}
