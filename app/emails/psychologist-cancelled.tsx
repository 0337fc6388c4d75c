import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  cancelledBy,
  modalityLabels,
  PsychologistNotice,
  psychologistNoticeShape,
} from './appointment-parts.tsx'

export const psychologistCancelledProps = z.strictObject({ ...psychologistNoticeShape, cancelledBy })
export type PsychologistCancelledProps = z.infer<typeof psychologistCancelledProps>

export const psychologistCancelledSubject = ({ when }: PsychologistCancelledProps) =>
  `${practiceName}: the session on ${when} is cancelled`

function whoCancelled({ cancelledBy, patientName }: PsychologistCancelledProps) {
  switch (cancelledBy) {
    case 'patient':
      return `${patientName} cancelled their session with you.`
    case 'psychologist':
      return `You cancelled your session with ${patientName}.`
    case 'practice':
      return `The practice cancelled ${patientName}'s session with you.`
  }
}

export function PsychologistCancelledEmail(props: PsychologistCancelledProps) {
  const { patientName, when, modality } = props
  return (
    <PsychologistNotice
      title={psychologistCancelledSubject(props)}
      heading="A session is cancelled"
      psychologistName={props.psychologistName}
      message={`${whoCancelled(props)} The time is free again in your calendar.`}
      rows={[
        ['When', when],
        ['Patient', patientName],
        ['Session', modalityLabels[modality]],
      ]}
      appointmentLink={props.appointmentLink}
    />
  )
}
