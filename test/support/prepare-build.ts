/**
 * The first step of `npm test` (`npm run test:prepare`, scripts/parallel.js): builds the package
 * ONCE for the whole run. dist-lib/ then holds the build of the current sources (the API report,
 * the docs' code blocks and jest read it) and `.tmp/pack/<hash>/` the tarball of the same build
 * (the pack tests install it: test/support/packed-tarball.ts). Before, `npm test` built three times
 * (api:check, then the pack tests' `npm pack`, whose prepack builds again), and jest could not run
 * beside the API report, whose build deletes dist-lib/ while a pack test's build writes it.
 *
 * No tarball for these sources yet: `npm pack` packs it, and its prepack writes dist-lib/. One
 * packed before: `npm run build` writes dist-lib/ (it may hold another checkout state's build).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packedTarball, packedTarballPath } from './packed-tarball';

async function main(): Promise<number> {
  const start = Date.now();
  if (packedTarballPath() === undefined) {
    const { path } = await packedTarball();
    process.stdout.write(`test:prepare: built and packed ${path} in ${Date.now() - start} ms\n`);
    return 0;
  }
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}test:prepare: npm run build exited ${build.status}\n`);
    return 1;
  }
  process.stdout.write(`test:prepare: built in ${Date.now() - start} ms; the tarball of these sources was packed before\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`test:prepare: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
