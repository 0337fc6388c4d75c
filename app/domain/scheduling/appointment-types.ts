// Client-safe: which appointment type a page shows first.

/**
 * The session most people book: the type marked as the default (AppointmentType.isDefault),
 * else the first of at least 50 minutes (a standard psychology session), else the first.
 */
export function defaultAppointmentType<Type extends { isDefault: boolean | null; durationMinutes: number }>(
  types: readonly Type[],
): Type | null {
  return (
    types.find((type) => type.isDefault) ??
    types.find((type) => type.durationMinutes >= 50) ??
    types[0] ??
    null
  )
}
