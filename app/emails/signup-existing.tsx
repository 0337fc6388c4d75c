import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { ActionButton, Heading1, Layout, LinkFallback, Paragraph } from './layout.tsx'

export const signupExistingProps = z.strictObject({
  signInLink: z.url({ protocol: /^https?$/ }),
  resetLink: z.url({ protocol: /^https?$/ }),
})
export type SignupExistingProps = z.infer<typeof signupExistingProps>

export const signupExistingSubject = `You already have a ${practiceName} account`

export function SignupExistingEmail({ signInLink, resetLink }: SignupExistingProps) {
  return (
    <Layout title={signupExistingSubject} preview="You already have an account with this email address.">
      <Heading1>You already have an account</Heading1>
      <Paragraph>
        Someone (hopefully you) tried to create a {practiceName} account with this email address. There is
        already an account for this address, so we didn&apos;t create a new one.
      </Paragraph>
      <Paragraph>You can sign in to your existing account:</Paragraph>
      <ActionButton href={signInLink}>Sign in</ActionButton>
      <LinkFallback href={signInLink} />
      <Paragraph>If you&apos;ve forgotten your password, you can choose a new one:</Paragraph>
      <ActionButton href={resetLink}>Reset my password</ActionButton>
      <LinkFallback href={resetLink} />
      <Paragraph>
        If this wasn&apos;t you, you can ignore this email. Nothing about your account has changed.
      </Paragraph>
    </Layout>
  )
}
