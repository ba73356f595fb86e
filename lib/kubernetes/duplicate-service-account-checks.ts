/**
 * The same ServiceAccount (`namespace/name`) rendered twice in one app would collide in the
 * cluster: every `WorkloadServiceAccount` is registered when created, and each one after the
 * first of its name reports it.
 */
import { IConstruct } from 'constructs';
import { IssueCollector, IssueSide } from '../core/issues/issues';
import { AppRegistry, RegistryKey } from '../constructs/app-registry';

/** Every WorkloadServiceAccount of the app by `namespace/name`, in creation order. */
const CREATED = new RegistryKey('WorkloadServiceAccounts by namespace/name', () => new Map<string, IConstruct[]>());

/** Records that `serviceAccount` renders the ServiceAccount `key` (`namespace/name`). */
export function registerServiceAccount(serviceAccount: IConstruct, key: string): void {
  const byName = AppRegistry.of(serviceAccount).get(CREATED);
  byName.set(key, [...(byName.get(key) ?? []), serviceAccount]);
}

/** Reports into `out` when another ServiceAccount construct of the app, created earlier, renders `key` too. */
export function checkDuplicateServiceAccount(serviceAccount: IConstruct, key: string, out: IssueCollector): void {
  const twins = AppRegistry.find(serviceAccount)?.peek(CREATED)?.get(key) ?? [];
  if (twins.length > 1 && twins[0] !== serviceAccount) {
    out.error({
      code: 'DUPLICATE_SERVICE_ACCOUNT', path: serviceAccount.node.path, value: key,
      rule: `is also created at ${twins[0].node.path}; a ServiceAccount exists once per namespace`,
      fix: 'create one WorkloadServiceAccount per binding and bind every workload to it', side: IssueSide.KUBERNETES,
    });
  }
}
