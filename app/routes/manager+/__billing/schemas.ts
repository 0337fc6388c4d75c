import { z } from 'zod'
import {
  feeRowSchema,
  medicareItemSchema,
  medicareRateSchema,
  medicareSwitchSchema,
  practiceSchema,
  removeRateSchema,
} from '~/domain/billing/settings.ts'

/**
 * Every form of the billing page, told apart by `intent`. The fees grid has a field per
 * appointment type, so the schema is built from the types the page shows.
 */
export function billingSchema(appointmentTypeIds: readonly string[]) {
  return z.discriminatedUnion('intent', [
    practiceSchema,
    medicareRateSchema,
    medicareItemSchema,
    medicareSwitchSchema,
    removeRateSchema,
    feeRowSchema(appointmentTypeIds),
  ])
}
