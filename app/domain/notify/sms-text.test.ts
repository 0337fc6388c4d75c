import { describe, expect, it } from 'vitest'
import { formatZonedTime } from '~/utils/time.ts'
import { gsm7Septets, isSmsTemplate, type SmsTemplate, smsTemplates, smsText } from './sms-text.ts'
import { MESSAGE_TEMPLATES } from './templates.ts'

// A realistic production link, 60 characters with its token.
const link = 'https://app.havenpsychology.com.au/patient/appointments/'.padEnd(60, 'k')

/** The texts about a session; the questionnaire's text is about no session. */
const sessionTemplates = smsTemplates.filter(
  (template): template is Exclude<SmsTemplate, 'questionnaire-due'> => template !== 'questionnaire-due',
)

// The longest times people will read: long day and month names, five-letter zones, and what
// formatZonedTime gives in every Australian zone in summer and winter.
const australianZones = [
  'Australia/Sydney',
  'Australia/Adelaide',
  'Australia/Perth',
  'Australia/Darwin',
  'Australia/Brisbane',
  'Australia/Hobart',
  'Australia/Lord_Howe',
  'Australia/Eucla',
]
const longestTimes = [
  'Wednesday, 30 September, 12:30 pm ACWST',
  'Wednesday, 30 December, 12:30 pm ACDT',
  'Wednesday 30 September at 12:30 pm AEDT',
  ...australianZones.flatMap((zone) =>
    ['2026-12-30T01:30:00Z', '2026-09-30T02:30:00Z'].map((instant) => formatZonedTime(instant, zone)),
  ),
]

describe('smsText', () => {
  it('has a text for each SMS the practice sends', () => {
    expect(smsTemplates.sort()).toEqual([
      'appointment-cancelled',
      'appointment-confirmed',
      'appointment-moved',
      'appointment-reminder',
      'questionnaire-due',
      'video-starting-soon',
    ])
    for (const template of smsTemplates) expect(MESSAGE_TEMPLATES).toContain(template)
  })

  describe.each(sessionTemplates)('%s', (template) => {
    it.each(longestTimes)('fits one GSM-7 SMS at "%s"', (when) => {
      const text = smsText(template, { when, link })
      const septets = gsm7Septets(text)
      expect(septets).not.toBeNull()
      expect(septets).toBeLessThanOrEqual(160)
    })

    it('names the practice, the time with its zone, and one link, nothing else', () => {
      const text = smsText(template, { when: 'Tue, 8 Dec, 10:00 am AEDT', link })
      expect(text.startsWith('Haven Psychology: ')).toBe(true)
      expect(text).toContain('Tue, 8 Dec, 10:00 am AEDT')
      expect(text.endsWith(link)).toBe(true)
      expect(text.match(/https?:\/\//g)).toHaveLength(1)
    })

    it.each(['name', 'psychologistName', 'patientName', 'reasonForVisit'])(
      'refuses a %s, without echoing it',
      (field) => {
        const props = { when: 'Tue, 8 Dec, 10:00 am AEDT', link, [field]: 'Sentinel Person' }
        expect(() => smsText(template, props)).toThrow(/Invalid props.*unrecognized_keys/)
        expect(() => smsText(template, props)).not.toThrow(/Sentinel/)
      },
    )

    it('refuses a link that is not http(s)', () => {
      for (const bad of ['javascript:alert(1)', 'sms:+61400000000', 'haven.test/a']) {
        expect(() => smsText(template, { when: 'Tue, 8 Dec, 10:00 am AEDT', link: bad })).toThrow(
          /link: invalid_format/,
        )
      }
    })
  })

  it('words each message for what happened', () => {
    const when = 'Tue, 8 Dec, 10:00 am AEDT'
    expect(smsText('appointment-confirmed', { when, link })).toBe(
      `Haven Psychology: session confirmed for ${when}. Details: ${link}`,
    )
    expect(smsText('appointment-moved', { when, link })).toBe(
      `Haven Psychology: session moved to ${when}. Details: ${link}`,
    )
    expect(smsText('appointment-cancelled', { when, link })).toBe(
      `Haven Psychology: session on ${when} is cancelled. Book again: ${link}`,
    )
    expect(smsText('appointment-reminder', { when, link })).toBe(
      `Haven Psychology: session reminder for ${when}. Details: ${link}`,
    )
    expect(smsText('video-starting-soon', { when, link })).toBe(
      `Haven Psychology: video session at ${when} starts soon. Join: ${link}`,
    )
  })

  describe('questionnaire-due', () => {
    it('says only that a short questionnaire is waiting, and where: no name of it, nothing clinical', () => {
      const text = smsText('questionnaire-due', { link })
      expect(text).toBe(
        `Haven Psychology: your psychologist has asked you to complete a short questionnaire. Sign in: ${link}`,
      )
      expect(gsm7Septets(text)).toBeLessThanOrEqual(160)
      expect(text).not.toMatch(/PHQ|GAD|DASS|K10|depress|anxi|stress|distress|mood/i)
    })

    it('refuses a time or anything else beside the link', () => {
      for (const field of ['when', 'questionnaire', 'name']) {
        expect(() => smsText('questionnaire-due', { link, [field]: 'Sentinel' } as never)).toThrow(
          /Invalid props.*unrecognized_keys/,
        )
      }
      expect(() => smsText('questionnaire-due', { link: 'javascript:alert(1)' })).toThrow(
        /link: invalid_format/,
      )
    })
  })

  it('turns the no-break spaces some ICU versions put in times into plain spaces', () => {
    const text = smsText('appointment-reminder', { when: 'Tue, 8 Dec, 10:00\u202fam\u00a0AEDT', link })
    expect(text).toContain('10:00 am AEDT')
    expect(gsm7Septets(text)).not.toBeNull()
  })

  it('refuses a time that would push the SMS out of GSM-7', () => {
    expect(() => smsText('appointment-reminder', { when: 'Tue, 8 Dec, 10:00 am 🕙', link })).toThrow(
      /outside GSM-7/,
    )
  })

  it('refuses times and links too long for one SMS', () => {
    expect(() => smsText('appointment-reminder', { when: 'x'.repeat(49), link })).toThrow(/when: too_big/)
    expect(() =>
      smsText('appointment-reminder', { when: 'Tue', link: `https://haven.test/${'a'.repeat(90)}` }),
    ).toThrow(/link: too_big/)
  })

  it('refuses templates it has no text for', () => {
    expect(isSmsTemplate('appointment-reminder')).toBe(true)
    expect(isSmsTemplate('password-reset')).toBe(false)
    expect(isSmsTemplate('toString')).toBe(false)
    expect(() => smsText('password-reset' as never, { when: 'Tue', link })).toThrow(/Unknown SMS template/)
  })
})

describe('gsm7Septets', () => {
  it('counts the extension table double and refuses what needs UCS-2', () => {
    expect(gsm7Septets('Haven @ 10:00 £5 é')).toBe(18)
    expect(gsm7Septets('a[b]~€')).toBe(10)
    expect(gsm7Septets('10:00\u202fam')).toBeNull()
    expect(gsm7Septets('ā')).toBeNull()
    expect(gsm7Septets('‘quoted’')).toBeNull()
  })
})
