import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DISPUTE_STATUSES } from '~/domain/billing/stripe.server.ts'
import { HALAXY_MAPPING_KINDS } from '~/domain/halaxy/mapping/appointment.ts'
import { DRIFT_FIELDS, SYNC_OPERATIONS, SYNC_OUTCOMES } from '~/domain/halaxy/sync-states.ts'
import { FILE_PURPOSES } from '~/domain/patients/files.server.ts'
import {
  AUSTRALIAN_STATES,
  GENDER_OPTIONS,
  INTAKE_STEPS,
  PSYCHOLOGIST_GENDER_OPTIONS,
} from '~/domain/patients/intake.ts'
import { K10_CONTEXTS } from '~/domain/patients/k10.ts'
import { MESSAGE_TEMPLATES, VENDOR_STATUSES } from '~/domain/notify/templates.ts'
import { NOTE_STATUSES, NOTE_TEMPLATES, RISK_LEVELS } from '~/domain/records/notes.ts'
import { BAND_KEYS, QUESTIONNAIRE_IDS } from '~/domain/outcomes/questionnaires.ts'
import { ASSIGNMENT_SCHEDULES } from '~/domain/outcomes/schedule.ts'
import {
  VIDEO_PARTICIPANT_ROLES,
  VIDEO_ROOM_END_REASONS,
  VIDEO_ROOM_EVENTS,
} from '~/domain/telehealth/rooms.ts'

// Every foreign key needs an index that starts with its columns: without one, deleting or
// updating the referenced row scans the whole referencing table, and joins from the parent
// are slow. Listed from the catalogue, so a foreign key added later is held to it too.
test('every foreign key has an index that starts with its columns', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(`
      SELECT c.conrelid::regclass || '.' || string_agg(a.attname, ',' ORDER BY k.ord) AS name
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f'
        AND c.connamespace = 'public'::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
        )
      GROUP BY c.oid, c.conrelid
      ORDER BY 1`)
    expect(rows.map((row) => row.name)).toEqual([])
  } finally {
    await client.end()
  }
})

test('an appointment type needs a length and a fee that is not negative', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    const insert = (duration: number, fee: number) =>
      client.query(
        `INSERT INTO "AppointmentType" (id, name, "durationMinutes", "feeCents", modalities) VALUES ($1, $1, $2, $3, '{in_person}')`,
        [`type-${duration}-${fee}`, duration, fee],
      )
    await expect(insert(0, 100)).rejects.toThrow(/AppointmentType_durationMinutes_positive/)
    await expect(insert(50, -1)).rejects.toThrow(/AppointmentType_feeCents_not_negative/)
    await expect(insert(50, 0)).resolves.toBeTruthy()
  } finally {
    await client.end()
  }
})

test('one appointment type at most is the default', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    const insert = (id: string, isDefault: boolean | null) =>
      client.query(
        `INSERT INTO "AppointmentType" (id, name, "durationMinutes", "feeCents", modalities, "isDefault") VALUES ($1, $1, 50, 100, '{in_person}', $2)`,
        [id, isDefault],
      )
    await expect(insert('first-default', true)).resolves.toBeTruthy()
    await expect(insert('second-default', true)).rejects.toThrow(/AppointmentType_isDefault_key/)
    await expect(insert('not-default', false)).rejects.toThrow(/AppointmentType_isDefault_check/)
    await expect(insert('other-1', null)).resolves.toBeTruthy()
    await expect(insert('other-2', null)).resolves.toBeTruthy()
  } finally {
    await client.end()
  }
})

// Strings used as enums:  the database holds each to the one TypeScript list the code writes from.
describe('strings used as enums', () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  const now = new Date()

  async function insert(table: string, row: Record<string, unknown>) {
    const columns = Object.keys(row).map((column) => `"${column}"`)
    const values = columns.map((_, index) => `$${index + 1}`)
    return client.query(`INSERT INTO "${table}" (${columns}) VALUES (${values})`, Object.values(row))
  }
  const update = (table: string, column: string, key: string, id: string) => (value: unknown) =>
    client.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "${key}" = $2`, [value, id])
  const fresh = () => randomUUID()
  /** A note, each its own: marked in error, so many can share the one test session. */
  const note = (row: Record<string, unknown>) =>
    insert('ClinicalNote', {
      id: fresh(),
      appointmentId: 'vocab-appointment',
      patientId: 'vocab-patient',
      authorId: 'vocab-psychologist',
      template: 'soap',
      contentCipher: Buffer.from('sealed'),
      contentKeyId: 'vocab-key',
      current: null,
      enteredInErrorAt: now,
      enteredInErrorById: 'vocab-psychologist',
      enteredInErrorReason: 'Vocabulary test',
      updatedAt: now,
      ...(row.status === 'signed'
        ? { signedAt: now, signedById: 'vocab-psychologist', contentHash: 'a'.repeat(64) }
        : {}),
      ...row,
    })

  beforeAll(async () => {
    await client.connect()
    for (const id of ['vocab-patient', 'vocab-psychologist'])
      await insert('User', { id, email: `${id}@example.com`, name: id, updatedAt: now })
    await insert('PatientProfile', { userId: 'vocab-patient', updatedAt: now })
    await insert('Location', {
      id: 'vocab-clinic',
      name: 'Vocab clinic',
      kind: 'clinic',
      timeZone: 'Australia/Sydney',
    })
    await insert('AppointmentType', {
      id: 'vocab-type',
      name: 'Vocab session',
      durationMinutes: 50,
      feeCents: 20_000,
      modalities: ['in_person'],
    })
    await insert('Appointment', {
      id: 'vocab-appointment',
      patientId: 'vocab-patient',
      psychologistId: 'vocab-psychologist',
      appointmentTypeId: 'vocab-type',
      locationId: 'vocab-clinic',
      modality: 'in_person',
      startsAt: new Date('2026-03-02T23:00:00Z'),
      endsAt: new Date('2026-03-02T23:50:00Z'),
      timeZone: 'Australia/Sydney',
      status: 'completed',
      feeCents: 20_000,
      updatedAt: now,
    })
    await insert('Invoice', {
      id: 'vocab-invoice',
      number: 'VOCAB-1',
      appointmentId: 'vocab-appointment',
      patientId: 'vocab-patient',
      totalCents: 20_000,
      updatedAt: now,
    })
    await insert('VideoRoom', {
      id: 'vocab-room',
      appointmentId: 'vocab-appointment',
      uniqueName: 'vocab-room',
      appointmentVersion: 1,
      startsAt: now,
      patientIdentity: 'vocab-patient-identity',
      psychologistIdentity: 'vocab-psychologist-identity',
      updatedAt: now,
    })
    await insert('HalaxyLink', {
      id: 'vocab-link',
      entity: 'patient',
      havenId: 'vocab-patient',
      updatedAt: now,
    })
    // A draft summary, which a worksheet belongs to.
    await insert('SessionSummary', {
      id: 'vocab-summary',
      appointmentId: 'vocab-appointment',
      patientId: 'vocab-patient',
      authorId: 'vocab-psychologist',
      contentCipher: Buffer.from('sealed'),
      contentKeyId: 'vocab-key',
      updatedAt: now,
    })
  })
  afterAll(() => client.end())

  const vocabularies: {
    table: string
    column: string
    values: readonly string[]
    write: (value: unknown) => Promise<unknown>
    array?: true
  }[] = [
    {
      table: 'SyncAttempt',
      column: 'operation',
      values: SYNC_OPERATIONS,
      write: (operation) =>
        insert('SyncAttempt', { id: fresh(), linkId: 'vocab-link', operation, outcome: 'ok' }),
    },
    {
      table: 'SyncAttempt',
      column: 'outcome',
      values: SYNC_OUTCOMES,
      write: (outcome) =>
        insert('SyncAttempt', { id: fresh(), linkId: 'vocab-link', operation: 'read', outcome }),
    },
    {
      table: 'HalaxyLink',
      column: 'driftFields',
      values: DRIFT_FIELDS,
      write: update('HalaxyLink', 'driftFields', 'id', 'vocab-link'),
      array: true,
    },
    {
      table: 'HalaxyMapping',
      column: 'kind',
      values: HALAXY_MAPPING_KINDS,
      write: (kind) => insert('HalaxyMapping', { kind, havenId: fresh(), halaxyId: fresh(), updatedAt: now }),
    },
    {
      table: 'StoredFile',
      column: 'purpose',
      values: FILE_PURPOSES,
      write: (purpose) =>
        insert('StoredFile', {
          id: fresh(),
          patientId: 'vocab-patient',
          purpose,
          summaryId: purpose === 'worksheet' ? 'vocab-summary' : null,
          fileName: 'letter.pdf',
          mimeType: 'application/pdf',
          sizeBytes: 5,
          sha256: 'unchecked',
          content: Buffer.from('%PDF-'),
        }),
    },
    {
      table: 'Message',
      column: 'template',
      values: MESSAGE_TEMPLATES,
      write: (template) =>
        insert('Message', { id: fresh(), channel: 'email', template, toAddress: 'vocab@haven.test' }),
    },
    {
      table: 'Message',
      column: 'vendorStatus',
      values: VENDOR_STATUSES,
      write: (vendorStatus) =>
        insert('Message', {
          id: fresh(),
          channel: 'sms',
          template: 'appointment-reminder',
          toAddress: '+61412345678',
          vendorStatus,
        }),
    },
    {
      table: 'K10Response',
      column: 'context',
      values: K10_CONTEXTS,
      write: (context) =>
        insert('K10Response', {
          id: fresh(),
          patientId: 'vocab-patient',
          answers: Array(10).fill(1),
          score: 10,
          band: 'low',
          context,
        }),
    },
    {
      table: 'QuestionnaireAssignment',
      column: 'questionnaire',
      values: QUESTIONNAIRE_IDS,
      // Ended assignments, so any number of each may exist.
      write: (questionnaire) =>
        insert('QuestionnaireAssignment', {
          id: fresh(),
          patientId: 'vocab-patient',
          assignedById: 'vocab-psychologist',
          questionnaire,
          schedule: 'once',
          active: null,
          endedAt: now,
        }),
    },
    {
      table: 'QuestionnaireAssignment',
      column: 'schedule',
      values: ASSIGNMENT_SCHEDULES,
      write: (schedule) =>
        insert('QuestionnaireAssignment', {
          id: fresh(),
          patientId: 'vocab-patient',
          assignedById: 'vocab-psychologist',
          questionnaire: 'phq9',
          schedule,
          active: null,
          endedAt: now,
        }),
    },
    {
      table: 'QuestionnaireResponse',
      column: 'questionnaire',
      values: QUESTIONNAIRE_IDS,
      // Each questionnaire's own shape: its item count and lowest answer.
      write: (questionnaire) => {
        const shape: Record<string, [number, number]> = {
          phq9: [9, 0],
          gad7: [7, 0],
          dass21: [21, 0],
          k10: [10, 1],
        }
        const [items, answer] = shape[questionnaire as string] ?? [9, 0]
        return insert('QuestionnaireResponse', {
          id: fresh(),
          patientId: 'vocab-patient',
          questionnaire,
          answers: Array(items).fill(answer),
          total: 0,
          scaleScores: [0],
          bands: ['normal'],
        })
      },
    },
    {
      table: 'QuestionnaireResponse',
      column: 'bands',
      values: BAND_KEYS,
      write: (bands) =>
        insert('QuestionnaireResponse', {
          id: fresh(),
          patientId: 'vocab-patient',
          questionnaire: 'dass21',
          answers: Array(21).fill(0),
          total: 0,
          scaleScores: (bands as string[]).map(() => 0),
          bands,
        }),
      array: true,
    },
    {
      table: 'PatientProfile',
      column: 'state',
      values: ['', ...AUSTRALIAN_STATES],
      write: update('PatientProfile', 'state', 'userId', 'vocab-patient'),
    },
    {
      table: 'PatientProfile',
      column: 'gender',
      values: ['', ...GENDER_OPTIONS.map((option) => option.value)],
      write: update('PatientProfile', 'gender', 'userId', 'vocab-patient'),
    },
    {
      table: 'PatientProfile',
      column: 'psychologistGenderPreference',
      values: ['', ...PSYCHOLOGIST_GENDER_OPTIONS.map((option) => option.value)],
      write: update('PatientProfile', 'psychologistGenderPreference', 'userId', 'vocab-patient'),
    },
    {
      table: 'PatientProfile',
      column: 'intakeSteps',
      values: INTAKE_STEPS.map((step) => step.key),
      write: update('PatientProfile', 'intakeSteps', 'userId', 'vocab-patient'),
      array: true,
    },
    {
      table: 'Payment',
      column: 'disputeStatus',
      values: DISPUTE_STATUSES,
      write: (disputeStatus) =>
        insert('Payment', {
          id: fresh(),
          invoiceId: 'vocab-invoice',
          amountCents: 20_000,
          disputeStatus,
          updatedAt: now,
        }),
    },
    {
      table: 'VideoRoom',
      column: 'endReason',
      values: VIDEO_ROOM_END_REASONS,
      // Ended rooms, each its own (one live room per appointment).
      write: (endReason) =>
        insert('VideoRoom', {
          id: fresh(),
          appointmentId: 'vocab-appointment',
          uniqueName: fresh(),
          status: 'ended',
          live: null,
          appointmentVersion: 1,
          startsAt: now,
          patientIdentity: fresh(),
          psychologistIdentity: fresh(),
          endedAt: now,
          endReason,
          updatedAt: now,
        }),
    },
    {
      table: 'VideoRoomEvent',
      column: 'event',
      values: VIDEO_ROOM_EVENTS,
      write: (event) =>
        insert('VideoRoomEvent', {
          id: fresh(),
          roomId: 'vocab-room',
          participantSid: fresh(),
          event,
          occurredAt: now,
        }),
    },
    {
      table: 'VideoRoomEvent',
      column: 'participantRole',
      values: VIDEO_PARTICIPANT_ROLES,
      write: (participantRole) =>
        insert('VideoRoomEvent', {
          id: fresh(),
          roomId: 'vocab-room',
          participantSid: fresh(),
          participantRole,
          event: 'participant-connected',
          occurredAt: now,
        }),
    },
  ]

  vocabularies.push(
    {
      table: 'ClinicalNote',
      column: 'template',
      values: NOTE_TEMPLATES,
      write: (template) => note({ template }),
    },
    { table: 'ClinicalNote', column: 'status', values: NOTE_STATUSES, write: (status) => note({ status }) },
    {
      table: 'ClinicalNote',
      column: 'riskLevel',
      values: RISK_LEVELS,
      write: (riskLevel) => note({ riskLevel }),
    },
  )

  for (const vocabulary of vocabularies)
    test(`${vocabulary.table}.${vocabulary.column} holds only the values the code writes`, async () => {
      const constraint = `${vocabulary.table}_${vocabulary.column}_check`
      const { rows } = await client.query<{ definition: string }>(
        `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = $1`,
        [constraint],
      )
      const allowed = [...(rows[0]?.definition ?? '').matchAll(/'((?:[^']|'')*)'::text/g)].map(
        ([, value]) => value,
      )
      expect(allowed.sort()).toEqual([...vocabulary.values].sort())

      const wrap = (value: string) => (vocabulary.array ? [value] : value)
      for (const value of vocabulary.values) await expect(vocabulary.write(wrap(value))).resolves.toBeTruthy()
      if (vocabulary.array) await expect(vocabulary.write(vocabulary.values)).resolves.toBeTruthy()
      await expect(vocabulary.write(wrap('not-a-value'))).rejects.toThrow(new RegExp(`"${constraint}"`))
    })
})

test('a questionnaire response holds its questionnaire’s shape, and an assignment is running or ended', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    const now = new Date()
    await client.query(
      `INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('measures-patient', 'measures@example.com', 'M', $1), ('measures-psychologist', 'measures-psy@example.com', 'P', $1)`,
      [now],
    )
    await client.query(
      `INSERT INTO "PatientProfile" ("userId", "updatedAt") VALUES ('measures-patient', $1)`,
      [now],
    )
    const assign = (id: string, active: boolean | null, endedAt: Date | null) =>
      client.query(
        `INSERT INTO "QuestionnaireAssignment" (id, "patientId", "assignedById", questionnaire, schedule, active, "endedAt") VALUES ($1, 'measures-patient', 'measures-psychologist', 'phq9', 'once', $2, $3)`,
        [id, active, endedAt],
      )
    await expect(assign('running', true, null)).resolves.toBeTruthy()
    await expect(assign('second-running', true, null)).rejects.toThrow(
      /QuestionnaireAssignment_patientId_questionnaire_active_key/,
    )
    await expect(assign('ended-without-when', null, null)).rejects.toThrow(
      /QuestionnaireAssignment_active_check/,
    )
    await expect(assign('running-but-ended', true, now)).rejects.toThrow(
      /QuestionnaireAssignment_active_check/,
    )
    await expect(assign('ended', null, now)).resolves.toBeTruthy()

    const respond = (
      questionnaire: string,
      answers: (number | null)[],
      extra: Record<string, unknown> = {},
    ) => {
      const row = {
        id: randomUUID(),
        patientId: 'measures-patient',
        questionnaire,
        answers,
        total: 0,
        scaleScores: [0],
        bands: ['minimal'],
        ...extra,
      }
      const columns = Object.keys(row).map((column) => `"${column}"`)
      return client.query(
        `INSERT INTO "QuestionnaireResponse" (${columns}) VALUES (${columns.map((_, index) => `$${index + 1}`)})`,
        Object.values(row),
      )
    }
    const nine = (value: number | null) =>
      Array(9)
        .fill(0)
        .map((zero, index) => (index === 4 ? value : zero))
    await expect(respond('phq9', nine(3))).resolves.toBeTruthy()
    await expect(respond('phq9', nine(4))).rejects.toThrow(/QuestionnaireResponse_answers_check/)
    await expect(respond('phq9', nine(-1))).rejects.toThrow(/QuestionnaireResponse_answers_check/)
    await expect(respond('phq9', nine(null))).rejects.toThrow(/QuestionnaireResponse_answers_check/)
    await expect(respond('phq9', Array(8).fill(0))).rejects.toThrow(/QuestionnaireResponse_answers_check/)
    await expect(respond('k10', Array(10).fill(0))).rejects.toThrow(/QuestionnaireResponse_answers_check/)
    await expect(respond('k10', Array(10).fill(5))).resolves.toBeTruthy()
    await expect(respond('phq9', nine(0), { bands: ['minimal', 'mild'] })).rejects.toThrow(
      /QuestionnaireResponse_scores_check/,
    )
    await expect(respond('phq9', nine(0), { total: -1 })).rejects.toThrow(
      /QuestionnaireResponse_scores_check/,
    )

    // One response completes a once-only assignment; a response before a session names that session.
    await expect(
      respond('phq9', nine(0), { assignmentId: 'running', onceResponse: true }),
    ).resolves.toBeTruthy()
    await expect(respond('phq9', nine(0), { assignmentId: 'running', onceResponse: true })).rejects.toThrow(
      /QuestionnaireResponse_assignmentId_onceResponse_key/,
    )
    await expect(respond('phq9', nine(0), { onceResponse: true })).rejects.toThrow(
      /QuestionnaireResponse_onceResponse_check/,
    )
    await expect(respond('phq9', nine(0), { assignmentId: 'ended', onceResponse: false })).rejects.toThrow(
      /QuestionnaireResponse_onceResponse_check/,
    )
  } finally {
    await client.end()
  }
})
