import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findStandIns, findStringEvaluation } from './check-production-bundle.ts'

let dir: string

function buildWith(files: Record<string, string>) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bundle-check-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('findStandIns', () => {
  it('passes a build without dev pages or stand-ins, minified names included', () => {
    const build = buildWith({
      'app/server.js': 'import express from "express"; const msw = 1; export { msw }',
      'server/index.js': 'const routes = { "routes/patient._index": { path: "patient" } }',
      'client/assets/manifest-1.js': 'window.__remixManifest={"routes/login":{"path":"login"}}',
      'client/favicon.ico': 'dev/outbox',
    })
    expect(findStandIns(build)).toEqual([])
  })

  it('finds each kind of dev-only code, wherever the bundlers put it', () => {
    const build = buildWith({
      'app/standins.js': '',
      'app/server.js': 'await import("../../tests/mocks/index.ts")',
      'app/worker.js.map': '{"sources":["msw"]}',
      'server/index.js': 'const route = { id: "routes/dev+/outbox._index", path: "dev/outbox" }',
      'client/assets/manifest-1.js': '{"path":"dev/stripe/checkout/:sessionId"}',
      'client/assets/chunk.js': 'function startStandIns(){}',
      'server/assets/sms.js': 'await simulateInboundSms({ from, body: "STOP" })',
      'client/assets/video-loopback.client-Dx1.js': 'const s="/dev/video/signal";fetch(s,{method:"POST"})',
    })
    expect(findStandIns(build).sort()).toEqual([
      'app/server.js: a stand-in module',
      'app/standins.js: a stand-in bundle',
      'app/worker.js.map: msw',
      'client/assets/chunk.js: stand-in code',
      'client/assets/manifest-1.js: the Stripe stand-in pages',
      'client/assets/video-loopback.client-Dx1.js: the loopback video port',
      'server/assets/sms.js: stand-in code',
      'server/index.js: a dev page route',
      'server/index.js: the dev outbox',
    ])
  })
})

describe('findStringEvaluation', () => {
  it("finds browser code the CSP would refuse, and leaves the server's alone", () => {
    const build = buildWith({
      'client/assets/index-1.js': 'const t=new Function("url","return import(url);")',
      'client/assets/index-2.js': 'eval(code)',
      'client/assets/ok.js': 'o.eval();retrieval("x");new FunctionCall()',
      'server/index.js': 'const f = new Function("return this")',
    })
    expect(findStringEvaluation(build).sort()).toEqual([
      'client/assets/index-1.js: code evaluated from a string (the CSP refuses it)',
      'client/assets/index-2.js: code evaluated from a string (the CSP refuses it)',
    ])
  })
})
