import { describe, expect, it } from 'vitest'
import { readFormData } from './form-data.server.ts'

const post = (body: BodyInit | null, contentType?: string) =>
  new Request('http://localhost/login', {
    method: 'POST',
    body,
    headers: contentType ? { 'Content-Type': contentType } : {},
  })

/** A request with no Content-Type at all (a string body would get text/plain). */
function untyped(body: string) {
  const request = post(body)
  request.headers.delete('content-type')
  return request
}

async function refusal(request: Request) {
  const thrown: unknown = await readFormData(request).then(
    () => null,
    (error: unknown) => error,
  )
  expect(thrown).toBeInstanceOf(Response)
  const response = thrown as Response
  return { status: response.status, text: await response.text() }
}

describe('readFormData', () => {
  it('reads a URL-encoded form', async () => {
    const form = await readFormData(
      post('email=a%40b.test&note=line+one%0D%0Aline+two%09tabbed', 'application/x-www-form-urlencoded'),
    )
    expect(Object.fromEntries(form)).toEqual({ email: 'a@b.test', note: 'line one\r\nline two\ttabbed' })
  })

  it('reads a multipart form, its file included, whatever the file is called', async () => {
    const body = new FormData()
    body.append('referrerName', 'Dr Priya Shah')
    body.append(
      'referralLetter',
      new File(['%PDF-1.4'], 'Smith; GP letter=final "v2".pdf', { type: 'application/pdf' }),
    )
    const form = await readFormData(new Request('http://localhost/x', { method: 'POST', body }))
    expect(form.get('referrerName')).toBe('Dr Priya Shah')
    const letter = form.get('referralLetter') as File
    expect(letter.name).toBe('Smith; GP letter=final "v2".pdf')
    expect(await letter.text()).toBe('%PDF-1.4')
  })

  it.each([
    ['JSON', post('{"email":"a@b.test"}', 'application/json')],
    ['plain text', post('email=a@b.test', 'text/plain')],
    ['no content type', untyped('email=a@b.test')],
    ['a multipart type without a boundary', post('x', 'multipart/form-data')],
    ['a broken multipart body', post('--nope\r\ngarbage', 'multipart/form-data; boundary=xyz')],
  ])('refuses %s with a plain 400', async (_, request) => {
    const { status, text } = await refusal(request)
    expect(status).toBe(400)
    expect(text.length).toBeGreaterThan(0)
  })

  it('refuses a NUL in a field, its name included', async () => {
    expect((await refusal(post('name=Al%00ex', 'application/x-www-form-urlencoded'))).status).toBe(400)
    expect((await refusal(post('na%00me=Alex', 'application/x-www-form-urlencoded'))).status).toBe(400)
    const body = new FormData()
    body.append('name', 'Al\0ex')
    expect((await refusal(new Request('http://localhost/x', { method: 'POST', body }))).status).toBe(400)
  })

  it('drops the other control characters but keeps tab, line feed and carriage return', async () => {
    const form = await readFormData(post('name=A%01l%1Bex%0B%09%0A%0D', 'application/x-www-form-urlencoded'))
    expect(form.get('name')).toBe('Alex\t\n\r')
  })

  it('refuses a body larger than the limit, declared or not', async () => {
    const declared = new Request('http://localhost/x', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '50' },
      body: 'a=b',
    })
    expect(await readFormData(declared, { maxBytes: 10 }).catch((error: Response) => error.status)).toBe(413)
    const streamed = new Request('http://localhost/x', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('a='.padEnd(50, 'x')))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(await readFormData(streamed, { maxBytes: 10 }).catch((error: Response) => error.status)).toBe(413)
  })
})
