import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { amountText } from './appointment-parts.tsx'
import { ActionButton, Heading1, Layout, LinkFallback, Paragraph } from './layout.tsx'

export const bookingTimeTakenProps = z.strictObject({
  name: z.string(),
  psychologistName: z.string().min(1),
  /** The session's time as the patient saw it, with its zone, e.g. "Mon, 7 Dec, 10:00 am AEDT". */
  when: z.string().min(1),
  amount: amountText,
  bookLink: z.url({ protocol: /^https?$/ }),
})
export type BookingTimeTakenProps = z.infer<typeof bookingTimeTakenProps>

export const bookingTimeTakenSubject = `Your ${practiceName} payment has been refunded`

/** A payment arrived after the hold ended and the time had gone: the patient is told at once. */
export function BookingTimeTakenEmail({
  name,
  psychologistName,
  when,
  amount,
  bookLink,
}: BookingTimeTakenProps) {
  return (
    <Layout title={bookingTimeTakenSubject} preview={`We have refunded ${amount} in full.`}>
      <Heading1>Your payment has been refunded</Heading1>
      <Paragraph>{name ? `Hello ${name},` : 'Hello,'}</Paragraph>
      <Paragraph>
        Your payment for the session with {psychologistName} on {when} arrived after we had stopped holding
        that time, and someone else had booked it meanwhile. We are sorry: the session is not booked, and we
        have refunded {amount} in full to your card. Refunds usually reach your account in 5 to 10 business
        days.
      </Paragraph>
      <Paragraph>You can choose another time with {practiceName}:</Paragraph>
      <ActionButton href={bookLink}>Choose another time</ActionButton>
      <LinkFallback href={bookLink} />
    </Layout>
  )
}
