import { describe, expect, test } from 'vitest'
import { cleanText, draftFromForm, noteActionSchema, noteContentText, parseNoteContent } from './notes.ts'

const facts = {
  startsAt: '2025-03-01T01:00:00.000Z',
  endsAt: '2025-03-01T01:50:00.000Z',
  timeZone: 'Australia/Sydney',
  modality: 'telehealth',
  appointmentType: 'Standard session',
  durationMinutes: 50,
  attendance: 'attended' as const,
}

describe('the sealed text', () => {
  test('is the same for the same content, whatever order it was built in', () => {
    const a = noteContentText('dap', {
      facts,
      sections: { plan: 'P', data: 'D', assessment: 'A' },
      riskPlan: '',
    })
    const b = noteContentText('dap', {
      facts,
      sections: { data: 'D', assessment: 'A', plan: 'P' },
      riskPlan: '',
    })
    expect(a).toBe(b)
    expect(parseNoteContent(a).sections).toEqual({ data: 'D', assessment: 'A', plan: 'P' })
  })

  test('keeps only the template’s sections', () => {
    const text = noteContentText('free', { facts, sections: { text: 'T', subjective: 'S' }, riskPlan: '' })
    expect(parseNoteContent(text).sections).toEqual({ text: 'T' })
  })
})

describe('pasted text', () => {
  test('keeps words, emoji, tabs and line breaks; drops control characters', () => {
    expect(cleanText('a\u0000b\u0007c\td\r\ne\rf 🙂')).toBe('abc\td\ne\nf 🙂')
  })
})

describe('the note form', () => {
  test('a draft carries its sections by key', () => {
    const parsed = noteActionSchema.parse({
      intent: 'save',
      noteId: 'n1',
      version: '3',
      riskLevel: 'moderate',
      riskPlan: 'Plan',
      section_subjective: 'S',
      section_plan: 'P',
    })
    expect(draftFromForm('soap', parsed)).toEqual({
      sections: { subjective: 'S', objective: '', assessment: '', plan: 'P' },
      riskLevel: 'moderate',
      riskPlan: 'Plan',
      version: 3,
    })
  })

  test('refuses an unknown risk level, a missing version and an empty addendum', () => {
    expect(
      noteActionSchema.safeParse({ intent: 'save', noteId: 'n', version: '1', riskLevel: 'extreme' }).success,
    ).toBe(false)
    expect(noteActionSchema.safeParse({ intent: 'sign', noteId: 'n' }).success).toBe(false)
    expect(noteActionSchema.safeParse({ intent: 'addendum', noteId: 'n', text: '   ' }).success).toBe(false)
    expect(noteActionSchema.safeParse({ intent: 'start', template: 'essay' }).success).toBe(false)
  })
})
