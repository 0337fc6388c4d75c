import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { greetingName, httpLink } from './appointment-parts.tsx'
import { ActionButton, greeting, Heading1, Layout, LinkFallback, Paragraph } from './layout.tsx'

// Nothing clinical, not even which questionnaire: only that one is waiting behind sign-in.
export const questionnaireDueProps = z.strictObject({
  name: greetingName,
  /** The portal's questionnaires page (behind sign-in). */
  link: httpLink,
  /** Turns reminder emails off without signing in. */
  unsubscribeLink: httpLink,
})
export type QuestionnaireDueProps = z.infer<typeof questionnaireDueProps>

export const questionnaireDueSubject = `A short questionnaire from ${practiceName}`

export function QuestionnaireDueEmail({ name, link, unsubscribeLink }: QuestionnaireDueProps) {
  return (
    <Layout
      title={questionnaireDueSubject}
      preview="Your psychologist has asked you to complete a short questionnaire."
      reason={`You're receiving this email because you are a patient of ${practiceName}.`}
      footerLink={{ href: unsubscribeLink, label: 'Stop reminder emails' }}
    >
      <Heading1>A short questionnaire</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>
        Your psychologist has asked you to complete a short questionnaire. It takes a few minutes, and your
        answers help them see how things are going for you.
      </Paragraph>
      <Paragraph>Sign in to your {practiceName} account to see it:</Paragraph>
      <ActionButton href={link}>Open your questionnaires</ActionButton>
      <LinkFallback href={link} />
    </Layout>
  )
}
