/**
 * The `sub` claim kube-apiserver writes into a ServiceAccount token, as the verification tools
 * read and write it: `system:serviceaccount:<namespace>:<name>`. Written here, from Kubernetes'
 * definition, rather than taken from lib/core/declaration/invariants.ts: the tools check the library's output
 * and must not check it against itself.
 */

/** A namespace or name inside a subject: Kubernetes names never hold ":", "/" or whitespace. */
const PART = '[^:/\\s]+';
const SUBJECT = new RegExp(`^system:serviceaccount:(${PART}):(${PART})$`);

/** The subject of a ServiceAccount's tokens. */
export function serviceAccountSubjectOf(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The ServiceAccount a subject names, or undefined when it names none. */
export function parseServiceAccountSubject(subject: string): { readonly namespace: string; readonly name: string } | undefined {
  const match = SUBJECT.exec(subject);
  return match ? { namespace: match[1], name: match[2] } : undefined;
}

/** `<namespace>/<name>`, as users write a ServiceAccount on the command line. */
export function parseServiceAccountShort(value: string): { readonly namespace: string; readonly name: string } | undefined {
  const match = new RegExp(`^(${PART})/(${PART})$`).exec(value);
  return match ? { namespace: match[1], name: match[2] } : undefined;
}
