/**
 * lib/contract's one excerpt helper: redacts a word-aligned window first, then cuts, with either
 * redaction policy.
 */
import { EXCERPT_WINDOW, excerpt } from '../../lib/contract/excerpt';
import { REDACTED } from '../../lib/contract/secrets';
import { truncate } from '../../lib/iam-model/reader/values';

/** 48 characters mixing cases and digits: key material for both policies. */
const OPAQUE = 'Qm9vdHN0cmFwS2V5MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O';

describe('excerpt', () => {
  test.each([
    ['live secrets (redactTokens)', [] as string[], REDACTED],
    ['user text (redactSecrets)', 'user-text' as const, '[redacted]'],
  ])('%s: a token that starts just before the cut is redacted whole, never shown in part', (_label, secrets, marker) => {
    for (let words = 30; words < 40; words += 1) {
      const lead = 'word '.repeat(words);
      const shown = excerpt(`${lead}${OPAQUE} tail`, secrets, 200);
      expect(shown).not.toContain(OPAQUE.slice(0, 12));
      expect(shown.length).toBeLessThanOrEqual(201);
      expect(shown.startsWith(`${lead}${marker}`.slice(0, 200))).toBe(true);
    }
  });

  test('single line, whitespace runs collapsed, cut at max with …', () => {
    expect(excerpt('a\n\t b   c')).toBe('a b c');
    expect(excerpt(`${'x'.repeat(10)} ${'y '.repeat(300)}`, [], 20)).toBe(`${'x'.repeat(10)} ${'y '.repeat(5)}`.slice(0, 20) + '…');
  });

  test('live secrets are removed with the token policy, URL credentials with both', () => {
    expect(excerpt('rejected sk-Live/Secret+Key19 here', ['sk-Live/Secret+Key19'])).toBe(`rejected ${REDACTED} here`);
    expect(excerpt('see https://u:pw1234@host.test/x', [])).toBe(`see https://${REDACTED}@host.test/x`);
    expect(excerpt('see https://u:pw1234@host.test/x', 'user-text')).toBe('see https://[redacted]@host.test/x');
  });

  test('only a word-aligned window is looked at; a word cut by the window is shown as a marker', () => {
    const text = `${'word '.repeat((EXCERPT_WINDOW - 10) / 5)}${OPAQUE.toLowerCase()} more`;
    expect(excerpt(text, 'user-text', 100_000).endsWith('word [redacted]…')).toBe(true);
    expect(excerpt('x'.repeat(EXCERPT_WINDOW * 4), 'user-text')).toBe('[redacted]…');
    expect(excerpt(`${'wor '.repeat(EXCERPT_WINDOW / 4)}${'tail '.repeat(10)}`, [], 100_000).endsWith('wor …')).toBe(true);
  });

  test("the IAM model reader's expression excerpt is this helper (redacted, then cut at 77)", () => {
    expect(truncate(`\${format("%s", "${OPAQUE}")}`)).toBe('${format("%s", "[redacted]")}');
    expect(truncate(`\${${'a'.repeat(100)}}`)).toBe(`\${${'a'.repeat(75)}…`);
  });
});
