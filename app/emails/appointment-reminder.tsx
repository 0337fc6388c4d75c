import { type z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  ChangeLinks,
  greetingName,
  httpLink,
  patientReason,
  personName,
  VenueGuide,
  venueRow,
  whenText,
  withVenue,
} from './appointment-parts.tsx'
import { Details, greeting, Heading1, Layout, Paragraph } from './layout.tsx'

export const appointmentReminderProps = withVenue({
  name: greetingName,
  psychologistName: personName,
  when: whenText,
  appointmentsLink: httpLink,
  rescheduleLink: httpLink,
  /** Turns reminder emails off without signing in. */
  unsubscribeLink: httpLink,
})
export type AppointmentReminderProps = z.infer<typeof appointmentReminderProps>

export const appointmentReminderSubject = ({ when }: AppointmentReminderProps) =>
  `Reminder: your ${practiceName} session on ${when}`

export function AppointmentReminderEmail(props: AppointmentReminderProps) {
  const { name, psychologistName, when } = props
  return (
    <Layout
      title={appointmentReminderSubject(props)}
      preview="Your session is coming up. Here is how to join or find us."
      reason={patientReason}
      footerLink={{ href: props.unsubscribeLink, label: 'Stop reminder emails' }}
    >
      <Heading1>Your session is coming up</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>This is a reminder of your session with {psychologistName}.</Paragraph>
      <Details rows={[['When', when], ['With', psychologistName], venueRow(props)]} />
      <VenueGuide venue={props} />
      <ChangeLinks
        lead="Can't make it? Please let us know as early as you can:"
        rescheduleLink={props.rescheduleLink}
        appointmentsLink={props.appointmentsLink}
      />
    </Layout>
  )
}
