/**
 * Stops a loader or action with an HTTP answer when a condition fails: the page's
 * ErrorBoundary shows it inside the area's frame. `invariantResponse(appointment, 'No such
 * appointment', 404)` replaces a hand-made `if (!x) throw new Response(...)`.
 */
export function invariantResponse(
  condition: unknown,
  message: string,
  status: 400 | 403 | 404 | 405 | 409 | 410 | 413 | 422 = 400,
  headers: Record<string, string> = {},
): asserts condition {
  if (!condition) {
    throw new Response(message, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
    })
  }
}
