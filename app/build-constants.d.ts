// Constants Vite writes into the bundle at build time (vite.config.ts `define`; vitest.config.ts for tests).

/** True in the dev server and the test build, where the stand-ins (the loopback video port) may load. */
declare const __HAVEN_STANDIN_VIDEO__: boolean
