import { audit } from '~/domain/audit/audit.server.ts'
import { feeCentsFor, feesCentsFor } from '~/domain/billing/fees.server.ts'
import { DomainError, UnavailableError } from '~/domain/errors.ts'
import { db } from '~/utils/db.server.ts'
import { formatAud } from '~/utils/money.ts'
import { type HalaxyClient, type HalaxyError } from './client.server.ts'
import { type FhirChargeItemDefinition, type FhirPractitionerRole, MBS_ITEM_SYSTEM } from './fhir.ts'
import { feeMappingKey, type HalaxyMappingKind } from './mapping/appointment.ts'
import { dollarsToCentsExact } from './mapping/invoice.ts'

// The manager's Halaxy settings: which Halaxy record stands for each of Haven's psychologists,
// locations, appointment types and fees. The pickers offer only Halaxy's own (active) records,
// re-read from Halaxy on every save, so a mapping can never point at an id Halaxy does not know.

/** A saved mapping as the page shows it. */
export type SavedMapping = {
  halaxyId: string
  label: string
  /** Halaxy answered and no longer lists this id (archived, retired or deleted there). */
  missingInHalaxy: boolean
}

export type HalaxyOption = { id: string; label: string }
export type HalaxyFeeOption = HalaxyOption & {
  title: string
  /** The Medicare (MBS) item number. */
  itemCode: string | null
  priceCents: number | null
}

export type HalaxyOptions = {
  practitionerRoles: HalaxyOption[]
  clinics: HalaxyOption[]
  services: HalaxyOption[]
  fees: HalaxyFeeOption[]
}

const RESOURCE_OF_KIND = {
  psychologist: 'PractitionerRole',
  location: 'Organization',
  appointment_type: 'HealthcareService',
  fee: 'ChargeItemDefinition',
} as const satisfies Record<HalaxyMappingKind, string>

const KIND_LABELS: Record<HalaxyMappingKind, string> = {
  psychologist: 'practitioner role',
  location: 'clinic',
  appointment_type: 'appointment type (HealthcareService)',
  fee: 'fee (ChargeItemDefinition)',
}

function practitionerRoleLabel(role: FhirPractitionerRole) {
  const who = role.practitioner?.display?.trim() || role.id
  const details = [role.code?.[0]?.text ?? role.code?.[0]?.coding?.[0]?.display, role.organization?.display]
    .map((part) => part?.trim())
    .filter(Boolean)
  return details.length ? `${who} (${details.join(', ')})` : who
}

function chargeItemOption(fee: FhirChargeItemDefinition): HalaxyFeeOption {
  const codings = fee.code?.coding ?? []
  const itemCode = (codings.find((coding) => coding.system === MBS_ITEM_SYSTEM) ?? codings[0])?.code ?? null
  const components = (fee.propertyGroup ?? []).flatMap((group) => group.priceComponent ?? [])
  const base = components.find((component) => component.type === 'base') ?? components[0]
  const priceCents = base?.amount?.value === undefined ? null : dollarsToCentsExact(base.amount.value)
  const title = fee.title?.trim() || fee.code?.text?.trim() || fee.id
  const extras = [itemCode ? `item ${itemCode}` : null, priceCents === null ? null : formatAud(priceCents)]
  const shown = extras.filter(Boolean)
  return {
    id: fee.id,
    title,
    itemCode,
    priceCents,
    label: shown.length ? `${title} (${shown.join(', ')})` : title,
  }
}

function describeHalaxyError(error: HalaxyError) {
  if (error.kind === 'auth')
    return `Halaxy refused Haven's credentials or they are not set up (${error.message}).`
  if (error.kind === 'rate_limited') return `Halaxy is busy: ${error.message}. Try again in a minute.`
  return `Halaxy could not be reached (${error.message}).`
}

type HalaxyUnanswered = { ok: false; message: string; retryAfterSeconds?: number }

const unanswered = (error: HalaxyError): HalaxyUnanswered => ({
  ok: false,
  message: describeHalaxyError(error),
  retryAfterSeconds: error.retryAfterSeconds,
})

/** Halaxy's active records for the pickers, or why they could not be read. */
export async function halaxyOptions(
  client: HalaxyClient,
): Promise<{ ok: true; options: HalaxyOptions } | HalaxyUnanswered> {
  const [roles, organizations, services, fees] = await Promise.all([
    client.list('PractitionerRole'),
    client.list('Organization'),
    client.list('HealthcareService'),
    client.list('ChargeItemDefinition'),
  ])
  if (!roles.ok) return unanswered(roles.error)
  if (!organizations.ok) return unanswered(organizations.error)
  if (!services.ok) return unanswered(services.error)
  if (!fees.ok) return unanswered(fees.error)
  const byLabel = (a: HalaxyOption, b: HalaxyOption) => a.label.localeCompare(b.label)
  return {
    ok: true,
    options: {
      practitionerRoles: roles.resource
        .filter((role) => role.active !== false)
        .map((role) => ({ id: role.id, label: practitionerRoleLabel(role) }))
        .sort(byLabel),
      // An account's organisations are its clinics (Organization/CL-…).
      clinics: organizations.resource
        .filter((organization) => organization.active !== false)
        .map((organization) => ({ id: organization.id, label: organization.name?.trim() || organization.id }))
        .sort(byLabel),
      services: services.resource
        .filter((service) => service.active !== false)
        .map((service) => ({ id: service.id, label: service.name?.trim() || service.id }))
        .sort(byLabel),
      fees: fees.resource
        .filter((fee) => fee.status === 'active')
        .map(chargeItemOption)
        .sort(byLabel),
    },
  }
}

function optionsOfKind(options: HalaxyOptions, kind: HalaxyMappingKind): HalaxyOption[] {
  switch (kind) {
    case 'psychologist':
      return options.practitionerRoles
    case 'location':
      return options.clinics
    case 'appointment_type':
      return options.services
    case 'fee':
      return options.fees
  }
}

const activePsychologists = () =>
  db.user.findMany({
    where: {
      status: 'active',
      roles: { some: { role: { name: 'psychologist' } } },
      psychologist: { isNot: null },
    },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })

/**
 * Everything the Halaxy settings page shows: Haven's active records with their saved mapping,
 * and Halaxy's lists for the pickers. When Halaxy cannot be read, `halaxy` is null and
 * `halaxyError` says why; the saved mappings still show.
 */
export async function mappingPage(client: HalaxyClient) {
  const [psychologists, locations, types, mappings, halaxy] = await Promise.all([
    activePsychologists(),
    db.location.findMany({
      where: { active: true },
      select: { id: true, name: true, kind: true },
      orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    }),
    db.appointmentType.findMany({
      where: { active: true },
      select: { id: true, name: true, durationMinutes: true, feeCents: true },
      orderBy: { durationMinutes: 'asc' },
    }),
    db.halaxyMapping.findMany({ select: { kind: true, havenId: true, halaxyId: true, label: true } }),
    halaxyOptions(client),
  ])
  const options = halaxy.ok ? halaxy.options : null

  const saved = (kind: HalaxyMappingKind, havenId: string): SavedMapping | null => {
    const row = mappings.find((mapping) => mapping.kind === kind && mapping.havenId === havenId)
    if (!row) return null
    const known = options ? optionsOfKind(options, kind).some((option) => option.id === row.halaxyId) : true
    return { halaxyId: row.halaxyId, label: row.label, missingInHalaxy: !known }
  }

  const havenFeesOf = await Promise.all(
    psychologists.map((psychologist) => feesCentsFor(psychologist.id, types)),
  )
  const fees = psychologists.flatMap((psychologist, index) => {
    const havenFees = havenFeesOf[index]!
    return types.map((type) => {
      const havenId = feeMappingKey(psychologist.id, type.id)
      const mapping = saved('fee', havenId)
      const feeCents = havenFees.get(type.id) ?? type.feeCents
      const halaxyFee = mapping ? options?.fees.find((fee) => fee.id === mapping.halaxyId) : undefined
      const halaxyPriceCents = halaxyFee?.priceCents ?? null
      return {
        havenId,
        psychologistId: psychologist.id,
        psychologistName: psychologist.name,
        appointmentTypeId: type.id,
        appointmentTypeName: type.name,
        feeCents,
        mapping,
        halaxyPriceCents,
        // Shown, never blocking: the practice may charge differently on purpose.
        priceDiffers: halaxyPriceCents !== null && halaxyPriceCents !== feeCents,
      }
    })
  })

  return {
    psychologists: psychologists.map((psychologist) => ({
      ...psychologist,
      mapping: saved('psychologist', psychologist.id),
    })),
    locations: locations.map((location) => ({ ...location, mapping: saved('location', location.id) })),
    appointmentTypes: types.map((type) => ({
      id: type.id,
      name: type.name,
      durationMinutes: type.durationMinutes,
      mapping: saved('appointment_type', type.id),
    })),
    fees,
    halaxy: options,
    halaxyError: halaxy.ok ? null : halaxy.message,
  }
}

export type HalaxyMappingPage = Awaited<ReturnType<typeof mappingPage>>

export type MappingTarget = { kind: HalaxyMappingKind; havenId: string }

export type SavedMappingChoice = {
  halaxyId: string
  label: string
  /** For a fee: Haven's fee and Halaxy's price disagree (saved anyway). */
  priceDiffers: boolean
}

/** A mapping refused, beside the Halaxy record's choice: its Haven record is gone, or Halaxy does not list that id. */
export class MappingRefusedError extends DomainError {
  constructor(
    readonly reason: 'haven_record_not_found' | 'not_in_halaxy',
    message: string,
  ) {
    super('refused', message, 'halaxyId')
  }
}

/** Halaxy's list could not be read, so a choice cannot be checked against it: nothing is saved. */
export class HalaxyListUnavailableError extends UnavailableError {
  constructor(halaxyMessage: string, retryAfterSeconds?: number) {
    super(
      `Not saved: Haven checks each choice against Halaxy's own list, and it could not be read. ${halaxyMessage}`,
      retryAfterSeconds,
      'halaxyId',
    )
  }
}

/** The Haven record behind a mapping, when it exists and is in use; with a fee's Haven amount. */
async function havenRecord({ kind, havenId }: MappingTarget): Promise<{ feeCents: number | null } | null> {
  switch (kind) {
    case 'psychologist': {
      const psychologist = await db.user.findFirst({
        where: {
          id: havenId,
          status: 'active',
          roles: { some: { role: { name: 'psychologist' } } },
          psychologist: { isNot: null },
        },
        select: { id: true },
      })
      return psychologist ? { feeCents: null } : null
    }
    case 'location': {
      const location = await db.location.findFirst({ where: { id: havenId, active: true } })
      return location ? { feeCents: null } : null
    }
    case 'appointment_type': {
      const type = await db.appointmentType.findFirst({ where: { id: havenId, active: true } })
      return type ? { feeCents: null } : null
    }
    case 'fee': {
      const parts = havenId.split(':')
      if (parts.length !== 2) return null
      const [psychologistId, appointmentTypeId] = parts as [string, string]
      const [psychologist, type] = await Promise.all([
        havenRecord({ kind: 'psychologist', havenId: psychologistId }),
        db.appointmentType.findFirst({
          where: { id: appointmentTypeId, active: true },
          select: { id: true, feeCents: true },
        }),
      ])
      if (!psychologist || !type) return null
      return { feeCents: await feeCentsFor(db, psychologistId, type) }
    }
  }
}

const HAVEN_RECORD_NAMES: Record<HalaxyMappingKind, string> = {
  psychologist: 'psychologist',
  location: 'location',
  appointment_type: 'appointment type',
  fee: 'psychologist and appointment type',
}

/**
 * Maps a Haven record to a Halaxy one. The Halaxy id must be in Halaxy's own list, read again
 * now; the label saved is Halaxy's name for it. A fee whose price differs from Haven's is saved
 * and reported (`priceDiffers`). Throws MappingRefusedError, or HalaxyListUnavailableError when
 * Halaxy cannot be asked.
 */
export async function saveMapping(
  client: HalaxyClient,
  input: MappingTarget & { halaxyId: string },
  actorId: string,
): Promise<SavedMappingChoice> {
  const record = await havenRecord(input)
  if (!record) {
    throw new MappingRefusedError(
      'haven_record_not_found',
      `That ${HAVEN_RECORD_NAMES[input.kind]} is not in Haven (or is no longer active). Reload the page.`,
    )
  }
  const halaxy = await halaxyOptions(client)
  if (!halaxy.ok) throw new HalaxyListUnavailableError(halaxy.message, halaxy.retryAfterSeconds)
  const option = optionsOfKind(halaxy.options, input.kind).find(
    (candidate) => candidate.id === input.halaxyId,
  )
  if (!option) {
    throw new MappingRefusedError(
      'not_in_halaxy',
      `Halaxy has no active ${KIND_LABELS[input.kind]} with the id ${input.halaxyId}. Pick one from the list.`,
    )
  }
  const priceCents = input.kind === 'fee' ? (option as HalaxyFeeOption).priceCents : null
  const priceDiffers = record.feeCents !== null && priceCents !== null && priceCents !== record.feeCents

  await db.$transaction(async (tx) => {
    const key = { kind: input.kind, havenId: input.havenId }
    await tx.halaxyMapping.upsert({
      where: { kind_havenId: key },
      create: { ...key, halaxyId: option.id, label: option.label },
      update: { halaxyId: option.id, label: option.label },
    })
    await audit(tx, {
      actorId,
      action: 'halaxy_mapping.saved',
      entity: 'halaxy_mapping',
      entityId: `${input.kind}:${input.havenId}`,
      detail: {
        kind: input.kind,
        havenId: input.havenId,
        halaxyId: option.id,
        halaxyResource: RESOURCE_OF_KIND[input.kind],
      },
    })
  })
  return { halaxyId: option.id, label: option.label, priceDiffers }
}

/** Removes a mapping ("Not mapped"). Needs no answer from Halaxy. False when there was none. */
export async function clearMapping(target: MappingTarget, actorId: string) {
  return db.$transaction(async (tx) => {
    const removed = await tx.halaxyMapping.deleteMany({
      where: { kind: target.kind, havenId: target.havenId },
    })
    if (removed.count === 0) return false
    await audit(tx, {
      actorId,
      action: 'halaxy_mapping.cleared',
      entity: 'halaxy_mapping',
      entityId: `${target.kind}:${target.havenId}`,
      detail: { kind: target.kind, havenId: target.havenId },
    })
    return true
  })
}
