import { type z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  greetingName,
  httpLink,
  patientReason,
  personName,
  VenueGuide,
  venueRow,
  whenText,
  withVenue,
} from './appointment-parts.tsx'
import { Details, greeting, Heading1, Layout, Paragraph, TextLink } from './layout.tsx'

export const appointmentMovedProps = withVenue({
  name: greetingName,
  psychologistName: personName,
  previousWhen: whenText,
  when: whenText,
  appointmentsLink: httpLink,
})
export type AppointmentMovedProps = z.infer<typeof appointmentMovedProps>

export const appointmentMovedSubject = ({ when }: AppointmentMovedProps) =>
  `Your ${practiceName} session has moved to ${when}`

/** Sent with the updated calendar file (.ics) attached. */
export function AppointmentMovedEmail(props: AppointmentMovedProps) {
  const { name, psychologistName, previousWhen, when } = props
  return (
    <Layout
      title={appointmentMovedSubject(props)}
      preview="The new time, with an updated calendar file."
      reason={patientReason}
    >
      <Heading1>Your session has moved</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>Your session with {psychologistName} has moved to a new time.</Paragraph>
      <Details
        rows={[['New time', when], ['Was', previousWhen], ['With', psychologistName], venueRow(props)]}
      />
      <VenueGuide venue={props} />
      <Paragraph>
        We&apos;ve attached an updated calendar file (.ics): open it to move the session in your calendar.
      </Paragraph>
      <Paragraph>
        If the new time doesn&apos;t suit you, you can change it:{' '}
        <TextLink href={props.appointmentsLink}>See your appointments</TextLink>
      </Paragraph>
    </Layout>
  )
}
