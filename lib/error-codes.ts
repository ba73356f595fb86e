/**
 * The package's own error codes outside the runtime and the command: the errors synthesis,
 * validation, a missing optional peer and the safe file reader throw. Keyed by the codes' own types
 * (type-only imports: loading this table loads none of those modules), so the compiler holds it
 * complete. docs/error-codes.md and docs/troubleshooting.md are generated from it (`npm run docs:codes`).
 * @internal
 */
import type { WorkloadIdentityValidationError } from './core/issues/issues';
import type { JOSE_UNAVAILABLE } from './iam-model/jose';
import type { UnsafeFileErrorCode } from './io/safe-read';
import type { PEER_MISSING_CODE } from './peer-stub';
import type { SynthesisValidationError } from './synthesis-run';

/** Every code of this table. */
export type PackageErrorCode = typeof SynthesisValidationError.code | typeof WorkloadIdentityValidationError.code
  | typeof JOSE_UNAVAILABLE | typeof PEER_MISSING_CODE | UnsafeFileErrorCode;

/** What the table says about one code. */
export interface PackageErrorCodeInfo {
  /** The error's class (its `name`). */
  readonly errorClass: string;
  readonly summary: string;
  readonly fix: string;
}

/** Every package error code. */
export const PACKAGE_ERROR_CODES = {
  ERR_WORKLOAD_IDENTITY_INVALID: {
    errorClass: 'WorkloadIdentityValidationError',
    summary: 'A declaration has at least one error issue; the message lists every one (field, rule, fix), and nothing was written.',
    fix: 'Fix each issue it lists; `error.issues` holds them with their codes (docs/error-codes.md says what each means).',
  },
  ERR_WORKLOAD_IDENTITY_SYNTH_INVALID: {
    errorClass: 'SynthesisValidationError',
    summary: '`synthesizeApps` found validation errors in the apps; each message is prefixed with its construct path, and nothing was written.',
    fix: 'Fix each error it lists (`error.errors`); the issue code in each says what it means.',
  },
  ERR_WORKLOAD_IDENTITY_PEER_MISSING: {
    errorClass: 'PeerDependencyMissingError',
    summary: 'A construct or function of an optional peer dependency (cdktf, cdktn, cdk8s, cdk8s-plus) was used, but the peer is not installed.',
    fix: 'Install the peer the message names, with the command it gives; a Kubernetes-only app needs no Terraform toolchain and the reverse.',
  },
  ERR_WORKLOAD_IDENTITY_JOSE_UNAVAILABLE: {
    errorClass: 'JoseUnavailableError',
    summary: 'The emulator, `explain --token` or mintServiceAccountToken needs the optional peer jose, which is not installed or cannot be required.',
    fix: 'Install jose (the message gives the command); under jest before Node.js 24.9, add the transform the message shows.',
  },
  ERR_FILE_NOT_REGULAR: {
    errorClass: 'UnsafeFileError',
    summary: 'A file the library was told to read is a FIFO, device, socket or directory; only regular files are read.',
    fix: 'Pass the path of a regular file.',
  },
  ERR_FILE_TOO_LARGE: {
    errorClass: 'UnsafeFileError',
    summary: 'A file is larger than the library reads from that kind of file.',
    fix: 'Check that the path names the intended file.',
  },
  ERR_FILE_READ_TIMEOUT: {
    errorClass: 'UnsafeFileError',
    summary: 'A file could not be read in time (a stuck file system); the read was abandoned.',
    fix: 'Check the volume the file lives on.',
  },
} as const satisfies Record<PackageErrorCode, PackageErrorCodeInfo>;
