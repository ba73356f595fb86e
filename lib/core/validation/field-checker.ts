/**
 * The one field checker of the declaration's validation: a field's value against its rule, an
 * error naming the field, the rule and a fix when it breaks it. Every check of a declared field
 * (the declaration, its bindings and groups, grant scopes, roles and policy statements, the
 * fleet's clusters, the Kubernetes side's bind options) goes through it, so a field is reported
 * the same way wherever it is.
 */
import { IssueCollector, IssueSide } from '../issues/issues';
import { checkExactString, checkText, RuleCheck, visibleTextRule } from './rules';
import type { IssueCode } from './issue-codes';

/** What every issue of a checker carries. */
export interface FieldCheckerOptions {
  /** The side the fields affect, unless a check names another. */
  readonly side: IssueSide;
  /** The binding the fields belong to, when they belong to one. */
  readonly bindingIndex?: number;
}

/** Options of one exact-string check. */
export interface ExactOptions {
  /** The side this field affects. @default the checker's */
  readonly side?: IssueSide;
  /** Spaces inside the value pass the exact-string guard (IAM user and group names). @default false */
  readonly innerSpaces?: boolean;
}

/** Checks the fields under one path prefix and reports what breaks into an {@link IssueCollector}. */
export class FieldChecker {
  public constructor(private readonly out: IssueCollector, private readonly base: string, private readonly options: FieldCheckerOptions) {}

  /** The path of a field: `<base>.<field>`, or the base itself for `''`. */
  public path(field: string): string {
    return field === '' ? this.base : field.startsWith('[') ? `${this.base}${field}` : `${this.base}.${field}`;
  }

  /**
   * A string written as given (to Terraform, the pod environment, the manifests): its type, the
   * exact-string guard and the field's rule (`checkExactString`). Returns the broken rule, if any.
   */
  public exact(field: string, value: unknown, rule: RuleCheck, code: IssueCode, fix: string, options: ExactOptions = {}): string | undefined {
    const broken = checkExactString(value, rule, options.innerSpaces === true);
    if (broken) this.error(field, value, broken, code, fix, options.side);
    return broken;
  }

  /**
   * Free text (a description): its type, no control or invisible formatting characters (spaces
   * allowed) and the field's rule (`checkText`). Returns the broken rule, if any.
   */
  public text(field: string, value: unknown, rule: RuleCheck, code: IssueCode, fix: string, side?: IssueSide): string | undefined {
    const broken = checkText(value, rule);
    if (broken) this.error(field, value, broken, code, fix, side);
    return broken;
  }

  /**
   * A string checked by its rule and the shared guard against control and invisible characters
   * (`visibleTextRule`, the field's rule first in the message when both fail); any other type is
   * "must be a string". Returns the broken rule, if any.
   */
  public string(field: string, value: unknown, rule: RuleCheck, code: IssueCode, fix: string, side?: IssueSide): string | undefined {
    const own = typeof value === 'string' ? rule(value) : 'must be a string';
    const invisible = typeof value === 'string' ? visibleTextRule(value) : undefined;
    const broken = own !== undefined && invisible !== undefined ? `${own}; it ${invisible}` : own ?? invisible;
    if (broken) this.error(field, value, broken, code, fix, side);
    return broken;
  }

  private error(field: string, value: unknown, rule: string, code: IssueCode, fix: string, side: IssueSide = this.options.side): void {
    const at = this.options.bindingIndex === undefined ? {} : { bindingIndex: this.options.bindingIndex };
    this.out.error({ code, path: this.path(field), value, rule, fix, side, ...at });
  }
}
