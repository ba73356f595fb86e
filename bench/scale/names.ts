/** Shared by the library and the hand-written scaling programs. */

/** Where a scaled program reads and writes. */
export interface ScaledOptions {
  /** The cluster's JWKS. */
  readonly jwksFile: string;
  /** Where cdk8s writes. */
  readonly kubernetesOutdir: string;
  /** Where cdktf writes. */
  readonly terraformOutdir: string;
}

/** ServiceAccount (and Deployment) name of binding `i`. */
export function scaledName(i: number): string {
  return `app-${String(i).padStart(4, '0')}`;
}

/** The project ID both scaled programs inject. */
export const SCALED_PROJECT_ID = '0123456789abcdef0123456789abcdef';
