/**
 * App-wide state of the library, kept in the construct tree rather than in module globals: one
 * hidden construct under the app's root holds it, so it lives exactly as long as the app and two
 * apps in one process never see each other's.
 */
import { Construct, IConstruct } from 'constructs';

/** Names one kind of entry of the registry and creates it on first use. */
export class RegistryKey<T> {
  public constructor(public readonly description: string, public readonly create: () => T) {}
}

/** The id of the registry under the app root; a construct id, so it never collides with a user's. */
const REGISTRY_ID = 'cce-workload-identity.AppRegistry';

/**
 * @internal The registry of one app: found (and on first write created) as a child of the root of
 * any construct in the app. It renders nothing and has no validations.
 */
export class AppRegistry extends Construct {
  /** The registry of `scope`'s app, created when the app has none yet. */
  public static of(scope: IConstruct): AppRegistry {
    return AppRegistry.find(scope) ?? new AppRegistry(scope.node.root, REGISTRY_ID);
  }

  /** The registry of `scope`'s app, if one was created (lookups never add a construct). */
  public static find(scope: IConstruct): AppRegistry | undefined {
    const found = scope.node.root.node.tryFindChild(REGISTRY_ID);
    return found instanceof AppRegistry ? found : undefined;
  }

  private readonly entries = new Map<RegistryKey<unknown>, unknown>();

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
  }

  /** The entry of `key`, created on first use. */
  public get<T>(key: RegistryKey<T>): T {
    if (!this.entries.has(key)) this.entries.set(key, key.create());
    return this.entries.get(key) as T;
  }

  /** The entry of `key` if it was created, without creating it. */
  public peek<T>(key: RegistryKey<T>): T | undefined {
    return this.entries.get(key) as T | undefined;
  }
}
