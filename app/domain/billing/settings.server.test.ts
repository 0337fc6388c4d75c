import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { feeCentsFor } from './fees.server.ts'
import { medicareItemFor } from './medicare.ts'
import { patientInvoiceDocument } from './receipts.server.ts'
import {
  medicareItemSchema,
  medicareRateSchema,
  nextIndexationDay,
  practiceSchema,
  feeRowSchema,
} from './settings.ts'
import {
  addMedicareRate,
  BillingRecordNotFoundError,
  BillingSettingsError,
  feeGrid,
  medicareItemGroups,
  practiceDetails,
  removeUpcomingMedicareRate,
  setMedicareItemActive,
  setPsychologistFees,
  updateMedicareItem,
  updatePracticeDetails,
} from './settings.server.ts'

let managerId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
})

const auditsOf = (action: string) => db.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } })

describe('practice details', () => {
  const valid = {
    intent: 'practice',
    name: 'Haven Psychology',
    abn: '51 824 753 556',
    address: 'Level 9, 343 George Street, Sydney NSW 2000',
    phone: '(02) 9270 6400',
    email: 'Accounts@Haven.test',
    invoicePrefix: 'hav',
    lateCancellationRefundPercent: '25',
  }

  it('reads the form as printed: ABN digits, E.164 or 1300 phone, upper-case prefix', () => {
    expect(practiceSchema.parse(valid)).toMatchObject({
      abn: '51824753556',
      phone: '+61292706400',
      email: 'accounts@haven.test',
      invoicePrefix: 'HAV',
      lateCancellationRefundPercent: 25,
    })
    expect(practiceSchema.parse({ ...valid, phone: '1300 123 456' }).phone).toBe('1300123456')
  })

  it('refuses a mistyped ABN, a percentage outside 0–100 and an empty one, each on its field', () => {
    const errors = (input: Record<string, string>) =>
      practiceSchema.safeParse({ ...valid, ...input }).error?.issues.map((issue) => issue.path[0])
    expect(errors({ abn: '51 824 753 557' })).toEqual(['abn'])
    expect(errors({ lateCancellationRefundPercent: '101' })).toEqual(['lateCancellationRefundPercent'])
    expect(errors({ lateCancellationRefundPercent: '-1' })).toEqual(['lateCancellationRefundPercent'])
    expect(errors({ lateCancellationRefundPercent: '' })).toEqual(['lateCancellationRefundPercent'])
    expect(errors({ phone: '9270 6400' })).toEqual(['phone'])
    expect(errors({ invoicePrefix: 'INV-' })).toEqual(['invoicePrefix'])
  })

  it('saves the details and audits which fields changed, never their values', async () => {
    const input = practiceSchema.parse(valid)
    await updatePracticeDetails(managerId, input)
    expect(await practiceDetails()).toMatchObject({
      abn: '51824753556',
      invoicePrefix: 'HAV',
      lateCancellationRefundPercent: 25,
    })
    const [event] = await auditsOf('practice.updated')
    expect(event).toMatchObject({ actorId: managerId, entity: 'practice' })
    expect(event!.detail).toEqual({
      fields: expect.arrayContaining(['abn', 'email', 'invoicePrefix', 'lateCancellationRefundPercent']),
    })
    expect(JSON.stringify(event!.detail)).not.toContain('51824753556')

    // Saving the same again changes nothing and records nothing.
    await updatePracticeDetails(managerId, input)
    expect(await auditsOf('practice.updated')).toHaveLength(1)
  })
})

describe('Medicare items', () => {
  it('finds the next 1 July indexation day', () => {
    expect(nextIndexationDay('2026-12-01')).toBe('2027-07-01')
    expect(nextIndexationDay('2027-06-30')).toBe('2027-07-01')
    expect(nextIndexationDay('2027-07-01')).toBe('2028-07-01')
  })

  it('refuses a rebate above the schedule fee, an impossible date and senseless minutes', () => {
    const rate = { intent: 'add-rate', itemNumber: '80010', effectiveFrom: '2027-07-01' }
    expect(medicareRateSchema.parse({ ...rate, scheduleFee: '175.00', rebate: '148.75' })).toMatchObject({
      scheduleFee: 17_500,
      rebate: 14_875,
    })
    const problem = (input: Record<string, string>) =>
      medicareRateSchema.safeParse({ ...rate, scheduleFee: '175', rebate: '148.75', ...input }).error
        ?.issues[0]
    expect(problem({ rebate: '175.01' })).toMatchObject({ path: ['rebate'] })
    expect(problem({ effectiveFrom: '2027-02-30' })).toMatchObject({ path: ['effectiveFrom'] })
    expect(problem({ scheduleFee: '0' })).toMatchObject({ path: ['scheduleFee'] })

    const item = { intent: 'edit-item', itemNumber: '80000', description: 'Clinical psychologist, 30 to 50' }
    expect(medicareItemSchema.parse({ ...item, minMinutes: '30', maxMinutes: '' }).maxMinutes).toBeUndefined()
    expect(
      medicareItemSchema.safeParse({ ...item, minMinutes: '50', maxMinutes: '30' }).error?.issues[0],
    ).toMatchObject({
      path: ['maxMinutes'],
    })
    expect(
      medicareItemSchema.safeParse({ ...item, minMinutes: '', maxMinutes: '' }).error?.issues[0],
    ).toMatchObject({
      path: ['minMinutes'],
    })
    expect(medicareItemSchema.safeParse({ ...item, minMinutes: '600' }).success).toBe(false)
  })

  it('adds a rate from a day on: earlier sessions and their receipts keep the earlier rate', async () => {
    const invoice = await db.invoice.findFirstOrThrow({
      where: { status: 'paid', lines: { some: { medicareItemNumber: '80010' } } },
    })
    const before = await patientInvoiceDocument(invoice.id, invoice.patientId)

    await addMedicareRate(managerId, {
      itemNumber: '80010',
      effectiveFrom: '2027-07-01',
      scheduleFee: 17_500,
      rebate: 14_875,
    })

    const group = (await medicareItemGroups('2026-12-01')).find((item) => item.itemNumber === '80010')!
    expect(group.rates).toEqual([
      expect.objectContaining({ effectiveFrom: '2025-07-01', rebateCents: 14_525, inForce: true }),
      expect.objectContaining({ effectiveFrom: '2027-07-01', rebateCents: 14_875, upcoming: true }),
    ])
    // The new row is a copy of the item with the new amounts.
    expect(group).toMatchObject({ registrationType: 'clinical', service: 'in_rooms', minMinutes: 50 })

    expect(await patientInvoiceDocument(invoice.id, invoice.patientId)).toEqual(before)
    const items = await db.medicareItem.findMany()
    const session = { registrationType: 'clinical', modality: 'in_person', minutes: 50 } as const
    expect(medicareItemFor(items, { ...session, serviceDay: '2027-06-30' })?.rebateCents).toBe(14_525)
    expect(medicareItemFor(items, { ...session, serviceDay: '2027-07-01' })?.rebateCents).toBe(14_875)

    const [event] = await auditsOf('medicare_item.rate_added')
    expect(event!.detail).toEqual({ itemNumber: '80010', effectiveFrom: '2027-07-01' })
  })

  it('refuses a second rate for the same item and day, on the date field', async () => {
    const again = addMedicareRate(managerId, {
      itemNumber: '80010',
      effectiveFrom: '2027-07-01',
      scheduleFee: 18_000,
      rebate: 15_000,
    })
    await expect(again).rejects.toBeInstanceOf(BillingSettingsError)
    await expect(again).rejects.toMatchObject({
      field: 'effectiveFrom',
      message: expect.stringContaining('Item 80010 already has a rate from 1 July 2027'),
    })
    await expect(
      addMedicareRate(managerId, {
        itemNumber: '12345',
        effectiveFrom: '2027-07-01',
        scheduleFee: 1,
        rebate: 0,
      }),
    ).rejects.toBeInstanceOf(BillingRecordNotFoundError)
  })

  it('removes a rate only while it has not started', async () => {
    const rates = await db.medicareItem.findMany({
      where: { itemNumber: '80010' },
      orderBy: { effectiveFrom: 'asc' },
    })
    await expect(removeUpcomingMedicareRate(managerId, rates[0]!.id, '2026-12-01')).rejects.toMatchObject({
      field: 'rate',
    })
    await removeUpcomingMedicareRate(managerId, rates[1]!.id, '2026-12-01')
    expect(await db.medicareItem.count({ where: { itemNumber: '80010' } })).toBe(1)
  })

  it('edits an item for all its rates, and a switched-off item is left off new invoices', async () => {
    await updateMedicareItem(managerId, {
      itemNumber: '80100',
      description: 'Registered psychologist, in rooms, 20 to 50 minutes',
      minMinutes: 25,
      maxMinutes: 50,
    })
    expect(await db.medicareItem.findFirstOrThrow({ where: { itemNumber: '80100' } })).toMatchObject({
      minMinutes: 25,
      maxMinutes: 50,
    })

    await setMedicareItemActive(managerId, '91170', false)
    const items = await db.medicareItem.findMany()
    const video = {
      registrationType: 'registered',
      modality: 'telehealth',
      minutes: 50,
      serviceDay: '2026-12-08',
    } as const
    expect(medicareItemFor(items, video)).toBeNull()
    expect((await medicareItemGroups()).find((item) => item.itemNumber === '91170')?.active).toBe(false)
    // Invoices already issued keep their item number.
    expect(await db.invoiceLine.count({ where: { medicareItemNumber: '91170' } })).toBeGreaterThan(0)

    await setMedicareItemActive(managerId, '91170', true)
    expect(medicareItemFor(await db.medicareItem.findMany(), video)?.itemNumber).toBe('91170')
    expect((await auditsOf('medicare_item.switched_off')).map((event) => event.entityId)).toEqual(['91170'])
    await expect(setMedicareItemActive(managerId, '00000', false)).rejects.toBeInstanceOf(
      BillingRecordNotFoundError,
    )
  })
})

describe("psychologists' fees", () => {
  it('reads a row of the grid: an empty box clears, a bad one is refused on its own field', () => {
    const row = { intent: 'fees', psychologistId: 'p' }
    const fees = { a: '265', b: '', c: ' $1,000.50 ' }
    expect(feeRowSchema(['a', 'b', 'c']).parse({ ...row, fees }).fees).toEqual([
      { appointmentTypeId: 'a', feeCents: 26_500 },
      { appointmentTypeId: 'b', feeCents: null },
      { appointmentTypeId: 'c', feeCents: 100_050 },
    ])
    const refused = feeRowSchema(['a', 'b']).safeParse({ ...row, fees: { a: 'lots' } })
    expect(refused.error?.issues).toEqual([
      expect.objectContaining({
        path: ['fees', 'a'],
        message: 'Enter an amount in dollars and cents, like 240.00.',
      }),
    ])
  })

  it('sets and clears a fee: bookings are charged it, or the default again', async () => {
    const daniel = await db.user.findUniqueOrThrow({ where: { email: 'daniel.tran@haven.test' } })
    const extended = await db.appointmentType.findFirstOrThrow({ where: { name: 'Extended session' } })
    const grid = await feeGrid()
    expect(grid.types.map((type) => type.name)).toEqual([
      'Short review',
      'Standard session',
      'Initial consultation',
      'Extended session',
    ])
    expect(grid.psychologists).toHaveLength(4)
    expect(grid.psychologists.find((row) => row.id === daniel.id)?.fees[extended.id]).toBeNull()

    await setPsychologistFees(managerId, daniel.id, [{ appointmentTypeId: extended.id, feeCents: 34_000 }])
    expect(await feeCentsFor(db, daniel.id, extended)).toBe(34_000)
    expect((await feeGrid()).psychologists.find((row) => row.id === daniel.id)?.fees[extended.id]).toBe(
      34_000,
    )

    await setPsychologistFees(managerId, daniel.id, [{ appointmentTypeId: extended.id, feeCents: null }])
    expect(await feeCentsFor(db, daniel.id, extended)).toBe(extended.feeCents)

    const events = await db.auditEvent.findMany({
      where: { action: 'psychologist_fee.updated', entityId: daniel.id },
    })
    expect(events.map((event) => event.detail)).toEqual([
      { set: [extended.id], cleared: [] },
      { set: [], cleared: [extended.id] },
    ])
  })

  it('refuses fees for someone who is not a psychologist', async () => {
    const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient1@haven.test' } })
    const type = await db.appointmentType.findFirstOrThrow()
    await expect(
      setPsychologistFees(managerId, patient.id, [{ appointmentTypeId: type.id, feeCents: 100 }]),
    ).rejects.toBeInstanceOf(BillingRecordNotFoundError)
    expect(await db.psychologistFee.count({ where: { psychologistId: patient.id } })).toBe(0)
  })
})
