import { ACCEPTED_ALGORITHMS } from '../../contract/jws-algorithms';
import { IssueCollector, IssueSide, showValue } from '../issues/issues';
import { checkJwks, type JwksSource } from '../validation/jwks-checks';
import { MIN_RSA_BITS, PRIVATE_JWK_MEMBERS } from '../validation/key-checks';

/** A public JSON Web Key as published by a cluster's `/openid/v1/jwks`. */
export interface PublicJwk {
  /** Key type: `RSA` or `EC`. */
  readonly kty: string;
  /** Key ID; kube-apiserver sets it and puts it in every token header. @default none */
  readonly kid?: string;
  /** Intended use; must be `sig` when present. @default none */
  readonly use?: string;
  /** Signing algorithm. @default none (inferred from the key) */
  readonly alg?: string;
  /**
   * Further public members (`n`, `e`, `crv`, `x`, `y`, ...). TypeScript/JavaScript only (jsii has
   * no index signatures): in other languages, give such keys with `Jwks.fromJson` or `Jwks.fromFile`.
   * @jsii ignore
   */
  readonly [member: string]: unknown;
}

/** A JSON Web Key Set holding public keys only. */
export interface JsonWebKeySet {
  /** The keys. */
  readonly keys: PublicJwk[];
}

/** Signing algorithms an IAM OIDC identity provider accepts for ServiceAccount tokens (defined in lib/contract). */
export { ACCEPTED_ALGORITHMS };

/** JWK members that hold private key material, and the smallest RSA modulus accepted (defined with the key checks). */
export { MIN_RSA_BITS, PRIVATE_JWK_MEMBERS };

/** The result of reading and checking a JWKS. */
export interface JwksParseResult {
  /** The key set when it is valid, else undefined. */
  readonly value?: JsonWebKeySet;
  /** Canonical JSON (compact) of the key set, the value of the provider's `signing_key`. */
  readonly json?: string;
}

/**
 * The cluster's public signing keys, i.e. the output of `kubectl get --raw /openid/v1/jwks`.
 * Read lazily and checked at synthesis; private key material is rejected and never echoed.
 */
export class Jwks {
  /** Reads the JWKS from a file at synthesis time (path relative to the working directory). */
  public static fromFile(path: string): Jwks {
    return new Jwks({ kind: 'file', path });
  }

  /** Parses the JWKS from a JSON string. */
  public static fromJson(json: string): Jwks {
    return new Jwks({ kind: 'json', text: json });
  }

  /** Takes the JWKS as an object. */
  public static fromObject(jwks: JsonWebKeySet | Record<string, unknown>): Jwks {
    return new Jwks({ kind: 'object', value: jwks });
  }

  private cached?: { readonly result: JwksParseResult; readonly issues: IssueCollector };

  private constructor(private readonly source: JwksSource) {}

  /**
   * Human description of the source, safe to print: a file path (not shown when it looks like a
   * credential, e.g. PEM text passed as the path), or "inline JSON"/"object".
   */
  public get description(): string {
    switch (this.source.kind) {
      case 'file': return `file ${showValue(this.source.path)}`;
      case 'json': return 'inline JSON';
      case 'object': return 'object';
    }
  }

  /** The checked key set. Throws when it is invalid; use `check` to collect the problems instead. */
  public get value(): JsonWebKeySet {
    return this.loadValid().value as JsonWebKeySet;
  }

  /** The compact JSON of the key set, exactly what goes into the provider's `signing_key`. */
  public get json(): string {
    return this.loadValid().json as string;
  }

  /** The compact JSON when the key set is valid, else `undefined` (never throws). */
  public get validJson(): string | undefined {
    return this.load().result.json;
  }

  /**
   * Reports every problem of this key set into `into`, with paths under `path`.
   * @internal
   */
  public _check(into: IssueCollector, path: string, side: IssueSide = IssueSide.TERRAFORM): void {
    for (const issue of this.load().issues.issues) {
      into.forward(issue, `${path}${issue.path.slice('jwks'.length)}`, side);
    }
  }

  /** The parsed key set; throws, listing every problem, when it is invalid. */
  private loadValid(): JwksParseResult {
    const { result, issues } = this.load();
    if (!result.value) {
      throw new Error(`JWKS (${this.description}) is invalid: ${issues.issues.map((i) => `${i.path.replace(/^jwks/, '')} ${i.rule}`).join('; ')}`);
    }
    return result;
  }

  private load(): { readonly result: JwksParseResult; readonly issues: IssueCollector } {
    if (!this.cached) {
      const issues = new IssueCollector();
      const value = checkJwks(this.source, issues) as JsonWebKeySet | undefined;
      this.cached = { result: value === undefined ? {} : { value, json: JSON.stringify(value) }, issues };
    }
    return this.cached;
  }
}
