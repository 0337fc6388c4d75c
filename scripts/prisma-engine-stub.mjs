#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, used only by `prisma generate`.
// The CLI downloads that engine from a host these machines cannot reach; `generate`
// needs nothing from it but a version line. Every other call fails loudly (exit 1),
// so a `migrate`/`db` command run through this stub can never pretend to succeed.
if (process.argv.includes('--version')) {
  process.stdout.write('schema-engine-cli offline-generate-stub\n')
  process.exit(0)
}
process.stderr.write(
  'Haven: this stub only supports `prisma generate`. Migrations run through `npm run db:migrate`.\n',
)
process.exit(1)
