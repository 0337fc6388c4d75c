import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { modalityLabels, PsychologistNotice, psychologistNoticeShape } from './appointment-parts.tsx'

export const psychologistNewBookingProps = z.strictObject(psychologistNoticeShape)
export type PsychologistNewBookingProps = z.infer<typeof psychologistNewBookingProps>

export const psychologistNewBookingSubject = ({ when }: PsychologistNewBookingProps) =>
  `${practiceName}: new booking on ${when}`

export function PsychologistNewBookingEmail(props: PsychologistNewBookingProps) {
  const { patientName, when, modality } = props
  return (
    <PsychologistNotice
      title={psychologistNewBookingSubject(props)}
      heading="New booking"
      psychologistName={props.psychologistName}
      message={`${patientName} has booked a session with you.`}
      rows={[
        ['When', when],
        ['Patient', patientName],
        ['Session', modalityLabels[modality]],
      ]}
      appointmentLink={props.appointmentLink}
    />
  )
}
