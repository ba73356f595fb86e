/**
 * `cce-workload-identity/testing` must load where ES modules cannot be required (a consumer's
 * ts-jest without a transform): jose 6 is ES modules only, so only lib/iam-model/jose.ts may touch it,
 * by a type import and a require on first use. And the shipped code needs no package outside its
 * peers: no yaml (cdk8s serializes the manifests synthWorkloadIdentity returns).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PEERS } from '../../lib/peer-dependencies';
import { PEERS_BY_TOOLCHAIN } from '../../lib/peer-messages';

const LIB = join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function importsOf(source: string, pkg: string): string[] {
  const quoted = `['"]${pkg}(?:/[^'"]*)?['"]`;
  return [
    ...source.matchAll(new RegExp(`^\\s*(?:import|export)\\b[^;]*?from\\s+${quoted}`, 'gm')),
    ...source.matchAll(new RegExp(`\\b(?:require|import)\\s*\\(\\s*${quoted}\\s*\\)`, 'g')),
  ].map((m) => m[0].trim());
}

test('only lib/iam-model/jose.ts refers to jose: a type import and one require on first use', () => {
  const found: Record<string, string[]> = {};
  for (const file of sources(LIB)) {
    const hits = importsOf(readFileSync(file, 'utf8'), 'jose');
    if (hits.length > 0) found[relative(LIB, file)] = hits;
  }
  expect(found).toEqual({ 'iam-model/jose.ts': ["import type * as Jose from 'jose'", "require('jose')"] });
});

test('no shipped file imports yaml', () => {
  expect(sources(LIB).filter((file) => importsOf(readFileSync(file, 'utf8'), 'yaml').length > 0).map((f) => relative(LIB, f))).toEqual([]);
});

test('the peers each flavour\'s entries check for are package.json\'s, with its ranges', () => {
  const pkg = JSON.parse(readFileSync(join(LIB, '..', 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  expect(PEERS).toBe(PEERS_BY_TOOLCHAIN.cdktf);
  expect(Object.keys(PEERS_BY_TOOLCHAIN.cdktf).sort()).toEqual(['cdk8s', 'cdktf', 'constructs']);
  expect(Object.keys(PEERS_BY_TOOLCHAIN.cdktn).sort()).toEqual(['cdk8s', 'cdktn', 'constructs']);
  for (const peers of Object.values(PEERS_BY_TOOLCHAIN)) {
    for (const [name, range] of Object.entries(peers)) expect([name, range]).toEqual([name, pkg.peerDependencies[name]]);
  }
});

test('a Terraform toolchain is imported only by the peer modules (cdktf-peer, cdktn-peer), '
  + 'the generated bindings and the peer modules only by each flavour\'s huaweicloud.ts', () => {
  const toolchain: Record<string, number> = {};
  const bindings: string[] = [];
  const peers: string[] = [];
  for (const file of sources(LIB).filter((f) => !/[/\\]generated(-cdktn)?[/\\]/.test(f))) {
    const text = readFileSync(file, 'utf8');
    const hits = importsOf(text, 'cdktf').length + importsOf(text, 'cdktn').length;
    if (hits > 0) toolchain[relative(LIB, file)] = hits;
    if (/from '(\.\.?\/)+(terraform\/)?generated(-cdktn)?\//.test(text)) bindings.push(relative(LIB, file));
    if (/from '(\.\.?\/)+(terraform\/)?(cdktf|cdktn)-peer'/.test(text)) peers.push(relative(LIB, file));
  }
  expect(toolchain).toEqual({
    'terraform/cdktf-peer.js': 1, 'terraform/cdktf-peer.d.ts': 3, 'terraform/cdktn-peer.js': 1, 'terraform/cdktn-peer.d.ts': 3,
  });
  expect(bindings.sort()).toEqual(['cdktn/terraform/huaweicloud.ts', 'terraform/huaweicloud.ts']);
  expect(peers.sort()).toEqual(['cdktn/terraform/huaweicloud.ts', 'terraform/huaweicloud.ts']);
});

test('the generated bindings import their toolchain through the peer module, which tolerates its absence', () => {
  for (const toolchain of ['cdktf', 'cdktn'] as const) {
    const dir = join(LIB, 'terraform', toolchain === 'cdktf' ? 'generated' : 'generated-cdktn');
    const files = sources(dir).filter((f) => f.endsWith('index.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file: relative(LIB, file), direct: importsOf(text, toolchain) }).toEqual({ file: relative(LIB, file), direct: [] });
    }
    expect(readFileSync(join(dir, 'huaweicloud', 'provider', 'index.ts'), 'utf8'))
      .toContain(`import { ${toolchain} } from '../../../${toolchain}-peer';`);
  }
});

test('cdk8s is imported only by lib/kubernetes/cdk8s-peer (the rest of lib imports it from there)', () => {
  const found: Record<string, number> = {};
  for (const file of sources(LIB)) {
    const hits = importsOf(readFileSync(file, 'utf8'), 'cdk8s').length;
    if (hits > 0) found[relative(LIB, file)] = hits;
  }
  expect(found).toEqual({ 'kubernetes/cdk8s-peer.js': 1, 'kubernetes/cdk8s-peer.d.ts': 2 });
});
