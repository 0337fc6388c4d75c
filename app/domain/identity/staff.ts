import { z } from 'zod'
import { emailSchema } from './email.ts'

// Client-safe: the manager's "add a staff member" form validates with this in the browser and on the server.
export const staffSchema = z
  .object({
    name: z.string({ error: 'Enter their full name' }).trim().min(2, 'Enter their full name').max(120),
    email: z
      .string({ error: 'Enter their work email' })
      .trim()
      .min(1, 'Enter their work email')
      .pipe(emailSchema),
    role: z.enum(['psychologist', 'manager'], { error: 'Choose a role' }),
    registrationType: z.enum(['clinical', 'registered']).optional(),
    ahpraNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^PSY\d{10}$/, 'An AHPRA number for a psychologist looks like PSY0001234567')
      .optional(),
    medicareProviderNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^\d{5,6}[0-9A-HJ-NP-Z][0-9A-HJ-NP-Z]$/, 'A Medicare provider number looks like 2123456A')
      .optional(),
  })
  .superRefine((staff, ctx) => {
    if (staff.role !== 'psychologist') return
    if (!staff.registrationType) {
      ctx.addIssue({ code: 'custom', path: ['registrationType'], message: 'Choose clinical or registered' })
    }
    if (!staff.ahpraNumber) {
      ctx.addIssue({
        code: 'custom',
        path: ['ahpraNumber'],
        message: 'Enter their AHPRA registration number',
      })
    }
  })

export type StaffInput = z.infer<typeof staffSchema>
