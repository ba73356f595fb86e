/**
 * A small OpenAPI v2 document written for the checker's own tests: the Deployment path down to the
 * projected token, in the shape kube-apiserver's `/openapi/v2` uses (`x-kubernetes-group-version-kind`,
 * `$ref`s, int32/int64 formats, `int-or-string`, enums). It is test data for the Ajv-based validator,
 * not a stand-in for the Kubernetes schema: conformance of real output is checked with
 * kubernetes-models and, when supplied, the cluster's own document.
 */
import type { OpenApiV2Document } from '../../lib/testing/kubernetes-schema';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const str = { type: 'string' };
const int32 = { type: 'integer', format: 'int32' };
const int64 = { type: 'integer', format: 'int64' };
const bool = { type: 'boolean' };
const stringMap = { type: 'object', additionalProperties: str };

export const MINIMAL_OPENAPI: OpenApiV2Document = {
  info: { title: 'test', version: 'test' },
  definitions: {
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
      type: 'object',
      properties: { name: str, namespace: str, labels: stringMap, annotations: stringMap },
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { type: 'object', properties: { matchLabels: stringMap } },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
    'io.k8s.api.core.v1.ResourceRequirements': {
      type: 'object',
      properties: {
        limits: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
        requests: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
      },
    },
    'io.k8s.api.core.v1.VolumeMount': { type: 'object', required: ['name', 'mountPath'], properties: { name: str, mountPath: str, readOnly: bool } },
    'io.k8s.api.core.v1.Container': {
      type: 'object',
      required: ['name'],
      properties: {
        name: str,
        image: str,
        imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
        resources: ref('io.k8s.api.core.v1.ResourceRequirements'),
        volumeMounts: { type: 'array', items: ref('io.k8s.api.core.v1.VolumeMount') },
      },
    },
    'io.k8s.api.core.v1.ServiceAccountTokenProjection': {
      type: 'object',
      required: ['path'],
      properties: { audience: str, expirationSeconds: int64, path: str },
    },
    'io.k8s.api.core.v1.VolumeProjection': {
      type: 'object',
      properties: { serviceAccountToken: ref('io.k8s.api.core.v1.ServiceAccountTokenProjection') },
    },
    'io.k8s.api.core.v1.ProjectedVolumeSource': {
      type: 'object',
      properties: { defaultMode: int32, sources: { type: 'array', items: ref('io.k8s.api.core.v1.VolumeProjection') } },
    },
    'io.k8s.api.core.v1.Volume': {
      type: 'object',
      required: ['name'],
      properties: { name: str, projected: ref('io.k8s.api.core.v1.ProjectedVolumeSource') },
    },
    'io.k8s.api.core.v1.PodSpec': {
      type: 'object',
      required: ['containers'],
      properties: {
        serviceAccountName: str,
        automountServiceAccountToken: bool,
        containers: { type: 'array', items: ref('io.k8s.api.core.v1.Container') },
        volumes: { type: 'array', items: ref('io.k8s.api.core.v1.Volume') },
      },
    },
    'io.k8s.api.core.v1.PodTemplateSpec': {
      type: 'object',
      properties: { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: ref('io.k8s.api.core.v1.PodSpec') },
    },
    'io.k8s.api.apps.v1.RollingUpdateDeployment': {
      type: 'object',
      properties: {
        maxSurge: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
        maxUnavailable: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
      },
    },
    'io.k8s.api.apps.v1.DeploymentStrategy': {
      type: 'object',
      properties: { type: { type: 'string', enum: ['Recreate', 'RollingUpdate'] }, rollingUpdate: ref('io.k8s.api.apps.v1.RollingUpdateDeployment') },
    },
    'io.k8s.api.apps.v1.DeploymentSpec': {
      type: 'object',
      required: ['selector', 'template'],
      properties: {
        replicas: int32,
        selector: ref('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'),
        strategy: ref('io.k8s.api.apps.v1.DeploymentStrategy'),
        template: ref('io.k8s.api.core.v1.PodTemplateSpec'),
      },
    },
    'io.k8s.api.apps.v1.Deployment': {
      type: 'object',
      properties: {
        apiVersion: str,
        kind: str,
        metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
        spec: ref('io.k8s.api.apps.v1.DeploymentSpec'),
      },
      'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
    },
  },
};
