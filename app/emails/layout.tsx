import { type CSSProperties, type ReactNode } from 'react'
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from 'react-email'
import { practiceName } from '~/utils/practice.ts'

// Contrast on white meets WCAG AAA: body text 14.9:1, muted text 7.6:1, brand (button, links) 8.4:1.
const colours = {
  page: '#f3f5f4',
  card: '#ffffff',
  text: '#1d2a26',
  muted: '#4a5752',
  brand: '#24564a',
  rule: '#d5dcd9',
}

const fontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

const textStyle: CSSProperties = {
  color: colours.text,
  fontSize: '16px',
  lineHeight: '24px',
  margin: '0 0 16px',
}
const smallTextStyle: CSSProperties = {
  color: colours.muted,
  fontSize: '14px',
  lineHeight: '20px',
  margin: '0 0 8px',
}

type LayoutProps = {
  /** The document title; screen readers announce it, so it matches the subject. */
  title: string
  /** Shown by mail clients next to the subject; never in the plain-text body. */
  preview: string
  /** Why this email arrived; defaults to an action on the recipient's account. */
  reason?: string
  /** A link under the reason, e.g. to stop this kind of email. */
  footerLink?: { href: string; label: string }
  children: ReactNode
}

export function Layout({ title, preview, reason, footerLink, children }: LayoutProps) {
  return (
    <Html lang="en-AU" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
        <title>{title}</title>
      </Head>
      {/* Body defaults its own lang to "en", which would override the document's. */}
      <Body lang="en-AU" style={{ backgroundColor: colours.page, fontFamily, margin: 0, padding: '24px 0' }}>
        <Preview useTitleTag={false}>{preview}</Preview>
        <Container
          style={{ backgroundColor: colours.card, maxWidth: '560px', padding: '32px', borderRadius: '8px' }}
        >
          <Section>
            <Text
              style={{
                color: colours.brand,
                fontSize: '20px',
                fontWeight: 600,
                lineHeight: '28px',
                margin: 0,
              }}
            >
              {practiceName}
            </Text>
          </Section>
          <Hr style={{ borderTop: `1px solid ${colours.rule}`, margin: '20px 0 24px' }} />
          <Section>{children}</Section>
          <Hr style={{ borderTop: `1px solid ${colours.rule}`, margin: '24px 0 16px' }} />
          <Section>
            <Text style={smallTextStyle}>{`${practiceName} · Sydney`}</Text>
            <Text style={smallTextStyle}>
              {reason ?? `You're receiving this email because of an action on your ${practiceName} account.`}
            </Text>
            {footerLink ? (
              <Text style={smallTextStyle}>
                <TextLink href={footerLink.href}>{footerLink.label}</TextLink>
              </Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  )
}

export function Heading1({ children }: { children: ReactNode }) {
  return (
    <Heading
      as="h1"
      style={{
        color: colours.text,
        fontSize: '22px',
        lineHeight: '30px',
        fontWeight: 600,
        margin: '0 0 16px',
      }}
    >
      {children}
    </Heading>
  )
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={textStyle}>{children}</Text>
}

export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: '8px 0 24px' }}>
      <Button
        href={href}
        style={{
          backgroundColor: colours.brand,
          color: '#ffffff',
          fontSize: '16px',
          fontWeight: 600,
          lineHeight: '24px',
          padding: '12px 20px',
          borderRadius: '6px',
          textDecoration: 'none',
        }}
      >
        {children}
      </Button>
    </Section>
  )
}

/** A link inside a sentence; the plain-text version prints its URL after the words. */
export function TextLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} style={{ color: colours.brand, textDecoration: 'underline' }}>
      {children}
    </Link>
  )
}

/** Label and value pairs (when, where, with whom), one per line. */
export function Details({ rows }: { rows: [label: string, value: ReactNode][] }) {
  return (
    <Section
      style={{ borderLeft: `4px solid ${colours.brand}`, padding: '4px 0 4px 16px', margin: '0 0 24px' }}
    >
      {rows.map(([label, value]) => (
        <Text key={label} style={{ ...textStyle, margin: '0 0 4px' }}>
          <strong>{label}:</strong> {value}
        </Text>
      ))}
    </Section>
  )
}

/**
 * The raw link for clients that hide buttons. Skipped in the plain-text version,
 * where the button already prints its URL.
 */
export function LinkFallback({ href }: { href: string }) {
  return (
    <Text style={smallTextStyle} data-skip-in-text="true">
      If the button doesn&apos;t work, copy this link into your browser:{' '}
      <Link href={href} style={{ color: colours.brand, textDecoration: 'underline', wordBreak: 'break-all' }}>
        {href}
      </Link>
    </Text>
  )
}

export function formatHours(hours: number) {
  return hours === 1 ? '1 hour' : `${hours} hours`
}

export function formatMinutes(minutes: number) {
  if (minutes >= 60 && minutes % 60 === 0) return formatHours(minutes / 60)
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

export function greeting(name: string) {
  return name ? `Hi ${name},` : 'Hello,'
}
