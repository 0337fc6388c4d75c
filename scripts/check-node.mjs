// Fails fast when an npm script runs on a Node other than the pinned major.
// The `node` devDependency puts Node 24 first on PATH for every npm script, so
// seeing another major means the tool was run outside npm (e.g. plain `npx`).
const expected = 24
const major = Number(process.versions.node.split('.')[0])
if (major !== expected) {
  console.error(
    `Haven needs Node ${expected}; this is Node ${process.versions.node}.\n` +
      'Run tools through npm scripts (npm run …), which use the pinned Node from node_modules/.bin.',
  )
  process.exit(1)
}
