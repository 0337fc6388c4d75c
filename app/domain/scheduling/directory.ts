import { z } from 'zod'

// Client-safe: the directory's filters, shared by the form and the loader.

export const AUSTRALIAN_TIME_ZONES = [
  { value: 'Australia/Sydney', label: 'Sydney, Canberra' },
  { value: 'Australia/Melbourne', label: 'Melbourne' },
  { value: 'Australia/Hobart', label: 'Hobart' },
  { value: 'Australia/Brisbane', label: 'Brisbane' },
  { value: 'Australia/Adelaide', label: 'Adelaide' },
  { value: 'Australia/Darwin', label: 'Darwin' },
  { value: 'Australia/Perth', label: 'Perth' },
] as const

export const DEFAULT_TIME_ZONE = 'Australia/Sydney'

const zone = z.enum(AUSTRALIAN_TIME_ZONES.map((option) => option.value)).catch(DEFAULT_TIME_ZONE)

/** Filters come from the address bar, so anything unexpected falls back rather than failing. */
export const directoryFiltersSchema = z.object({
  focus: z.string().trim().max(60).optional().catch(undefined),
  modality: z.enum(['in_person', 'telehealth']).optional().catch(undefined),
  registration: z.enum(['clinical', 'registered']).optional().catch(undefined),
  gender: z.enum(['female', 'male']).optional().catch(undefined),
  within: z.coerce.number().int().min(1).max(90).optional().catch(undefined),
  tz: zone.optional().transform((value) => value ?? DEFAULT_TIME_ZONE),
})

export type DirectoryFilters = z.infer<typeof directoryFiltersSchema>

export function parseDirectoryFilters(searchParams: URLSearchParams): DirectoryFilters {
  const raw = Object.fromEntries([...searchParams].filter(([, value]) => value !== ''))
  return directoryFiltersSchema.parse(raw)
}

export const MODALITY_LABELS = {
  in_person: 'In person (Sydney CBD)',
  telehealth: 'Telehealth (video)',
} as const
