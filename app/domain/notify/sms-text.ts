// Client-safe: the words of each SMS. An SMS shows whole on a lock screen, so it names the practice,
// the session's time with its zone (when it is about a session) and one link, nothing else: no
// person's name, nothing clinical.
import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { type MessageTemplate } from './templates.ts'

/**
 * The one link: the appointment's page (confirmed, moved, reminder), where to book again
 * (cancelled), the video session's page (video-starting-soon), the questionnaires to complete.
 */
const link = z.url({ protocol: /^https?$/ }).max(100)

const smsProps = z.strictObject({
  /** The session's time with its zone, e.g. "Tue, 8 Dec, 10:00 am AEDT". */
  when: z.string().trim().min(1).max(48),
  link,
})
export type SmsProps = z.infer<typeof smsProps>
/** A text about no session in particular: only where to go. */
const linkOnlyProps = z.strictObject({ link })
type LinkOnlySmsProps = z.infer<typeof linkOnlyProps>

const texts = {
  'appointment-confirmed': ({ when, link }) =>
    `${practiceName}: session confirmed for ${when}. Details: ${link}`,
  'appointment-moved': ({ when, link }) => `${practiceName}: session moved to ${when}. Details: ${link}`,
  'appointment-cancelled': ({ when, link }) =>
    `${practiceName}: session on ${when} is cancelled. Book again: ${link}`,
  'appointment-reminder': ({ when, link }) =>
    `${practiceName}: session reminder for ${when}. Details: ${link}`,
  'video-starting-soon': ({ when, link }) =>
    `${practiceName}: video session at ${when} starts soon. Join: ${link}`,
} satisfies Partial<Record<MessageTemplate, (props: SmsProps) => string>>
type SessionSmsTemplate = keyof typeof texts

// Not even which questionnaire: that something is waiting, behind sign-in.
const linkOnlyTexts = {
  'questionnaire-due': ({ link }) =>
    `${practiceName}: your psychologist has asked you to complete a short questionnaire. Sign in: ${link}`,
} satisfies Partial<Record<MessageTemplate, (props: LinkOnlySmsProps) => string>>
type LinkOnlySmsTemplate = keyof typeof linkOnlyTexts

export type SmsTemplate = SessionSmsTemplate | LinkOnlySmsTemplate

export const smsTemplates = [...Object.keys(texts), ...Object.keys(linkOnlyTexts)] as SmsTemplate[]

/** Narrows a stored `Message.template` string to one sent by SMS. */
export function isSmsTemplate(value: string): value is SmsTemplate {
  return Object.hasOwn(texts, value) || Object.hasOwn(linkOnlyTexts, value)
}

// GSM 03.38: the basic table (one septet each) and its extension (two: escape + character).
const gsm7Basic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const gsm7Extension = '\f^{}\\[~]|€'

/**
 * How many GSM-7 septets a text takes (160 fit one SMS), or null if it needs UCS-2, where one SMS
 * holds only 70 characters.
 */
export function gsm7Septets(text: string): number | null {
  let septets = 0
  for (const character of text) {
    if (gsm7Basic.includes(character)) septets += 1
    else if (gsm7Extension.includes(character)) septets += 2
    else return null
  }
  return septets
}

/**
 * The SMS for one template. Throws if the props don't match (unknown fields included), or if the
 * text would leave GSM-7.
 */
export function smsText(template: SessionSmsTemplate, props: SmsProps): string
export function smsText(template: LinkOnlySmsTemplate, props: LinkOnlySmsProps): string
export function smsText(template: SmsTemplate, props: SmsProps | LinkOnlySmsProps): string {
  if (!isSmsTemplate(template)) throw new Error(`Unknown SMS template "${String(template)}"`)
  const aboutSession = Object.hasOwn(texts, template)
  const parsed = (aboutSession ? smsProps : linkOnlyProps).safeParse(props)
  if (!parsed.success) {
    // Only the paths and codes: the values may be personal.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(props)'}: ${issue.code}`)
    throw new Error(`Invalid props for SMS template "${template}": ${problems.join(', ')}`)
  }
  const written = aboutSession
    ? texts[template as SessionSmsTemplate](parsed.data as SmsProps)
    : linkOnlyTexts[template as LinkOnlySmsTemplate](parsed.data)
  // Some ICU versions format times with (narrow) no-break spaces, which GSM-7 lacks.
  const text = written.replace(/[\u00a0\u2009\u202f]/g, ' ')
  if (gsm7Septets(text) === null) throw new Error(`SMS template "${template}" produced text outside GSM-7`)
  return text
}
