/**
 * Copies the library's hand-written JavaScript modules, each with the declaration file beside it
 * (lib/terraform/cdktf-peer.js + .d.ts, cdktn-peer, lib/kubernetes/cdk8s-peer), into the build
 * (run after `tsc -p tsconfig.build.json`; `npm run build` does). tsc neither compiles nor copies
 * them: they are the modules that load an optional peer or stand in for it (lib/peer-stub.ts),
 * which TypeScript cannot emit from a re-export. They are copied as they are; nothing emitted by
 * tsc is changed.
 *
 *   tsx scripts/copy-peer-modules.ts [--dist dist-lib]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LIB = join(__dirname, '..', 'lib');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Copies every `lib/**\/*.js` and its `.d.ts` to the same place under `dist`; returns the copied paths (relative to lib). */
export function copyPeerModules(dist: string, lib: string = LIB): string[] {
  const modules = walk(lib).filter((f) => f.endsWith('.js'));
  const missing = modules.filter((f) => !existsSync(f.replace(/\.js$/, '.d.ts')));
  if (missing.length > 0) throw new Error(`copy-peer-modules: no declaration file beside ${missing.map((f) => relative(lib, f)).join(', ')}`);
  const copied: string[] = [];
  for (const file of modules.flatMap((f) => [f, f.replace(/\.js$/, '.d.ts')])) {
    const to = join(dist, relative(lib, file));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
    copied.push(relative(lib, file).split('\\').join('/'));
  }
  return copied.sort();
}

if (require.main === module) {
  const i = process.argv.indexOf('--dist');
  const dist = resolve(i >= 0 ? process.argv[i + 1]! : join(LIB, '..', 'dist-lib'));
  console.log(`copy-peer-modules: ${copyPeerModules(dist).join(', ')}`);
}
