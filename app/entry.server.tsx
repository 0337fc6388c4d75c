import { PassThrough } from 'node:stream'
import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleDataRequestFunction,
} from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '~/utils/nonce.tsx'
import { logger } from '~/utils/logger.server.ts'
import { preventCachingOfPrivatePages } from '~/utils/security.server.ts'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    /** The connecting socket's address (server.ts), not a forwarded one: the dev pages answer only loopback. */
    peerAddress?: string
  }
}

const ABORT_DELAY = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise<Response>((resolve, reject) => {
    let didError = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          preventCachingOfPrivatePages(request, responseHeaders)
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: didError ? 500 : responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          didError = true
          logger.error({ err: error instanceof Error ? error.message : String(error) }, 'render error')
        },
      },
    )
    setTimeout(abort, ABORT_DELAY + 1_000)
  })
}

/** Every `.data` request (client navigations, revalidation after an action). */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  preventCachingOfPrivatePages(request, response.headers)
  return response
}

/** Errors thrown by loaders and actions: logged without request details (no personal data). */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  logger.error(
    {
      err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      method: request.method,
      path: new URL(request.url).pathname,
    },
    'unhandled error',
  )
}
