import { describe, expect, it } from 'vitest'
import { emailTemplates, isEmailTemplate, renderEmail, type EmailTemplateProps } from './index.server.ts'

// A query string with `&` checks the link survives HTML escaping and comes back whole in the text.
const link = 'https://haven.test/signup/complete?token=tok_Sentinel123&from=email'

const cases: {
  [Template in keyof EmailTemplateProps]: { props: EmailTemplateProps[Template]; links: string[] }
} = {
  'signup-verify': { props: { link, expiresInHours: 24 }, links: [link] },
  'signup-existing': {
    props: { signInLink: 'https://haven.test/login', resetLink: 'https://haven.test/forgot-password' },
    links: ['https://haven.test/login', 'https://haven.test/forgot-password'],
  },
  'password-reset': { props: { name: 'Priya Natarajan', link, expiresInMinutes: 30 }, links: [link] },
  'staff-invite': {
    props: {
      name: 'Dr Tom Nguyen',
      role: 'psychologist',
      inviterName: 'Alex Murray',
      link,
      expiresInHours: 72,
    },
    links: [link],
  },
  'booking-time-taken': {
    props: {
      name: 'Priya Natarajan',
      psychologistName: 'Dr Amelia Nguyen',
      when: 'Mon, 7 Dec, 10:00 am AEDT',
      amount: '$240.00',
      bookLink: 'https://haven.test/psychologists',
    },
    links: ['https://haven.test/psychologists'],
  },
  'appointment-confirmed': {
    props: {
      name: 'Priya Natarajan',
      psychologistName: 'Dr Amelia Nguyen',
      when: 'Tue, 8 Dec, 10:00 am AEDT',
      durationMinutes: 50,
      modality: 'telehealth',
      joinLink: 'https://haven.test/video/apt_1',
      appointmentsLink: 'https://haven.test/patient/appointments',
      rescheduleLink: link,
      cancellationPolicy: 'Cancel or move free of charge up to 48 hours before',
      amountPaid: '$180.00',
    },
    links: ['https://haven.test/video/apt_1', 'https://haven.test/patient/appointments', link],
  },
  'appointment-moved': {
    props: {
      name: 'Priya Natarajan',
      psychologistName: 'Dr Amelia Nguyen',
      previousWhen: 'Tue, 8 Dec, 10:00 am AEDT',
      when: 'Thu, 10 Dec, 2:30 pm AEDT',
      modality: 'in_person',
      location: { name: 'Haven Surry Hills', address: '12 Crown St, Surry Hills NSW 2010', directions: '' },
      appointmentsLink: link,
    },
    links: [link],
  },
  'appointment-cancelled': {
    props: {
      name: 'Priya Natarajan',
      psychologistName: 'Dr Amelia Nguyen',
      when: 'Tue, 8 Dec, 10:00 am AEDT',
      cancelledBy: 'psychologist',
      refund: { kind: 'full', amount: '$180.00' },
      bookLink: link,
    },
    links: [link],
  },
  'appointment-reminder': {
    props: {
      name: 'Priya Natarajan',
      psychologistName: 'Dr Amelia Nguyen',
      when: 'Tue, 8 Dec, 10:00 am AEDT',
      modality: 'telehealth',
      joinLink: 'https://haven.test/video/apt_1',
      appointmentsLink: 'https://haven.test/patient/appointments',
      rescheduleLink: 'https://haven.test/patient/appointments/apt_1',
      unsubscribeLink: link,
    },
    links: [
      'https://haven.test/video/apt_1',
      'https://haven.test/patient/appointments',
      'https://haven.test/patient/appointments/apt_1',
      link,
    ],
  },
  'psychologist-new-booking': {
    props: {
      psychologistName: 'Dr Amelia Nguyen',
      patientName: 'Priya N.',
      when: 'Tue, 8 Dec, 10:00 am AEDT',
      modality: 'telehealth',
      appointmentLink: link,
    },
    links: [link],
  },
  'psychologist-moved': {
    props: {
      psychologistName: 'Dr Amelia Nguyen',
      patientName: 'Priya N.',
      previousWhen: 'Tue, 8 Dec, 10:00 am AEDT',
      when: 'Thu, 10 Dec, 2:30 pm AEDT',
      modality: 'in_person',
      appointmentLink: link,
    },
    links: [link],
  },
  'psychologist-cancelled': {
    props: {
      psychologistName: 'Dr Amelia Nguyen',
      patientName: 'Priya N.',
      when: 'Tue, 8 Dec, 10:00 am AEDT',
      modality: 'telehealth',
      cancelledBy: 'patient',
      appointmentLink: link,
    },
    links: [link],
  },
  'summary-shared': {
    props: { name: 'Priya Natarajan', when: 'Monday 7 December', link, updated: false },
    links: [link],
  },
  'questionnaire-due': {
    props: {
      name: 'Priya Natarajan',
      link: 'https://haven.test/patient/questionnaires',
      unsubscribeLink: link,
    },
    links: ['https://haven.test/patient/questionnaires', link],
  },
}

const escapeHtml = (value: string) => value.replaceAll('&', '&amp;')

async function renderCase<Template extends keyof EmailTemplateProps>(template: Template) {
  return renderEmail(template, cases[template].props)
}

describe('renderEmail', () => {
  it('has a case for every template', () => {
    expect(Object.keys(cases).sort()).toEqual([...emailTemplates].sort())
  })

  describe.each(emailTemplates)('%s', (template) => {
    it('renders a subject, an accessible HTML body and a plain-text body', async () => {
      const email = await renderCase(template)

      expect(email.subject).toMatch(/Haven Psychology/)
      expect(email.html).toContain('<html dir="ltr" lang="en-AU">')
      expect(email.html).toContain(`<title>${email.subject.replaceAll("'", '&#x27;')}</title>`)
      expect(email.html).toMatch(/<h1[^>]*>/)
      expect(email.text).not.toMatch(/<[a-z][^>]*>/i)
      for (const body of [email.html, email.text]) {
        expect(body).toContain('Haven Psychology · Sydney')
        expect(body).toMatch(/You(&#x27;|')re receiving this email because/)
      }
    })

    it('puts every link in both the HTML and the text', async () => {
      const email = await renderCase(template)
      for (const expected of cases[template].links) {
        expect(email.html).toContain(`href="${escapeHtml(expected)}"`)
        expect(email.text).toContain(expected)
      }
    })

    it('keeps links and names out of the subject, which shows on lock screens', async () => {
      const email = await renderCase(template)
      // The session's time is the point of an appointment email's subject; nothing else given is.
      for (const [key, value] of Object.entries(cases[template].props)) {
        if (key === 'when') continue
        if (typeof value === 'string' && value.length > 3) expect(email.subject).not.toContain(value)
      }
    })

    it('refuses props the template does not define, without echoing them', async () => {
      const props = { ...cases[template].props, reasonForVisit: 'Sentinel clinical detail' }
      const rendering = renderEmail(template, props as never)
      await expect(rendering).rejects.toThrow(/Invalid props.*unrecognized_keys/)
      await expect(rendering).rejects.not.toThrow(/Sentinel/)
    })
  })

  it('renders only what each template is given: no address, no stray data', async () => {
    for (const template of emailTemplates) {
      const email = await renderCase(template)
      const everything = `${email.subject}\n${email.html}\n${email.text}`
      expect(everything).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/)
      expect(everything).not.toMatch(/undefined|null|\[object Object\]/)
    }
  })

  it('escapes names instead of rendering them as markup', async () => {
    const email = await renderEmail('password-reset', {
      name: '<img src=x onerror=alert(1)>',
      link,
      expiresInMinutes: 30,
    })
    expect(email.html).not.toContain('<img')
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('refuses links that are not http(s)', async () => {
    await expect(
      renderEmail('signup-verify', { link: 'javascript:alert(1)', expiresInHours: 24 }),
    ).rejects.toThrow(/link/)
  })

  it('words the expiry and the role for people', async () => {
    const verify = await renderEmail('signup-verify', { link, expiresInHours: 1 })
    expect(verify.text).toContain('expires in 1 hour and can only be used once')

    const reset = await renderCase('password-reset')
    expect(reset.text).toContain('Hi Priya Natarajan,')
    expect(reset.text).toContain('expires in 30 minutes and can only be used once')
    expect(reset.text).toMatch(/If you didn't ask to reset your password, you can ignore this email/)

    const inHours = await renderEmail('password-reset', { name: 'Priya', link, expiresInMinutes: 120 })
    expect(inHours.text).toContain('expires in 2 hours')

    const invite = await renderCase('staff-invite')
    expect(invite.text).toContain('Alex Murray has invited you to join Haven Psychology as a psychologist')
    expect(invite.text).toContain('expires in 72 hours')
    const manager = await renderEmail('staff-invite', { ...cases['staff-invite'].props, role: 'manager' })
    expect(manager.text).toContain('as a practice manager')

    const existing = await renderCase('signup-existing')
    expect(existing.text).toMatch(/If this wasn't you, you can ignore this email/)
  })

  it('greets without a name when none is known', async () => {
    const email = await renderEmail('password-reset', { name: '', link, expiresInMinutes: 30 })
    expect(email.text).toContain('Hello,')
    expect(email.text).not.toContain('Hi ,')
  })

  it('recognises template keys stored on messages', () => {
    expect(isEmailTemplate('staff-invite')).toBe(true)
    expect(isEmailTemplate('toString')).toBe(false)
    expect(isEmailTemplate('appointment-notes')).toBe(false)
  })
})

describe('the summary-shared email', () => {
  it('says only that notes are there, from which session, and where to sign in to read them', async () => {
    const email = await renderCase('summary-shared')
    expect(email.subject).toBe('New notes from your Haven Psychology session')
    expect(email.text).toContain('Hi Priya Natarajan,')
    expect(email.text).toContain('Your psychologist has shared notes from your session on Monday 7 December.')
    expect(email.text).toContain(`Read your session notes ${link}`)
  })

  it('says when shared notes were corrected', async () => {
    const email = await renderEmail('summary-shared', { ...cases['summary-shared'].props, updated: true })
    expect(email.subject).toBe('Updated notes from your Haven Psychology session')
    expect(email.text).toContain('Your psychologist has updated the notes they shared from your session on')
  })

  it.each(['covered', 'practise', 'content', 'summary'])('refuses a stray %s field', async (field) => {
    const props = { ...cases['summary-shared'].props, [field]: 'Sentinel clinical detail' }
    await expect(renderEmail('summary-shared', props as never)).rejects.toThrow(/unrecognized_keys/)
  })
})

describe('appointment emails', () => {
  const appointmentTemplates = emailTemplates.filter((template) =>
    /^(appointment|psychologist)-/.test(template),
  )
  const patientTemplates = appointmentTemplates.filter((template) => template.startsWith('appointment-'))
  const inPerson = {
    modality: 'in_person',
    location: {
      name: 'Haven Surry Hills',
      address: '12 Crown St, Surry Hills NSW 2010',
      directions: 'Level 2, ring the buzzer marked Haven.',
    },
  } as const
  const telehealth = { modality: 'telehealth', joinLink: 'https://haven.test/video/apt_2' } as const

  // Words that would mean clinical detail reached a message.
  const clinical =
    /reason for (visit|referral)|\bK10\b|kessler|\bnotes?\b|diagnos|\brisk\b|symptom|DASS|PHQ|GAD-7/i

  it('covers every appointment template', () => {
    expect(appointmentTemplates.sort()).toEqual([
      'appointment-cancelled',
      'appointment-confirmed',
      'appointment-moved',
      'appointment-reminder',
      'psychologist-cancelled',
      'psychologist-moved',
      'psychologist-new-booking',
    ])
  })

  describe.each(appointmentTemplates)('%s', (template) => {
    it('names the time, with its zone, in the subject and the text', async () => {
      const email = await renderCase(template)
      const { when } = cases[template].props as { when: string }
      expect(email.subject).toContain(when)
      expect(email.text).toContain(when)
      expect(email.html).toContain(when)
    })

    it('carries no clinical words', async () => {
      const email = await renderCase(template)
      expect(`${email.subject}\n${email.html}\n${email.text}`).not.toMatch(clinical)
    })

    it('refuses a link that is not http(s), in every link field', async () => {
      const props = cases[template].props as Record<string, unknown>
      const linkFields = Object.keys(props).filter((key) => key.endsWith('Link'))
      expect(linkFields.length).toBeGreaterThan(0)
      for (const field of linkFields) {
        for (const bad of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://haven.test/x', '/relative']) {
          await expect(renderEmail(template, { ...props, [field]: bad } as never)).rejects.toThrow(
            new RegExp(`${field}: invalid_format`),
          )
        }
      }
    })

    it.each(['k10Score', 'notes', 'clinicalNote', 'reason'])('refuses a stray %s field', async (field) => {
      const props = { ...cases[template].props, [field]: 'Sentinel clinical detail' }
      await expect(renderEmail(template, props as never)).rejects.toThrow(/unrecognized_keys/)
    })
  })

  it('refuses stray fields inside the location and the refund too', async () => {
    const moved = cases['appointment-moved'].props
    const stray = { ...inPerson.location, notes: 'Sentinel clinical detail' }
    await expect(renderEmail('appointment-moved', { ...moved, location: stray } as never)).rejects.toThrow(
      /location: unrecognized_keys/,
    )

    const cancelled = cases['appointment-cancelled'].props
    await expect(
      renderEmail('appointment-cancelled', {
        ...cancelled,
        refund: { kind: 'full', amount: '$180.00', reason: 'Sentinel' },
      } as never),
    ).rejects.toThrow(/refund: unrecognized_keys/)
  })

  it('refuses a video link on an in-person session and an address on a video one', async () => {
    const base = cases['appointment-reminder'].props
    await expect(renderEmail('appointment-reminder', { ...base, ...inPerson } as never)).rejects.toThrow(
      /unrecognized_keys/,
    )
    const { joinLink: _joinLink, ...withoutLink } = cases['appointment-confirmed']
      .props as typeof telehealth & Record<string, unknown>
    await expect(
      renderEmail('appointment-confirmed', { ...withoutLink, location: inPerson.location } as never),
    ).rejects.toThrow(/Invalid props/)
  })

  describe.each(patientTemplates.filter((template) => template !== 'appointment-cancelled'))(
    '%s where the session happens',
    (template) => {
      const {
        joinLink: _joinLink,
        location: _location,
        ...base
      } = cases[template].props as Record<string, unknown>

      it('for video: the join button, no address', async () => {
        const email = await renderEmail(template, { ...base, ...telehealth } as never)
        expect(email.text).toContain('Where: Video (telehealth)')
        expect(email.text).toContain('Join your video session https://haven.test/video/apt_2')
        expect(email.text).not.toContain('Finding us')
      })

      it('in person: the clinic, its address and how to find it', async () => {
        const email = await renderEmail(template, { ...base, ...inPerson } as never)
        expect(email.text).toContain('Where: Haven Surry Hills, 12 Crown St, Surry Hills NSW 2010')
        expect(email.text).toContain('Finding us: Level 2, ring the buzzer marked Haven.')
        expect(email.text).not.toMatch(/video/i)

        const noDirections = { ...inPerson.location, directions: '' }
        const plain = await renderEmail(template, { ...base, ...inPerson, location: noDirections } as never)
        expect(plain.text).not.toContain('Finding us')
      })
    },
  )

  it('confirms the booking with its details, policy and the calendar file', async () => {
    const email = await renderCase('appointment-confirmed')
    expect(email.subject).toBe('Your Haven Psychology session on Tue, 8 Dec, 10:00 am AEDT is confirmed')
    expect(email.text).toContain('Hi Priya Natarajan,')
    expect(email.text).toContain('Your session with Dr Amelia Nguyen is booked.')
    expect(email.text).toContain('Length: 50 minutes')
    expect(email.text).toContain('Paid: $180.00')
    expect(email.text).toContain('calendar file (.ics)')
    expect(email.text).toContain('Cancel or move free of charge up to 48 hours before. Move or cancel')

    const unpaid = await renderEmail('appointment-confirmed', {
      ...cases['appointment-confirmed'].props,
      amountPaid: null,
      cancellationPolicy: 'Cancel or move free of charge up to 24 hours before.',
      durationMinutes: 60,
    })
    expect(unpaid.text).not.toContain('Paid')
    expect(unpaid.text).toContain('Length: 1 hour')
    expect(unpaid.text).toContain('up to 24 hours before. Move')
  })

  it('gives the old and the new time of a move, with the updated calendar file', async () => {
    const email = await renderCase('appointment-moved')
    expect(email.subject).toBe('Your Haven Psychology session has moved to Thu, 10 Dec, 2:30 pm AEDT')
    expect(email.subject).not.toContain('8 Dec')
    expect(email.text).toContain('New time: Thu, 10 Dec, 2:30 pm AEDT')
    expect(email.text).toContain('Was: Tue, 8 Dec, 10:00 am AEDT')
    expect(email.text).toContain('updated calendar file (.ics)')
  })

  it('says in plain words who cancelled', async () => {
    const props = cases['appointment-cancelled'].props
    const by = async (cancelledBy: 'patient' | 'psychologist' | 'practice') =>
      (await renderEmail('appointment-cancelled', { ...props, cancelledBy })).text

    expect(await by('patient')).toContain(
      'You cancelled your session with Dr Amelia Nguyen on Tue, 8 Dec, 10:00 am AEDT.',
    )
    expect(await by('psychologist')).toContain(
      'Your psychologist, Dr Amelia Nguyen, had to cancel your session on Tue, 8 Dec, 10:00 am AEDT.',
    )
    expect(await by('practice')).toContain(
      'The practice cancelled your session with Dr Amelia Nguyen on Tue, 8 Dec, 10:00 am AEDT.',
    )
    expect((await renderCase('appointment-cancelled')).subject).toBe(
      'Your Haven Psychology session on Tue, 8 Dec, 10:00 am AEDT is cancelled',
    )
  })

  it('says what is refunded', async () => {
    const props = cases['appointment-cancelled'].props
    const refunded = async (refund: EmailTemplateProps['appointment-cancelled']['refund']) =>
      (await renderEmail('appointment-cancelled', { ...props, refund })).text

    expect(await refunded({ kind: 'full', amount: '$180.00' })).toContain(
      'We have refunded $180.00 in full to your card.',
    )
    expect(await refunded({ kind: 'partial', amount: '$90.00' })).toContain(
      'Under the cancellation policy, we have refunded $90.00 to your card.',
    )
    expect(await refunded({ kind: 'none' })).toContain('the payment for this session is not refunded')
    expect(await refunded({ kind: 'not-paid' })).toContain('No payment was taken for this session')

    for (const refund of [{ kind: 'full' }, { kind: 'none', amount: '$10.00' }, { kind: 'some' }]) {
      await expect(renderEmail('appointment-cancelled', { ...props, refund } as never)).rejects.toThrow(
        /refund/,
      )
    }
  })

  it('lets the patient stop reminder emails from the footer', async () => {
    const email = await renderCase('appointment-reminder')
    expect(email.subject).toBe('Reminder: your Haven Psychology session on Tue, 8 Dec, 10:00 am AEDT')
    expect(email.text).toContain(`Stop reminder emails ${link}`)
    expect(email.html).toContain(`href="${escapeHtml(link)}"`)
  })

  describe('to the psychologist', () => {
    const preview = (html: string) => /data-skip-in-text="true">([^<]*)/.exec(html)?.[1] ?? ''

    it.each(['psychologist-new-booking', 'psychologist-moved', 'psychologist-cancelled'] as const)(
      '%s names the patient briefly, never on the lock screen',
      async (template) => {
        const email = await renderCase(template)
        expect(email.text).toContain('Patient: Priya N.')
        expect(email.text).toContain(`Open the appointment ${link}`)
        expect(email.subject).not.toContain('Priya')
        expect(preview(email.html)).toBe('The session&#x27;s details and a link to the appointment.')
      },
    )

    it('says what happened', async () => {
      const booked = await renderCase('psychologist-new-booking')
      expect(booked.subject).toBe('Haven Psychology: new booking on Tue, 8 Dec, 10:00 am AEDT')
      expect(booked.text).toContain('Priya N. has booked a session with you.')
      expect(booked.text).toContain('Session: Video (telehealth)')

      const moved = await renderCase('psychologist-moved')
      expect(moved.subject).toBe('Haven Psychology: a session has moved to Thu, 10 Dec, 2:30 pm AEDT')
      expect(moved.text).toContain('New time: Thu, 10 Dec, 2:30 pm AEDT')
      expect(moved.text).toContain('Was: Tue, 8 Dec, 10:00 am AEDT')
      expect(moved.text).toContain('Session: In person')

      const props = cases['psychologist-cancelled'].props
      const by = async (cancelledBy: 'patient' | 'psychologist' | 'practice') =>
        (await renderEmail('psychologist-cancelled', { ...props, cancelledBy })).text
      expect(await by('patient')).toContain('Priya N. cancelled their session with you.')
      expect(await by('psychologist')).toContain('You cancelled your session with Priya N.')
      expect(await by('practice')).toContain("The practice cancelled Priya N.'s session with you.")
      expect((await renderCase('psychologist-cancelled')).subject).toBe(
        'Haven Psychology: the session on Tue, 8 Dec, 10:00 am AEDT is cancelled',
      )
    })
  })
})

describe('the questionnaire email', () => {
  it('says a short questionnaire is waiting behind sign-in, and nothing clinical: not even which one', async () => {
    const email = await renderCase('questionnaire-due')
    expect(email.subject).toBe('A short questionnaire from Haven Psychology')
    expect(email.text).toContain('Your psychologist has asked you to complete a short questionnaire.')
    expect(email.text).toContain('Hi Priya Natarajan,')
    expect(`${email.subject}\n${email.html}\n${email.text}`).not.toMatch(
      /PHQ|GAD|DASS|\bK10\b|kessler|depress|anxi|stress|distress|\brisk\b|symptom|score/i,
    )
  })

  it.each(['questionnaire', 'k10Score', 'score', 'band'])('refuses a stray %s field', async (field) => {
    const props = { ...cases['questionnaire-due'].props, [field]: 'Sentinel clinical detail' }
    await expect(renderEmail('questionnaire-due', props as never)).rejects.toThrow(/unrecognized_keys/)
  })
})
