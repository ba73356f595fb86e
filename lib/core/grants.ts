/**
 * Ready-made grants for common workload needs, each a custom policy plus the scope IAM documents
 * for its service. Action names come from each service's "Permissions and Supported Actions"
 * (policy-based authorization) reference; URN formats from IAM "Policy Syntax" and the services'
 * resource pages. Where a fact could not be confirmed it says UNVERIFIED.
 */
import { boundedName } from './bounded-name';
import { kmsKeyIdRule, MAX_POLICY_NAME_LENGTH, obsBucketNameRule, smnTopicNameRule } from './iam-policy-rules';
import { GrantScope } from './grant-scope';
import { textOf } from './rules';
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
   * temporary `docker login` credential, exactly as SWR's "Allowing image pull" example (SWR user
   * guide "SWR Custom Policies", swr_01_0103). Every repository: SWR's role/policy-based
   * authorization documents no resource URN (repository-level rights are SWR's own "User
   * Permissions"). SWR is project-level.
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
   * Decrypting with one KMS key (DEW): `kms:cmk:crypto` (the action of "Decrypting data"
   * decrypt-data) and `kms:dek:crypto` ("Decrypting a DEK", decrypt-datakey), on URN
   * `KMS:*:*:KeyId:<key id>` (KMS API reference, "Permissions Policies and Supported Actions",
   * kms_02_0309). The role/policy-based model has no decrypt-only action: the same actions also
   * allow encrypting with that key. The URN format comes from the Terraform provider
   * documentation of custom roles, not from Huawei's KMS pages: UNVERIFIED. DEW is project-level.
   * @param keyId the key ID (not its alias)
   * @param scope where it applies. @default GrantScope.workloadProject()
   */
  public static kmsDecrypt(keyId: string, scope?: GrantScope): Grant {
    const role = IamRole._preset({
      name: Grants.policyName('cce-wi-kms-decrypt-', keyId),
      type: PolicyScopeType.PROJECT,
      description: 'Decrypt with one KMS key (managed by cce-workload-identity)',
      document: PolicyDocument.of(PolicyStatement.allow(['kms:cmk:crypto', 'kms:dek:crypto'], [`KMS:*:*:KeyId:${textOf(keyId)}`])),
    }, [{
      field: 'keyId',
      value: keyId,
      rule: kmsKeyIdRule,
      code: 'INVALID_KMS_KEY_ID',
      fix: 'copy the key ID from the DEW console (Key Management Service > key details)',
    }]);
    return { role, scope: scope ?? GrantScope.workloadProject() };
  }

  /**
   * Publishing to one SMN topic: `smn:topic:publish` (SMN API reference, "Permissions Policies
   * and Supported Actions", message publishing), on URN `SMN:*:*:topic:<topic name>`. That URN
   * follows IAM's generic `<service>:<region>:<account>:<type>:<path>` form; SMN's own pages do not
   * show it for role/policy-based authorization: UNVERIFIED (if IAM rejects it, grant
   * `smn:topic:publish` without resources). SMN is project-level.
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
