import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  amountText,
  ChangeLinks,
  greetingName,
  httpLink,
  patientReason,
  personName,
  sentence,
  VenueGuide,
  venueRow,
  whenText,
  withVenue,
} from './appointment-parts.tsx'
import { Details, formatMinutes, greeting, Heading1, Layout, Paragraph } from './layout.tsx'

export const appointmentConfirmedProps = withVenue({
  name: greetingName,
  psychologistName: personName,
  when: whenText,
  durationMinutes: z.int().positive().max(600),
  appointmentsLink: httpLink,
  rescheduleLink: httpLink,
  /** One short sentence, e.g. "Cancel or move free of charge up to 48 hours before". */
  cancellationPolicy: z.string().trim().min(1).max(300),
  /** What the patient paid, e.g. "$180.00"; null when nothing was paid up front. */
  amountPaid: amountText.nullable(),
})
export type AppointmentConfirmedProps = z.infer<typeof appointmentConfirmedProps>

export const appointmentConfirmedSubject = ({ when }: AppointmentConfirmedProps) =>
  `Your ${practiceName} session on ${when} is confirmed`

/** Sent with the session's calendar file (.ics) attached. */
export function AppointmentConfirmedEmail(props: AppointmentConfirmedProps) {
  const { name, psychologistName, when, durationMinutes, amountPaid } = props
  return (
    <Layout
      title={appointmentConfirmedSubject(props)}
      preview="Your session details, with a calendar file to add it to your calendar."
      reason={patientReason}
    >
      <Heading1>Your session is confirmed</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>Your session with {psychologistName} is booked.</Paragraph>
      <Details
        rows={[
          ['When', when],
          ['Length', formatMinutes(durationMinutes)],
          ['With', psychologistName],
          venueRow(props),
          ...(amountPaid ? [['Paid', amountPaid] as [string, string]] : []),
        ]}
      />
      <VenueGuide venue={props} />
      <Paragraph>
        We&apos;ve attached a calendar file (.ics) so you can add the session to your calendar.
      </Paragraph>
      <ChangeLinks
        lead={`Need to change it? ${sentence(props.cancellationPolicy)}`}
        rescheduleLink={props.rescheduleLink}
        appointmentsLink={props.appointmentsLink}
      />
    </Layout>
  )
}
