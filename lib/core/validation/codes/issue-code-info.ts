/** What the registry says about one issue code (the source of docs/error-codes.md). */
export interface IssueCodeInfo {
  /** `error` stops synthesis; `warning` is reported and synthesis goes on. */
  readonly severity: 'error' | 'warning';
  /** The app that reports it: the IAM side (`terraform`), the ServiceAccounts and pods (`kubernetes`), or `both`. */
  readonly side: 'terraform' | 'kubernetes' | 'both';
  /** What it means, in one or two sentences (the message itself names the field, the value and the rule). */
  readonly summary: string;
  /** The usual fix (the message gives one fitted to the case). */
  readonly fix: string;
}
