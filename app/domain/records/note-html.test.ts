import { expect, test } from 'vitest'
import { renderAddendumHtml, renderNoteHtml } from './note-html.ts'

const content = {
  facts: {
    startsAt: '2025-03-04T23:00:00.000Z',
    endsAt: '2025-03-04T23:50:00.000Z',
    timeZone: 'Australia/Sydney',
    modality: 'telehealth',
    appointmentType: 'Standard session',
    durationMinutes: 50,
    attendance: 'attended' as const,
  },
  sections: { text: 'First line\nsecond line\n\n<script>alert("x")</script> & 🙂' },
  riskPlan: '',
}

test('a note is escaped text in HTML, with its facts, risk and signature', () => {
  const html = renderNoteHtml({
    template: 'free',
    riskLevel: 'low',
    content,
    author: 'Daniel Tran',
    signedAt: new Date('2025-03-05T01:00:00Z'),
  })
  expect(html).toContain('<title>Session note Wed, 5 Mar, 10:00 am AEDT (Free text)</title>')
  expect(html).toContain('<p>First line<br>second line</p>')
  expect(html).toContain('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 🙂</p>')
  expect(html).not.toContain('<script>')
  expect(html).toContain('<p>Low</p>')
  expect(html).toContain('Signed by Daniel Tran, Wed, 5 Mar, 12:00 pm AEDT.')
})

test('an addendum names the note it belongs to', () => {
  const html = renderAddendumHtml({
    text: 'Called <b>later</b>',
    author: 'Daniel Tran',
    createdAt: new Date('2025-03-06T01:00:00Z'),
    note: { template: 'free', content },
  })
  expect(html).toContain('<h1>Addendum to session note Wed, 5 Mar, 10:00 am AEDT</h1>')
  expect(html).toContain('<p>Called &lt;b&gt;later&lt;/b&gt;</p>')
})
