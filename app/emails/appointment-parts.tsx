import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  ActionButton,
  Details,
  greeting,
  Heading1,
  Layout,
  LinkFallback,
  Paragraph,
  TextLink,
} from './layout.tsx'

// What the appointment emails share. Every field is text the sender has already formatted; none
// could carry clinical detail (reason for visit, K10, notes), and strict objects refuse extras.

export const httpLink = z.url({ protocol: /^https?$/ })

/** A time people read without wondering which zone it is in, e.g. "Tue, 8 Dec, 10:00 am AEDT". */
export const whenText = z.string().trim().min(1).max(100)

/** Money as the patient reads it, e.g. "$180.00". */
export const amountText = z.string().regex(/^\$[\d,]+\.\d{2}$/)

export const personName = z.string().trim().min(1).max(200)

/** The patient's own name; the greeting copes with an empty one. */
export const greetingName = z.string().trim().max(200)

export const modality = z.enum(['telehealth', 'in_person'])
export type Modality = z.infer<typeof modality>

/** Who cancelled, as the recipient reads it. */
export const cancelledBy = z.enum(['patient', 'psychologist', 'practice'])

const location = z.strictObject({
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(500),
  /** How to find the room once there; may be empty. */
  directions: z.string().trim().max(1000),
})

type Venue =
  { modality: 'telehealth'; joinLink: string } | { modality: 'in_person'; location: z.infer<typeof location> }

/** A patient email's props with where the session happens: a video link, or the clinic and how to find it. */
export function withVenue<Shape extends z.core.$ZodShape>(shape: Shape) {
  return z.discriminatedUnion('modality', [
    z.strictObject({ ...shape, modality: z.literal('telehealth'), joinLink: httpLink }),
    z.strictObject({ ...shape, modality: z.literal('in_person'), location }),
  ])
}

export const modalityLabels: Record<Modality, string> = {
  telehealth: 'Video (telehealth)',
  in_person: 'In person',
}

/** The "Where" line of a patient email's details. */
export function venueRow(venue: Venue): [string, string] {
  return [
    'Where',
    venue.modality === 'telehealth'
      ? modalityLabels.telehealth
      : `${venue.location.name}, ${venue.location.address}`,
  ]
}

/** How to get there: the join button for video, the directions (if any) in person. */
export function VenueGuide({ venue }: { venue: Venue }) {
  if (venue.modality === 'telehealth') {
    return (
      <>
        <Paragraph>
          This is a video session. At the time of your session, join from a quiet, private place:
        </Paragraph>
        <ActionButton href={venue.joinLink}>Join your video session</ActionButton>
        <LinkFallback href={venue.joinLink} />
      </>
    )
  }
  return venue.location.directions ? <Paragraph>Finding us: {venue.location.directions}</Paragraph> : null
}

/** How to move or cancel the session (after a lead-in), and the way to all of them. */
export function ChangeLinks({
  lead,
  rescheduleLink,
  appointmentsLink,
}: {
  lead: string
  rescheduleLink: string
  appointmentsLink: string
}) {
  return (
    <>
      <Paragraph>
        {lead} <TextLink href={rescheduleLink}>Move or cancel this session</TextLink>
      </Paragraph>
      <Paragraph>
        <TextLink href={appointmentsLink}>See all your appointments</TextLink>
      </Paragraph>
    </>
  )
}

/** Ends a short phrase with a full stop unless it has its own. */
export function sentence(text: string) {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

export const patientReason = `You're receiving this email because you have a session with ${practiceName}.`

export const psychologistReason = `You're receiving this email because this session is in your ${practiceName} calendar.`

/** The fields every psychologist email has. The patient is named briefly, e.g. "Alex P.". */
export const psychologistNoticeShape = {
  psychologistName: personName,
  patientName: z.string().trim().min(1).max(100),
  when: whenText,
  modality,
  /** The appointment's staff page. */
  appointmentLink: httpLink,
}

/** A psychologist email: what happened, the details, and a button to the appointment. */
export function PsychologistNotice({
  title,
  heading,
  psychologistName,
  message,
  rows,
  appointmentLink,
}: {
  title: string
  heading: string
  psychologistName: string
  message: string
  rows: [string, string][]
  appointmentLink: string
}) {
  return (
    // The preview shows on lock screens: no patient name in it.
    <Layout
      title={title}
      preview="The session's details and a link to the appointment."
      reason={psychologistReason}
    >
      <Heading1>{heading}</Heading1>
      <Paragraph>{greeting(psychologistName)}</Paragraph>
      <Paragraph>{message}</Paragraph>
      <Details rows={rows} />
      <ActionButton href={appointmentLink}>Open the appointment</ActionButton>
      <LinkFallback href={appointmentLink} />
    </Layout>
  )
}
