/**
 * The stand-in loader of the production build (scripts/build-server.ts swaps it in for
 * standins-loader.server.ts). That build has no stand-ins, so asking for them stops the process
 * before it serves or runs anything: the stand-ins' published secrets would otherwise be trusted.
 */
export function loadStandIns(): never {
  console.error(
    'Haven cannot start: HAVEN_STANDINS=true, but this is a production build, which has no stand-ins ' +
      '(fake email, payments, video, Halaxy). Unset HAVEN_STANDINS, or build for tests with `npm run build:test`.',
  )
  process.exit(1)
}
