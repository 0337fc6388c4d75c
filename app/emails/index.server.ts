import { createElement, type FunctionComponent } from 'react'
import { render } from 'react-email'
import { type z } from 'zod'
import {
  BookingTimeTakenEmail,
  bookingTimeTakenProps,
  bookingTimeTakenSubject,
  type BookingTimeTakenProps,
} from './booking-time-taken.tsx'
import {
  PasswordResetEmail,
  passwordResetProps,
  passwordResetSubject,
  type PasswordResetProps,
} from './password-reset.tsx'
import {
  SignupExistingEmail,
  signupExistingProps,
  signupExistingSubject,
  type SignupExistingProps,
} from './signup-existing.tsx'
import {
  SignupVerifyEmail,
  signupVerifyProps,
  signupVerifySubject,
  type SignupVerifyProps,
} from './signup-verify.tsx'
import {
  StaffInviteEmail,
  staffInviteProps,
  staffInviteSubject,
  type StaffInviteProps,
} from './staff-invite.tsx'

/** Each template key (as stored in `Message.template`) and the props its renderer needs. */
export type EmailTemplateProps = {
  'signup-verify': SignupVerifyProps
  'signup-existing': SignupExistingProps
  'password-reset': PasswordResetProps
  'staff-invite': StaffInviteProps
  'booking-time-taken': BookingTimeTakenProps
}
type EmailTemplate = keyof EmailTemplateProps

type RenderedEmail = { subject: string; html: string; text: string }

type TemplateDefinition<Props> = {
  subject: string
  // Props are re-checked at render time: a stray field (or a javascript: link) is a bug, never rendered.
  schema: z.ZodType<Props>
  Component: FunctionComponent<Props>
}

const registry: { [Template in EmailTemplate]: TemplateDefinition<EmailTemplateProps[Template]> } = {
  'signup-verify': { subject: signupVerifySubject, schema: signupVerifyProps, Component: SignupVerifyEmail },
  'signup-existing': {
    subject: signupExistingSubject,
    schema: signupExistingProps,
    Component: SignupExistingEmail,
  },
  'password-reset': {
    subject: passwordResetSubject,
    schema: passwordResetProps,
    Component: PasswordResetEmail,
  },
  'staff-invite': { subject: staffInviteSubject, schema: staffInviteProps, Component: StaffInviteEmail },
  'booking-time-taken': {
    subject: bookingTimeTakenSubject,
    schema: bookingTimeTakenProps,
    Component: BookingTimeTakenEmail,
  },
}

export const emailTemplates = Object.keys(registry) as EmailTemplate[]

/** Narrows a stored `Message.template` string to a known template key. */
export function isEmailTemplate(value: string): value is EmailTemplate {
  return Object.hasOwn(registry, value)
}

/**
 * Renders one template to its subject, HTML and plain-text bodies.
 * Throws if the props don't match the template (unknown fields included).
 */
export async function renderEmail<Template extends EmailTemplate>(
  template: Template,
  props: EmailTemplateProps[Template],
): Promise<RenderedEmail> {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template "${String(template)}"`)
  const definition: TemplateDefinition<EmailTemplateProps[Template]> = registry[template]
  const parsed = definition.schema.safeParse(props)
  if (!parsed.success) {
    // Only the paths and codes: the values may be personal.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(props)'}: ${issue.code}`)
    throw new Error(`Invalid props for email template "${template}": ${problems.join(', ')}`)
  }
  const element = createElement(definition.Component, parsed.data)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { subject: definition.subject, html, text }
}
