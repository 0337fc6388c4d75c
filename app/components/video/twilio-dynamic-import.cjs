/* global module */
// Stands in for twilio-video's lib/util/dynamicimport.js in Haven's bundle (vite.config.ts).
// Theirs builds `new Function('url', 'return import(url)')` as soon as the SDK loads, which
// Haven's Content Security Policy (no 'unsafe-eval') refuses, so the whole SDK failed to load.
// It only ever loads Krisp noise cancellation, which Haven does not use.
module.exports = function dynamicImport(module) {
  return Promise.reject(new Error(`Failed to import: ${module}: not available in this app`))
}
