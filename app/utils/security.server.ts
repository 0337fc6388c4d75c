// Same-origin check for state-changing requests. SameSite=Lax cookies already keep most
// cross-site posts out; this makes it explicit and also covers same-site subdomains.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Paths that other services call and that authenticate themselves (signed webhooks). */
const ORIGIN_CHECK_EXEMPT_PREFIXES = ['/webhooks/']
/**
 * Mail providers post a one-click unsubscribe (RFC 8058) from their own servers, without an
 * Origin; the link's signed token is the credential, and it can only turn reminders off.
 */
const ORIGIN_CHECK_EXEMPT_PATHS = new Set(['/unsubscribe'])

type OriginCheckInput = {
  method: string
  path: string
  /**
   * The configured public address (APP_URL). Nothing the client sends (Host, X-Forwarded-Host)
   * decides what "same origin" means, and the scheme and port count as well as the host.
   */
  appUrl: string
  origin: string | undefined
  referer: string | undefined
}

export function isAllowedOrigin({ method, path, appUrl, origin, referer }: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (ORIGIN_CHECK_EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix))) return true
  if (ORIGIN_CHECK_EXEMPT_PATHS.has(path)) return true
  // Browsers send Origin on every cross-origin and same-origin POST; fall back to Referer.
  const source = origin && origin !== 'null' ? origin : referer
  if (!source) return false
  try {
    return new URL(source).origin === new URL(appUrl).origin
  } catch {
    return false
  }
}

/** The signed-in areas and private files: their pages, `.data` and downloads hold health or money details. */
const PRIVATE_PATH = /^\/(patient|clinician|manager|files)(\/|\.data$|$)/

/**
 * Private pages are never stored by the browser or a cache in between, so after signing out
 * the back button cannot show them again. Public pages (home, directory, profiles) are left alone.
 */
export function preventCachingOfPrivatePages(request: Request, headers: Headers) {
  if (PRIVATE_PATH.test(new URL(request.url).pathname)) headers.set('Cache-Control', 'private, no-store')
}

/** Where twilio-video connects (its README's CSP): signalling, and the SDK's own event gateway. */
export const TWILIO_VIDEO_CONNECT_SOURCES = ['wss://global.vss.twilio.com', 'wss://sdkgw.us1.twilio.com']

/**
 * The Content-Security-Policy directives (helmet's shape). `nonce` is the request's script nonce
 * source; dev adds Vite's websocket and inline styles.
 */
export function contentSecurityDirectives<Nonce>({
  isDev,
  nonce,
  upgradeInsecure,
}: {
  isDev: boolean
  nonce: Nonce
  upgradeInsecure: boolean
}) {
  return {
    'default-src': ["'self'"],
    'connect-src': ["'self'", ...TWILIO_VIDEO_CONNECT_SOURCES, ...(isDev ? ['ws:'] : [])],
    // Video sessions play MediaStreams (camera, microphone, the other person).
    'media-src': ["'self'", 'mediastream:', 'blob:'],
    'font-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'script-src': ["'strict-dynamic'", "'self'", nonce],
    'script-src-attr': [nonce],
    'style-src': ["'self'", ...(isDev ? ["'unsafe-inline'"] : [])],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'upgrade-insecure-requests': upgradeInsecure ? [] : null,
  }
}
