import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { ActionButton, Heading1, Layout, LinkFallback, Paragraph, formatHours } from './layout.tsx'

export const signupVerifyProps = z.strictObject({
  link: z.url({ protocol: /^https?$/ }),
  expiresInHours: z.int().positive(),
})
export type SignupVerifyProps = z.infer<typeof signupVerifyProps>

export const signupVerifySubject = `Finish creating your ${practiceName} account`

export function SignupVerifyEmail({ link, expiresInHours }: SignupVerifyProps) {
  return (
    <Layout
      title={signupVerifySubject}
      preview="Confirm your email address to finish creating your account."
      reason={`You're receiving this email because this address was used to create a ${practiceName} account.`}
    >
      <Heading1>Finish creating your account</Heading1>
      <Paragraph>
        Thanks for starting to create your {practiceName} account. To finish, please confirm that this is your
        email address.
      </Paragraph>
      <ActionButton href={link}>Confirm my email address</ActionButton>
      <LinkFallback href={link} />
      <Paragraph>
        This link expires in {formatHours(expiresInHours)} and can only be used once. If it has expired, you
        can start again from the sign-up page.
      </Paragraph>
      <Paragraph>
        If you didn&apos;t ask to create an account, you can ignore this email. No account will be created.
      </Paragraph>
    </Layout>
  )
}
