/**
 * Ready-made grants for common workload needs, each a custom policy plus the scope IAM documents
 * for its service. Action names come from each service's "Permissions and Supported Actions"
 * (policy-based authorization) reference; URN formats from IAM "Policy Syntax" and the services'
 * resource pages. A fact that could not be confirmed names its entry of docs/unverified.md (`[unverified:<id>]`).
 */
import { boundedName } from './bounded-name';
import { kmsKeyIdRule, MAX_POLICY_NAME_LENGTH, obsBucketNameRule, smnTopicNameRule } from './iam-policy-rules';
import { GrantScope } from './grant-scope';
import { textOf } from '../validation/rules';
import { IamRole, PolicyScopeType } from './iam-role';
import { PolicyDocument, PolicyStatement } from './policy-document';

/** A role together with where it applies: one assignment. */
export interface Grant {
  /** The role or policy granted. */
  readonly role: IamRole;
  /** Where it applies. */
  readonly scope: GrantScope;
}

/**
 * OBS bucket-level read actions (OBS API reference, "Bucket-Related Actions", obs_04_0111):
 * HeadBucket, GetBucketLocation, ListBucket (list objects), ListBucketVersions.
 */
const OBS_BUCKET_READ = ['obs:bucket:HeadBucket', 'obs:bucket:GetBucketLocation', 'obs:bucket:ListBucket', 'obs:bucket:ListBucketVersions'];
/** Plus the multipart-upload listing a writer needs (obs_04_0111). */
const OBS_BUCKET_WRITE = [...OBS_BUCKET_READ, 'obs:bucket:ListBucketMultipartUploads'];
/** OBS object read actions ("Object-Related Actions", obs_04_0112): GetObject, GetObjectVersion. */
const OBS_OBJECT_READ = ['obs:object:GetObject', 'obs:object:GetObjectVersion'];
/** Plus upload, delete and multipart upload (obs_04_0112). */
const OBS_OBJECT_WRITE = [
  ...OBS_OBJECT_READ, 'obs:object:PutObject', 'obs:object:DeleteObject', 'obs:object:DeleteObjectVersion',
  'obs:object:AbortMultipartUpload', 'obs:object:ListMultipartUploadParts',
];

/**
 * Decrypt-only KMS actions of the role/policy-based model: the aliases the DEW API pages
 * "DecryptData" and "DecryptDatakey" (2025-10-16) give besides `*:crypto`, which encrypts too.
 */
const KMS_DECRYPT = ['kms:cmk:decrypt', 'kms:dek:decrypt'] as const;
/** Plus encrypting (aliases on "EncryptData" / "EncryptDatakey") and creating data keys ("CreateDatakeyWithoutPlaintext"). */
const KMS_CRYPTO = ['kms:cmk:encrypt', 'kms:cmk:decrypt', 'kms:dek:create', 'kms:dek:encrypt', 'kms:dek:decrypt'] as const;

/** The ready-made grants. */
export class Grants {
  /**
   * Read-only access to one OBS bucket and its objects: list and read objects (and their
   * versions), head the bucket, get its location. A custom policy of type AX on the bucket's
   * URN `OBS:*:*:bucket:<bucket>` and object URN `OBS:*:*:object:<bucket>/*`, assigned on the
   * domain: OBS is a global service (OBS user guide "Permissions Management"), so the
   * declaration needs `domainId`. IAM's own examples spell the service "obs" and "OBS"
   * (OBS user guide "OBS Resources"; provider docs): both are accepted.
   */
  public static obsReadOnly(bucket: string): Grant {
    return Grants.obs(bucket, 'read', 'Read-only access to one OBS bucket', OBS_BUCKET_READ, OBS_OBJECT_READ);
  }

  /** Read-write access to one OBS bucket's objects: `obsReadOnly` plus upload, delete and multipart upload. */
  public static obsReadWrite(bucket: string): Grant {
    return Grants.obs(bucket, 'readwrite', 'Read-write access to the objects of one OBS bucket', OBS_BUCKET_WRITE, OBS_OBJECT_WRITE);
  }

  /**
   * Pulling images from SWR: `swr:repo:download`, plus `swr::createLoginSecret` to get the
   * temporary `docker login` credential, exactly as SWR's "Example 1: Allowing image pull" (SWR
   * user guide "SWR Custom Policies", swr_01_0103, updated 2025-06-30). Every repository: the URN
   * form of an SWR repository in a role/policy-based (version 1.1) policy is UNKNOWN [unverified:swr-repository-urn] (the
   * `SWR:*:*:repository:<instance>/<namespace>/*` form in SWR's docs is for Enterprise Edition
   * identity policies, version 5.0), so none is written; repository-level rights are SWR's own
   * "User Permissions". SWR is project-level.
   * @param scope where it applies. @default GrantScope.workloadProject()
   */
  public static swrImagePull(scope?: GrantScope): Grant {
    const role = IamRole.custom({
      name: 'cce-wi-swr-pull',
      type: PolicyScopeType.PROJECT,
      description: 'Pull images from SWR (managed by cce-workload-identity)',
      document: PolicyDocument.of(PolicyStatement.allow(['swr:repo:download']), PolicyStatement.allow(['swr::createLoginSecret'])),
    });
    return { role, scope: scope ?? GrantScope.workloadProject() };
  }

  /**
   * Decrypting with one KMS key (DEW), and nothing else: `kms:cmk:decrypt` (decrypt-data) and
   * `kms:dek:decrypt` (decrypt-datakey), on `KMS:*:*:KeyId:<key id>`.
   *
   * Sources: the DEW API pages "DecryptData" and "DecryptDatakey" (updated 2025-10-16) list, as
   * the aliases of `kms:cmk:decryptData` and `kms:cmk:decryptDataKey`, the role/policy-based
   * actions `kms:cmk:crypto` + `kms:cmk:decrypt` and `kms:dek:crypto` + `kms:dek:decrypt`; the
   * "EncryptData" / "EncryptDatakey" pages list `kms:cmk:crypto` / `kms:dek:crypto` for encrypting
   * too, so `*:crypto` also encrypts and `*:decrypt` does not. The resource type `KeyId`, whose
   * path is the key ID, is from the DEW user guide "Creating a Custom DEW Policy" (dew_01_0161).
   * The full URN string `KMS:*:*:KeyId:<id>` follows IAM's `<service>:<region>:<account>:<type>:<path>`
   * form (iam_01_0017); Huawei's DEW pages do not print it whole: UNVERIFIED. DEW is project-level. [unverified:kms-urn]
   * @param keyId the key ID (not its alias)
   * @param scope where it applies. @default GrantScope.workloadProject()
   */
  public static kmsDecrypt(keyId: string, scope?: GrantScope): Grant {
    return Grants.kms(keyId, 'decrypt', 'Decrypt with one KMS key', KMS_DECRYPT, scope);
  }

  /**
   * Encrypting and decrypting with one KMS key (DEW): `kmsDecrypt` plus `kms:cmk:encrypt`
   * (encrypt-data), `kms:dek:encrypt` (encrypt-datakey) and `kms:dek:create` (creating a data key
   * for envelope encryption), on `KMS:*:*:KeyId:<key id>`. Sources as for `kmsDecrypt`:
   * "EncryptData" and "EncryptDatakey" list `kms:cmk:encrypt` and `kms:dek:encrypt` as aliases;
   * "CreateDatakeyWithoutPlaintext" lists `kms:dek:create`; that `kms:dek:create` also allows
   * create-datakey (with plaintext) is UNVERIFIED (its page was not read). DEW is project-level. [unverified:kms-dek-create]
   * @param keyId the key ID (not its alias)
   * @param scope where it applies. @default GrantScope.workloadProject()
   */
  public static kmsCrypto(keyId: string, scope?: GrantScope): Grant {
    return Grants.kms(keyId, 'crypto', 'Encrypt and decrypt with one KMS key', KMS_CRYPTO, scope);
  }

  /**
   * Publishing to one SMN topic: `smn:topic:publish` (SMN API reference, "Permissions Policies and
   * Supported Actions" > "Message Publishing", smn_api_80005: `POST .../topics/{topic_urn}/publish`,
   * IAM projects only), on `SMN:*:*:topic:<topic name>`. The role/policy-based table names no
   * resource type for SMN, and no Huawei page shows an SMN topic URN in a custom policy: that
   * resource string is UNKNOWN [unverified:smn-topic-urn] — it follows IAM's generic `<service>:<region>:<account>:<type>:<path>`
   * form (iam_01_0017) only; if IAM rejects it, grant `smn:topic:publish` without resources.
   * SMN is project-level.
   * @param topicName the topic's name (not its URN)
   * @param scope where it applies. @default GrantScope.workloadProject()
   */
  public static smnPublish(topicName: string, scope?: GrantScope): Grant {
    const role = IamRole._preset({
      name: Grants.policyName('cce-wi-smn-publish-', topicName),
      type: PolicyScopeType.PROJECT,
      description: 'Publish to one SMN topic (managed by cce-workload-identity)',
      document: PolicyDocument.of(PolicyStatement.allow(['smn:topic:publish'], [`SMN:*:*:topic:${textOf(topicName)}`])),
    }, [{
      field: 'topicName',
      value: topicName,
      rule: smnTopicNameRule,
      code: 'INVALID_SMN_TOPIC',
      fix: 'use the topic name shown in the SMN console, e.g. "order-events"',
    }]);
    return { role, scope: scope ?? GrantScope.workloadProject() };
  }

  private static kms(keyId: string, suffix: string, what: string, actions: readonly string[], scope?: GrantScope): Grant {
    const role = IamRole._preset({
      name: Grants.policyName(`cce-wi-kms-${suffix}-`, keyId),
      type: PolicyScopeType.PROJECT,
      description: `${what} (managed by cce-workload-identity)`,
      document: PolicyDocument.of(PolicyStatement.allow([...actions], [`KMS:*:*:KeyId:${textOf(keyId)}`])),
    }, [{
      field: 'keyId',
      value: keyId,
      rule: kmsKeyIdRule,
      code: 'INVALID_KMS_KEY_ID',
      fix: 'copy the key ID from the DEW console (Key Management Service > key details)',
    }]);
    return { role, scope: scope ?? GrantScope.workloadProject() };
  }

  private static obs(bucket: string, suffix: string, what: string, bucketActions: string[], objectActions: string[]): Grant {
    const role = IamRole._preset({
      name: Grants.policyName(`cce-wi-obs-${suffix}-`, bucket),
      type: PolicyScopeType.GLOBAL,
      description: `${what} (managed by cce-workload-identity)`,
      document: PolicyDocument.of(
        PolicyStatement.allow(bucketActions, [`OBS:*:*:bucket:${textOf(bucket)}`]),
        PolicyStatement.allow(objectActions, [`OBS:*:*:object:${textOf(bucket)}/*`]),
      ),
    }, [{
      field: 'bucket',
      value: bucket,
      rule: obsBucketNameRule,
      code: 'INVALID_OBS_BUCKET',
      fix: 'use the bucket name exactly as OBS shows it, e.g. "cce-workload-identity-demo"',
    }]);
    return { role, scope: GrantScope.domain() };
  }

  /**
   * `prefix + value`, cut to IAM's 128-character policy names with a hash of the whole when longer.
   * A parameter of the wrong type (a symbol, an object whose toString throws) is described rather
   * than converted, so the preset is built and the parameter check reports it at synth.
   */
  private static policyName(prefix: string, value: unknown): string {
    return boundedName(`${prefix}${textOf(value)}`, MAX_POLICY_NAME_LENGTH);
  }

  private constructor() {
    // static methods only
  }
}
