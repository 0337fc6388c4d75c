import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  amountText,
  cancelledBy,
  greetingName,
  httpLink,
  patientReason,
  personName,
  whenText,
} from './appointment-parts.tsx'
import { ActionButton, greeting, Heading1, Layout, LinkFallback, Paragraph } from './layout.tsx'

const refund = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('full'), amount: amountText }),
  z.strictObject({ kind: z.literal('partial'), amount: amountText }),
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('not-paid') }),
])

export const appointmentCancelledProps = z.strictObject({
  name: greetingName,
  psychologistName: personName,
  when: whenText,
  cancelledBy,
  refund,
  bookLink: httpLink,
})
export type AppointmentCancelledProps = z.infer<typeof appointmentCancelledProps>

export const appointmentCancelledSubject = ({ when }: AppointmentCancelledProps) =>
  `Your ${practiceName} session on ${when} is cancelled`

function whoCancelled({ cancelledBy, psychologistName, when }: AppointmentCancelledProps) {
  switch (cancelledBy) {
    case 'patient':
      return `You cancelled your session with ${psychologistName} on ${when}. This email confirms it.`
    case 'psychologist':
      return `Your psychologist, ${psychologistName}, had to cancel your session on ${when}. We're sorry for the change.`
    case 'practice':
      return `The practice cancelled your session with ${psychologistName} on ${when}. We're sorry for the change.`
  }
}

const refundTime = 'Refunds usually reach your account in 5 to 10 business days.'

function whatIsRefunded(refund: AppointmentCancelledProps['refund']) {
  switch (refund.kind) {
    case 'full':
      return `We have refunded ${refund.amount} in full to your card. ${refundTime}`
    case 'partial':
      return `Under the cancellation policy, we have refunded ${refund.amount} to your card. ${refundTime}`
    case 'none':
      return 'Under the cancellation policy, the payment for this session is not refunded.'
    case 'not-paid':
      return 'No payment was taken for this session, so there is nothing to refund.'
  }
}

export function AppointmentCancelledEmail(props: AppointmentCancelledProps) {
  return (
    <Layout
      title={appointmentCancelledSubject(props)}
      preview="Your session is cancelled. Here is what happens to your payment."
      reason={patientReason}
    >
      <Heading1>Your session is cancelled</Heading1>
      <Paragraph>{greeting(props.name)}</Paragraph>
      <Paragraph>{whoCancelled(props)}</Paragraph>
      <Paragraph>{whatIsRefunded(props.refund)}</Paragraph>
      <Paragraph>When you&apos;re ready, you can book another time:</Paragraph>
      <ActionButton href={props.bookLink}>Book another time</ActionButton>
      <LinkFallback href={props.bookLink} />
    </Layout>
  )
}
