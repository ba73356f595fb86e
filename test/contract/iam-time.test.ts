/**
 * IAM's timestamp format is written by the emulator and read by the runtime: one definition
 * (lib/contract/iam-time.ts), and what one side writes the other reads back exactly.
 */
import fc from 'fast-check';
import { formatIamTime, parseIamTime } from '../../lib/contract/iam-time';

test('formatIamTime writes IAM\'s microsecond UTC format', () => {
  expect(formatIamTime(Date.UTC(2023, 5, 28, 8, 56, 33, 710))).toBe('2023-06-28T08:56:33.710000Z');
});

test('parseIamTime reads back every time formatIamTime writes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), (ms) => {
      const text = formatIamTime(ms);
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(parseIamTime(text)).toBe(ms);
    }),
  );
});
