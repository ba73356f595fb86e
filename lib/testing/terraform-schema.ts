/**
 * Checks a synthesized Terraform JSON document (`cdk.tf.json`) against provider schemas in the
 * format of `terraform providers schema -json`, the way `terraform validate` would reject it:
 * unknown arguments and block types, missing required arguments, wrong value types, too few or too
 * many blocks, wrong block nesting, and computed-only attributes set by the user — for resources,
 * data sources and provider blocks. Offline and pure: no provider binary is needed.
 *
 * `${...}` interpolation strings are accepted wherever a value goes (their type is known only at
 * plan time). Terraform's implicit primitive conversions (`"5"` for a number, `true` for a string)
 * are reported unless `allowImplicitConversions` is set: a generator should emit exact types.
 */
import { readFileSync } from 'node:fs';
import { isJsonObject } from '../contract/json';

/** A cty type as written in provider schemas: `"string"`, `["list","string"]`, `["object",{...}]`, … */
export type CtyType = string | readonly [string, ...unknown[]];

/** An attribute of a schema block. */
export interface SchemaAttribute {
  /** The attribute's cty type (absent when `nested_type` is used). */
  readonly type?: CtyType;
  /** Protocol-6 nested attribute type. */
  readonly nested_type?: {
    readonly attributes: Record<string, SchemaAttribute>;
    readonly nesting_mode: string;
    readonly min_items?: number;
    readonly max_items?: number;
  };
  /** Must be set. */
  readonly required?: boolean;
  /** May be set. */
  readonly optional?: boolean;
  /** Set by the provider (computed-only when neither required nor optional). */
  readonly computed?: boolean;
  /** Sensitive value. */
  readonly sensitive?: boolean;
}

/** A nested block type. */
export interface SchemaBlockType {
  /** `single`, `group`, `list`, `set` or `map`. */
  readonly nesting_mode: string;
  /** The nested block's schema. */
  readonly block: SchemaBlock;
  /** Fewest blocks allowed. */
  readonly min_items?: number;
  /** Most blocks allowed (0 = unlimited). */
  readonly max_items?: number;
}

/** A schema block. */
export interface SchemaBlock {
  /** Arguments. */
  readonly attributes?: Record<string, SchemaAttribute>;
  /** Nested block types. */
  readonly block_types?: Record<string, SchemaBlockType>;
}

/** The schemas of one provider, as in `terraform providers schema -json`. */
export interface ProviderSchema {
  /** The provider block. */
  readonly provider?: { readonly block: SchemaBlock };
  /** Resource types. */
  readonly resource_schemas?: Record<string, { readonly block: SchemaBlock }>;
  /** Data source types. */
  readonly data_source_schemas?: Record<string, { readonly block: SchemaBlock }>;
}

/** The output of `terraform providers schema -json`. */
export interface ProviderSchemasDocument {
  /** `1.0`. */
  readonly format_version?: string;
  /** Provider source address (`registry.terraform.io/huaweicloud/huaweicloud`) → schemas. */
  readonly provider_schemas: Record<string, ProviderSchema>;
}

/** The class of a schema violation. */
export type TerraformSchemaIssueKind =
  | 'unknown-argument'
  | 'unknown-block-type'
  | 'missing-required'
  | 'wrong-type'
  | 'too-few-blocks'
  | 'too-many-blocks'
  | 'wrong-nesting'
  | 'computed-only'
  | 'unknown-resource-type'
  | 'unknown-data-source'
  | 'unknown-provider'
  | 'malformed';

/** One violation. */
export interface TerraformSchemaIssue {
  /** Its class. */
  readonly kind: TerraformSchemaIssueKind;
  /** Where, e.g. `resource.huaweicloud_identity_provider.x.access_config[0].client_id`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/** Options of `validateTerraformJson`. */
export interface TerraformSchemaOptions {
  /**
   * Accept Terraform's implicit primitive conversions (number/bool literals for strings, numeric
   * or `"true"`/`"false"` strings for numbers/bools).
   * @default false
   */
  readonly allowImplicitConversions?: boolean;
  /**
   * Skip resources, data sources and provider blocks of providers the schema document does not
   * describe (instead of reporting them as `unknown-provider`).
   * @default false
   */
  readonly ignoreUnknownProviders?: boolean;
}

/** Meta-arguments Terraform accepts on every resource (JSON syntax), besides cdktf's `//` comments. */
const RESOURCE_META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
/** Meta-arguments of data sources. */
const DATA_META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle']);
/** Meta-arguments of provider blocks. */
const PROVIDER_META = new Set(['//', 'alias', 'version']);

const INTERPOLATION = /^\$\{[\s\S]*\}$/;

/** Reads a `terraform providers schema -json` file. */
export function loadProviderSchemas(path: string): ProviderSchemasDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as ProviderSchemasDocument;
}

/**
 * Validates a Terraform JSON document against provider schemas and returns every violation
 * (empty when it conforms).
 */
export function validateTerraformJson(doc: unknown, schemas: ProviderSchemasDocument, options: TerraformSchemaOptions = {}): TerraformSchemaIssue[] {
  const checker = new Checker(schemas, options);
  checker.document(doc);
  return checker.issues;
}

/** Throws an error listing every violation, if any. */
export function assertTerraformConformsToSchema(doc: unknown, schemas: ProviderSchemasDocument, options: TerraformSchemaOptions = {}): void {
  const issues = validateTerraformJson(doc, schemas, options);
  if (issues.length > 0) {
    throw new Error(`Terraform JSON does not conform to the provider schema (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n  - `
      + `${issues.map(formatTerraformSchemaIssue).join('\n  - ')}`);
  }
}

/** One line per issue: `<path>: <message> [<kind>]`. */
export function formatTerraformSchemaIssue(issue: TerraformSchemaIssue): string {
  return `${issue.path}: ${issue.message} [${issue.kind}]`;
}

/** Whether a value is a Terraform interpolation (`${...}`), whose type is known only at plan. */
export function isInterpolation(value: unknown): boolean {
  return typeof value === 'string' && INTERPOLATION.test(value);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

function typeName(t: CtyType): string {
  return typeof t === 'string' ? t : JSON.stringify(t);
}

class Checker {
  public readonly issues: TerraformSchemaIssue[] = [];
  /** Local provider name (last segment of the source address) → schema. */
  private readonly byLocalName = new Map<string, ProviderSchema>();

  public constructor(schemas: ProviderSchemasDocument, private readonly options: TerraformSchemaOptions) {
    for (const [address, schema] of Object.entries(schemas.provider_schemas ?? {})) {
      this.byLocalName.set(address.split('/').pop() as string, schema);
    }
  }

  public document(doc: unknown): void {
    if (!isJsonObject(doc)) {
      this.add('malformed', '', `the document must be a JSON object, got ${describe(doc)}`);
      return;
    }
    this.providers(doc.provider);
    this.typed(doc.resource, 'resource', 'resource_schemas', RESOURCE_META, 'unknown-resource-type');
    this.typed(doc.data, 'data', 'data_source_schemas', DATA_META, 'unknown-data-source');
  }

  private add(kind: TerraformSchemaIssueKind, path: string, message: string): void {
    this.issues.push({ kind, path, message });
  }

  private providers(section: unknown): void {
    if (section === undefined) return;
    if (!isJsonObject(section)) {
      this.add('malformed', 'provider', `must be an object, got ${describe(section)}`);
      return;
    }
    for (const [name, configs] of Object.entries(section)) {
      const schema = this.byLocalName.get(name);
      if (!schema?.provider) {
        if (!this.options.ignoreUnknownProviders) this.add('unknown-provider', `provider.${name}`, `no schema for provider "${name}"`);
        continue;
      }
      const list = Array.isArray(configs) ? configs : [configs];
      list.forEach((config, i) => this.block(config, schema.provider!.block, `provider.${name}[${i}]`, PROVIDER_META));
    }
  }

  private typed(
    section: unknown,
    label: string,
    key: 'resource_schemas' | 'data_source_schemas',
    meta: ReadonlySet<string>,
    unknownKind: TerraformSchemaIssueKind,
  ): void {
    if (section === undefined) return;
    if (!isJsonObject(section)) {
      this.add('malformed', label, `must be an object, got ${describe(section)}`);
      return;
    }
    for (const [type, instances] of Object.entries(section)) {
      const provider = this.providerFor(type);
      if (!provider) {
        if (!this.options.ignoreUnknownProviders) this.add('unknown-provider', `${label}.${type}`, `no provider schema for type "${type}"`);
        continue;
      }
      const schema = provider[key]?.[type];
      if (!schema) {
        this.add(unknownKind, `${label}.${type}`, `the provider has no ${label === 'data' ? 'data source' : 'resource type'} "${type}"`);
        continue;
      }
      if (!isJsonObject(instances)) {
        this.add('malformed', `${label}.${type}`, `must be an object of named instances, got ${describe(instances)}`);
        continue;
      }
      for (const [name, body] of Object.entries(instances)) {
        this.block(body, schema.block, `${label}.${type}.${name}`, meta);
      }
    }
  }

  /** The provider whose local name is the longest prefix `<name>_` of the type. */
  private providerFor(type: string): ProviderSchema | undefined {
    let best: string | undefined;
    for (const name of this.byLocalName.keys()) {
      if ((type === name || type.startsWith(`${name}_`)) && (best === undefined || name.length > best.length)) best = name;
    }
    return best === undefined ? undefined : this.byLocalName.get(best);
  }

  private block(body: unknown, schema: SchemaBlock, path: string, meta: ReadonlySet<string> = new Set()): void {
    if (!isJsonObject(body)) {
      this.add('wrong-nesting', path, `must be a block (JSON object), got ${describe(body)}`);
      return;
    }
    const attributes = schema.attributes ?? {};
    const blockTypes = schema.block_types ?? {};
    for (const [key, value] of Object.entries(body)) {
      if (meta.has(key)) continue;
      if (key === 'dynamic' && isJsonObject(value)) {
        for (const name of Object.keys(value)) {
          if (!(name in blockTypes)) this.add(
            'unknown-block-type',
            `${path}.dynamic.${name}`,
            `dynamic block "${name}" names no block type (known: ${Object.keys(blockTypes).join(', ') || 'none'})`,
          );
        }
        continue;
      }
      const attribute = attributes[key];
      const blockType = blockTypes[key];
      if (attribute) {
        this.attribute(key, value, attribute, `${path}.${key}`);
      } else if (blockType) {
        this.nested(value, blockType, `${path}.${key}`);
      } else {
        const known = [...Object.keys(attributes), ...Object.keys(blockTypes)].sort();
        this.add('unknown-argument', `${path}.${key}`, `unsupported argument "${key}" (known: ${known.join(', ') || 'none'})`);
      }
    }
    for (const [key, attribute] of Object.entries(attributes)) {
      if (attribute.required && (body[key] === undefined || body[key] === null)) {
        this.add('missing-required', `${path}.${key}`, `the argument "${key}" is required`);
      }
    }
    for (const [key, blockType] of Object.entries(blockTypes)) {
      const dynamic = isJsonObject(body.dynamic) && key in body.dynamic;
      if ((body[key] === undefined || body[key] === null) && !dynamic && (blockType.min_items ?? 0) > 0) {
        this.add(
          'too-few-blocks',
          `${path}.${key}`,
          `at least ${blockType.min_items} "${key}" block${blockType.min_items === 1 ? ' is' : 's are'} required`,
        );
      }
    }
  }

  private attribute(key: string, value: unknown, attribute: SchemaAttribute, path: string): void {
    if (attribute.computed && !attribute.optional && !attribute.required) {
      this.add('computed-only', path, `"${key}" is computed by the provider and cannot be set`);
      return;
    }
    if (value === null) return;
    if (attribute.nested_type) {
      const nt = attribute.nested_type;
      this.nested(value, {
        nesting_mode: nt.nesting_mode,
        min_items: nt.min_items,
        max_items: nt.max_items,
        block: { attributes: nt.attributes },
      }, path);
      return;
    }
    if (attribute.type !== undefined) this.value(value, attribute.type, path);
  }

  private nested(value: unknown, blockType: SchemaBlockType, path: string): void {
    if (value === null || isInterpolation(value)) return;
    const mode = blockType.nesting_mode;
    let items: Array<[string, unknown]>;
    if (mode === 'single' || mode === 'group') {
      if (Array.isArray(value)) {
        if (value.length > 1) this.add('too-many-blocks', path, `at most 1 block allowed (nesting mode ${mode}), got ${value.length}`);
        items = value.map((v, i) => [`${path}[${i}]`, v]);
      } else {
        items = [[path, value]];
      }
    } else if (mode === 'list' || mode === 'set') {
      items = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v]) : [[`${path}[0]`, value]];
      const min = blockType.min_items ?? 0;
      const max = blockType.max_items ?? 0;
      if (items.length < min) this.add('too-few-blocks', path, `at least ${min} block${min === 1 ? '' : 's'} required, got ${items.length}`);
      if (max > 0 && items.length > max) this.add(
        'too-many-blocks',
        path,
        `at most ${max} block${max === 1 ? '' : 's'} allowed, got ${items.length}`,
      );
    } else if (mode === 'map') {
      if (!isJsonObject(value)) {
        this.add('wrong-nesting', path, `a map of blocks must be a JSON object of labelled blocks, got ${describe(value)}`);
        return;
      }
      items = Object.entries(value).map(([label, v]) => [`${path}.${label}`, v]);
    } else {
      this.add('malformed', path, `unknown nesting mode "${mode}" in the schema`);
      return;
    }
    for (const [itemPath, item] of items) {
      if (isInterpolation(item)) continue;
      this.block(item, blockType.block, itemPath);
    }
  }

  private value(value: unknown, type: CtyType, path: string): void {
    if (value === null || isInterpolation(value)) return;
    const wrong = (): void => this.add('wrong-type', path, `must be ${typeName(type)}, got ${describe(value)}`);
    const convert = this.options.allowImplicitConversions === true;
    if (typeof type === 'string') {
      switch (type) {
        case 'dynamic':
          return;
        case 'string':
          if (typeof value === 'string' || (convert && (typeof value === 'number' || typeof value === 'boolean'))) return;
          return wrong();
        case 'number':
          if (typeof value === 'number' && Number.isFinite(value)) return;
          if (convert && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return;
          return wrong();
        case 'bool':
          if (typeof value === 'boolean') return;
          if (convert && (value === 'true' || value === 'false')) return;
          return wrong();
        default:
          this.add('malformed', path, `unknown primitive type "${type}" in the schema`);
          return;
      }
    }
    const [kind, inner] = type;
    switch (kind) {
      case 'list':
      case 'set':
        if (!Array.isArray(value)) return wrong();
        value.forEach((v, i) => this.value(v, inner as CtyType, `${path}[${i}]`));
        return;
      case 'tuple': {
        const types = inner as CtyType[];
        if (!Array.isArray(value) || value.length !== types.length) return wrong();
        value.forEach((v, i) => this.value(v, types[i], `${path}[${i}]`));
        return;
      }
      case 'map':
        if (!isJsonObject(value)) return wrong();
        for (const [k, v] of Object.entries(value)) this.value(v, inner as CtyType, `${path}.${k}`);
        return;
      case 'object': {
        if (!isJsonObject(value)) return wrong();
        const fields = inner as Record<string, CtyType>;
        const optional = new Set((type[2] as string[] | undefined) ?? []);
        for (const [k, v] of Object.entries(value)) {
          if (!(k in fields)) {
            this.add('unknown-argument', `${path}.${k}`, `the object type has no attribute "${k}" (known: ${Object.keys(fields).join(', ')})`);
          } else {
            this.value(v, fields[k], `${path}.${k}`);
          }
        }
        for (const k of Object.keys(fields)) {
          if (!(k in value) && !optional.has(k)) this.add(
            'missing-required',
            `${path}.${k}`,
            `the object attribute "${k}" is required (set it to null to leave it empty)`,
          );
        }
        return;
      }
      default:
        this.add('malformed', path, `unknown type ${typeName(type)} in the schema`);
    }
  }
}
