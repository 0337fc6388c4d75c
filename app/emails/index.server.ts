import { createElement, type FunctionComponent } from 'react'
import { render } from 'react-email'
import { type z } from 'zod'
import {
  AppointmentConfirmedEmail,
  appointmentConfirmedProps,
  appointmentConfirmedSubject,
  type AppointmentConfirmedProps,
} from './appointment-confirmed.tsx'
import {
  AppointmentMovedEmail,
  appointmentMovedProps,
  appointmentMovedSubject,
  type AppointmentMovedProps,
} from './appointment-moved.tsx'
import {
  AppointmentCancelledEmail,
  appointmentCancelledProps,
  appointmentCancelledSubject,
  type AppointmentCancelledProps,
} from './appointment-cancelled.tsx'
import {
  AppointmentReminderEmail,
  appointmentReminderProps,
  appointmentReminderSubject,
  type AppointmentReminderProps,
} from './appointment-reminder.tsx'
import {
  PsychologistNewBookingEmail,
  psychologistNewBookingProps,
  psychologistNewBookingSubject,
  type PsychologistNewBookingProps,
} from './psychologist-new-booking.tsx'
import {
  PsychologistMovedEmail,
  psychologistMovedProps,
  psychologistMovedSubject,
  type PsychologistMovedProps,
} from './psychologist-moved.tsx'
import {
  PsychologistCancelledEmail,
  psychologistCancelledProps,
  psychologistCancelledSubject,
  type PsychologistCancelledProps,
} from './psychologist-cancelled.tsx'
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
  SummarySharedEmail,
  summarySharedProps,
  summarySharedSubject,
  type SummarySharedProps,
} from './summary-shared.tsx'
import {
  QuestionnaireDueEmail,
  questionnaireDueProps,
  questionnaireDueSubject,
  type QuestionnaireDueProps,
} from './questionnaire-due.tsx'
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
  'appointment-confirmed': AppointmentConfirmedProps
  'appointment-moved': AppointmentMovedProps
  'appointment-cancelled': AppointmentCancelledProps
  'appointment-reminder': AppointmentReminderProps
  'psychologist-new-booking': PsychologistNewBookingProps
  'psychologist-moved': PsychologistMovedProps
  'psychologist-cancelled': PsychologistCancelledProps
  'summary-shared': SummarySharedProps
  'questionnaire-due': QuestionnaireDueProps
}
type EmailTemplate = keyof EmailTemplateProps

type RenderedEmail = { subject: string; html: string; text: string }

type TemplateDefinition<Props> = {
  /** Fixed, or built from the props (e.g. to name the session's time). */
  subject: string | ((props: Props) => string)
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
  'appointment-confirmed': {
    subject: appointmentConfirmedSubject,
    schema: appointmentConfirmedProps,
    Component: AppointmentConfirmedEmail,
  },
  'appointment-moved': {
    subject: appointmentMovedSubject,
    schema: appointmentMovedProps,
    Component: AppointmentMovedEmail,
  },
  'appointment-cancelled': {
    subject: appointmentCancelledSubject,
    schema: appointmentCancelledProps,
    Component: AppointmentCancelledEmail,
  },
  'appointment-reminder': {
    subject: appointmentReminderSubject,
    schema: appointmentReminderProps,
    Component: AppointmentReminderEmail,
  },
  'psychologist-new-booking': {
    subject: psychologistNewBookingSubject,
    schema: psychologistNewBookingProps,
    Component: PsychologistNewBookingEmail,
  },
  'psychologist-moved': {
    subject: psychologistMovedSubject,
    schema: psychologistMovedProps,
    Component: PsychologistMovedEmail,
  },
  'psychologist-cancelled': {
    subject: psychologistCancelledSubject,
    schema: psychologistCancelledProps,
    Component: PsychologistCancelledEmail,
  },
  'summary-shared': {
    subject: summarySharedSubject,
    schema: summarySharedProps,
    Component: SummarySharedEmail,
  },
  'questionnaire-due': {
    subject: questionnaireDueSubject,
    schema: questionnaireDueProps,
    Component: QuestionnaireDueEmail,
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
  const subject =
    typeof definition.subject === 'string' ? definition.subject : definition.subject(parsed.data)
  return { subject, html, text }
}
