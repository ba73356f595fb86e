/**
 * SOURCES.md lists the facts the library relies on, each with its source, and what is
 * unverified; the README and the guides state the checked facts, not the guesses they once did.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('SOURCES.md', () => {
  const text = read('SOURCES.md');

  test('has a confirmed list and an Unverified section, each entry a line with a source', () => {
    const [confirmed, unverified] = text.split('## Unverified');
    expect(unverified).toBeDefined();
    const facts = confirmed.split('## Confirmed')[1].split('\n').filter((l) => l.startsWith('- '));
    expect(facts.length).toBeGreaterThan(20);
    for (const fact of facts) expect(fact).toMatch(/ — \S/);
    for (const item of ['service.cce.pods', 'KMS:*:*:KeyId', 'SMN', 'SWR', 'v3 agencies', 'securitytokens']) expect(unverified).toContain(item);
  });

  test('every file of this repository it names exists', () => {
    const paths = [...text.matchAll(/`(lib\/[^`\s]+\.ts)`|\((lib\/[^)\s]+)\)/g)].map((m) => m[1] ?? m[2]);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) expect([path, existsSync(join(ROOT, path))]).toEqual([path, true]);
  });
});

/** The README and the guides it links to (docs/guides/), where the facts now stand. */
const GUIDES = readdirSync(join(ROOT, 'docs', 'guides')).filter((f) => f.endsWith('.md')).map((f) => join('docs', 'guides', f));

describe('the README and the guides state the checked facts', () => {
  const readme = ['README.md', ...GUIDES].map(read).join('\n');

  test('SDK pod identity providers, and the Node SDK federating without X-Idp-Id', () => {
    expect(readme).toContain('PodIdentityCredentialProvider.get_basic()');
    expect(readme).toContain('provider.BasicCredentialPodIdentityProvider()');
    expect(readme).toContain('PodIdentityCredentialProvider.basic()');
    expect(readme).not.toMatch(/Python \(`PodIdentityAccessor`\)/);
    expect(readme).not.toContain('(sent as `X-Idp-Id`) | every SDK');
    expect(readme).toMatch(/the Node SDK puts it in the URL path/);
  });

  test('the acceptance test of the association creates no agency; the pod token audience is unverified', () => {
    expect(readme).not.toContain("what the provider's\n  acceptance test associates");
    expect(readme).toContain('creates no agency');
    expect(readme).not.toContain('CCE mounts its own token (audience `service.cce.pods`)');
  });

  test('group names: no dotted examples outside the migration note, the 128 limit', () => {
    expect(readme).not.toMatch(/IAM allows 64 characters/);
    const dotted = readme.split('\n').filter((l) => l.includes('workload_identity.default.oidc-token') && !l.includes('dotted names'));
    expect(dotted).toEqual([]);
  });
});
