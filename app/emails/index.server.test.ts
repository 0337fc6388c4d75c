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
      for (const value of Object.values(cases[template].props)) {
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
