/**
 * `cce-workload-identity/testing` must load where ES modules cannot be required (a consumer's
 * ts-jest without a transform): jose 6 is ES modules only, so only lib/iam-model/jose.ts may touch it,
 * by a type import and a require on first use. And the shipped code needs no package outside its
 * peers: no yaml (cdk8s serializes the manifests synthWorkloadIdentity returns).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PEERS, PEERS_BY_TOOLCHAIN } from '../../lib/peer-dependencies';

const LIB = join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
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

test('only lib/terraform/huaweicloud.ts and its cdktn twin import a Terraform toolchain or the generated bindings', () => {
  const found: Record<string, number> = {};
  for (const file of sources(LIB).filter((f) => !/[/\\]generated(-cdktn)?[/\\]/.test(f))) {
    const text = readFileSync(file, 'utf8');
    const hits = importsOf(text, 'cdktf').length + importsOf(text, 'cdktn').length + (/from '\.\/generated/.test(text) ? 1 : 0);
    if (hits > 0) found[relative(LIB, file)] = hits;
  }
  expect(found).toEqual({ 'terraform/huaweicloud.ts': expect.any(Number), 'terraform/huaweicloud-cdktn.ts': expect.any(Number) });
});
