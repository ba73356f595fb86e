/**
 * accessOf / diffAccess given Terraform JSON as text: parsed by the model's bounded parser (nesting
 * depth scanned first, a syntax error located, the text never echoed).
 */
import { accessOf, diffAccess } from '../../lib/iam-model/access';
import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';

const SECRET = 'Qm9vdHN0cmFwS2V5MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O';

function failure(run: () => unknown): EmulatorConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorConfigError);
    return error as EmulatorConfigError;
  }
  throw new Error('expected an EmulatorConfigError');
}

test('deeply nested text is refused before JSON.parse, naming the limit', () => {
  const deep = `{"resource": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  for (const run of [() => accessOf(deep), () => diffAccess(deep, '{}'), () => diffAccess([{}], [deep])]) {
    const error = failure(run);
    expect(error.code).toBe('ERR_EMULATOR_TERRAFORM_UNREADABLE');
    expect(error.message).toMatch(/^the Terraform JSON text given nests JSON deeper than \d+ levels \(at position \d+\)/);
  }
});

test('invalid text is located, never echoed', () => {
  const error = failure(() => accessOf(`{\n  "provider": {"huaweicloud": [{"secret_key": "${SECRET}" }]\n}x`));
  expect(error.code).toBe('ERR_EMULATOR_TERRAFORM_UNREADABLE');
  expect(error.message).toMatch(/^the Terraform JSON text given is not valid JSON at line 3, column 2 \(position \d+\)$/);
  expect(error.message).not.toContain(SECRET.slice(0, 8));
});
