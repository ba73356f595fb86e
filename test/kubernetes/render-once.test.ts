/**
 * One synthesis pass (`WorkloadIdentitySynthesis.synthesizeApps`) renders each bound workload once
 * for its validation, cdk8s's own validation and the write (and bind() does not render a cdk8s-plus
 * workload: it reads its containers from its API); outside a pass, and in the next pass,
 * every rendering is fresh, so a change made between two synthesis calls is never lost.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { SynthesisSide, WorkloadIdentitySynthesis, WorkloadServiceAccount } from '../../lib';
import { declaration } from './support';

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'render-once-'));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

/** A bound Deployment whose own rendering is counted. */
async function countedWorkload(): Promise<{ app: App; deployment: kplus.Deployment; renders: () => number }> {
  const identity = await declaration();
  const app = new App({ outdir });
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  const sa = new WorkloadServiceAccount(chart, 'sa', { binding: identity.bindings[0] });
  const deployment = new kplus.Deployment(chart, 'd', { containers: [{ name: 'app', image: 'registry.example/app:1' }] });
  const object = ApiObject.of(deployment);
  const own = object.toJson.bind(object);
  let count = 0;
  object.toJson = () => {
    count += 1;
    return own();
  };
  sa.bind(deployment);
  return { app, deployment, renders: () => count };
}

const written = (file: string): string => readFileSync(join(outdir, file), 'utf8');

test('synthesizeApps renders a bound workload once (bind() reads a cdk8s-plus workload\'s containers from its API)', async () => {
  const { app, renders } = await countedWorkload();
  expect(renders()).toBe(0);
  WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app, write: SynthesisSide.KUBERNETES });
  expect(renders()).toBe(1);
  expect(written('c.k8s.yaml')).toContain('serviceAccountName: reader');
});

test('outside a pass every toJson() renders afresh, and a second pass sees what changed after the first', async () => {
  const { app, deployment, renders } = await countedWorkload();
  WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app, write: SynthesisSide.KUBERNETES });
  const before = renders();
  ApiObject.of(deployment).toJson();
  ApiObject.of(deployment).toJson();
  expect(renders()).toBe(before + 2);

  deployment.containers[0].env.addVariable('LATER', kplus.EnvValue.fromValue('seen'));
  WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app, write: SynthesisSide.KUBERNETES });
  expect(renders()).toBe(before + 3);
  expect(written('c.k8s.yaml')).toContain('name: LATER');
  // The manifest handed out is never the kept rendering itself: changing it changes no later output.
  const first = ApiObject.of(deployment).toJson() as { metadata: { name: string } };
  first.metadata.name = 'mutated';
  expect((ApiObject.of(deployment).toJson() as { metadata: { name: string } }).metadata.name).not.toBe('mutated');
});

test('a failed validation leaves no kept rendering behind', async () => {
  const { app, deployment, renders } = await countedWorkload();
  deployment.containers[0].env.addVariable('HUAWEICLOUD_SDK_PROJECT_ID', kplus.EnvValue.fromValue('other'));
  expect(() => WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app, write: SynthesisSide.KUBERNETES })).toThrow(/ENV_CONFLICT|must be/);
  const after = renders();
  expect(() => ApiObject.of(deployment).toJson()).toThrow();
  expect(renders()).toBe(after + 1);
});

test('one synthesis pass binds each workload once: one rendering, one patch, however often cdk8s validates', async () => {
  const patcher = await import('../../lib/kubernetes/pod-template-patcher');
  const { app, renders } = await countedWorkload();
  // A second chart: cdk8s's app.synth() validates the whole app once more for each chart it writes.
  const other = new Chart(app, 'other', { namespace: 'apps' });
  new kplus.Deployment(other, 'plain', { containers: [{ name: 'app', image: 'registry.example/app:1' }] });
  const patches = jest.spyOn(patcher, 'patchPodTemplate');
  try {
    const before = renders();
    WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app, write: SynthesisSide.KUBERNETES });
    expect(renders() - before).toBe(1);
    expect(patches).toHaveBeenCalledTimes(1);
    expect(written('c.k8s.yaml')).toContain('serviceAccountName: reader');
  } finally {
    patches.mockRestore();
  }
});
