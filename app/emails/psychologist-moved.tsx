import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  modalityLabels,
  PsychologistNotice,
  psychologistNoticeShape,
  whenText,
} from './appointment-parts.tsx'

export const psychologistMovedProps = z.strictObject({ ...psychologistNoticeShape, previousWhen: whenText })
export type PsychologistMovedProps = z.infer<typeof psychologistMovedProps>

export const psychologistMovedSubject = ({ when }: PsychologistMovedProps) =>
  `${practiceName}: a session has moved to ${when}`

export function PsychologistMovedEmail(props: PsychologistMovedProps) {
  const { patientName, when, previousWhen, modality } = props
  return (
    <PsychologistNotice
      title={psychologistMovedSubject(props)}
      heading="A session has moved"
      psychologistName={props.psychologistName}
      message={`${patientName}'s session with you has moved to a new time.`}
      rows={[
        ['New time', when],
        ['Was', previousWhen],
        ['Patient', patientName],
        ['Session', modalityLabels[modality]],
      ]}
      appointmentLink={props.appointmentLink}
    />
  )
}
