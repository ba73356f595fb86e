/**
 * The one way the offline IAM model reads Terraform JSON: a bounded, non-blocking file read, a
 * nesting-depth scan BEFORE `JSON.parse` (which itself overflows the stack on deep nesting), and
 * the three forms brought to one shape — the `cdk.tf.json` form (`resource.<type>.<name>`,
 * `data.<type>.<name>`) the rest of the reader understands:
 *
 * - `cdk.tf.json` (cdktf / cdktn synth output): as is;
 * - `terraform show -json` (state or plan): `values.root_module` (or `planned_values.root_module`)
 *   `.resources[]` `{mode, type, name, index?, values}` and `child_modules[]` recursively;
 * - a state file (`terraform.tfstate`, version 4): `resources[]` `{module?, mode, type, name,
 *   instances[] {index_key?, attributes}}`.
 *
 * In the last two, values are resolved (ids instead of `${…}` references) and unset attributes are
 * `null` or `""`: those members are dropped, so "unset" reads alike in every form. Instances of a
 * module or of `count`/`for_each` are keyed `<name>`, `<name>[0]`, `module.m.<name>["k"]`.
 *
 * Limits (issue 21): {@link TERRAFORM_LIMITS}. Each breach throws the model's coded error naming the
 * file, the limit and a fix. Files are read through the one safe reader of the package
 * (lib/io/safe-read.ts), as the runtime and the command read theirs.
 */
import { statSync } from 'node:fs';
import { readRegularFileSync, UnsafeFileError } from '../../io/safe-read';
import { EmulatorConfigError, EmulatorConfigErrorCode } from '../iam-errors';
import { isJsonObject } from '../../contract/json';

/** The reader's bounds. */
export const TERRAFORM_LIMITS = {
  /** Bytes of one input file (a synthesized stack with thousands of grants is a few MiB). */
  maxFileBytes: 64 * 1024 * 1024,
  /** Nesting depth of `[`/`{` in a file or an embedded JSON string (cdk.tf.json needs about 10). */
  maxDepth: 64,
  /** Blocks of the types the model reads, per file (IAM's own quotas are far lower). */
  maxBlocks: 100_000,
} as const;

/** A parsed input and where it came from (a path, or `<object #n>`). */
export interface RawDocument {
  readonly doc: unknown;
  readonly source: string;
}

/** Reads one file: regular files only (a FIFO or device is refused without blocking), size-capped, depth-checked. */
export function readTerraformFile(path: string): RawDocument {
  let text: string;
  try {
    text = readRegularFileSync(path, { maxBytes: TERRAFORM_LIMITS.maxFileBytes });
  } catch (error) {
    if (error instanceof UnsafeFileError && error.code === 'ERR_FILE_TOO_LARGE') throw tooLarge(path, sizeOf(path));
    if (error instanceof UnsafeFileError) throw unreadable(`Terraform file ${error.message}`);
    throw unreadable(`cannot read ${path}: ${(error as Error).message}`);
  }
  return { doc: parseBoundedJson(text, path, EmulatorConfigErrorCode.TerraformUnreadable), source: path };
}

/**
 * `JSON.parse` after a linear scan of the nesting depth (brackets inside strings ignored), so deep
 * input gets a coded error naming `where` instead of "Maximum call stack size exceeded". Error
 * messages never quote the input (a provider block may hold a secret key): only a position.
 */
export function parseBoundedJson(text: string, where: string, code: EmulatorConfigErrorCode): unknown {
  const depth = nestingDepth(text, TERRAFORM_LIMITS.maxDepth);
  if (depth !== undefined) {
    throw new EmulatorConfigError(code, `${where} nests JSON deeper than ${TERRAFORM_LIMITS.maxDepth} levels (at position ${depth}); Terraform `
      + 'JSON needs about 10: re-synthesize the file, or check that it is the file you meant');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EmulatorConfigError(code, `${where} is not valid JSON${jsonErrorLocation(error, text)}`);
  }
}

/**
 * The position where `[`/`{` nesting first exceeds `max`, or undefined. Linear; strings (with escapes)
 * skipped with `indexOf` (most of a Terraform file is string content, e.g. embedded policy JSON): a
 * quote ends the string when an even number of backslashes precedes it, and those runs of backslashes
 * are disjoint, so each character is looked at a bounded number of times.
 */
export function nestingDepth(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escaped(text, end, i)) end = text.indexOf('"', end + 1);
      if (end === -1) return undefined; // unterminated: JSON.parse reports it
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return undefined;
}

/** Whether the quote at `at` is escaped: an odd number of backslashes before it (after the opening quote at `start`). */
function escaped(text: string, at: number, start: number): boolean {
  let backslashes = 0;
  for (let j = at - 1; j > start && text.charCodeAt(j) === 0x5c; j -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}

/** ` at line L, column C (position P)` when `JSON.parse`'s message names a position; only numbers are taken from it. */
function jsonErrorLocation(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const match = /\bat position (\d{1,12})\b/.exec(message.slice(0, 2000));
  if (match) {
    const position = Number(match[1]);
    if (!Number.isSafeInteger(position) || position > text.length) return '';
    const before = text.slice(0, position);
    let line = 1;
    for (let i = 0; i < before.length; i += 1) if (before.charCodeAt(i) === 0x0a) line += 1;
    const column = position - (before.lastIndexOf('\n') + 1) + 1;
    return ` at line ${line}, column ${column} (position ${position})`;
  }
  return message === 'Unexpected end of JSON input' ? ' (unexpected end of input)' : '';
}

type JsonObject = Record<string, unknown>;

/** Which form a parsed document is in. */
export type TerraformForm = 'cdk.tf.json' | 'terraform show -json' | 'tfstate';

/** The form of a parsed Terraform JSON document. Pure. */
export function terraformForm(doc: JsonObject): TerraformForm {
  if (isJsonObject(doc.values) || isJsonObject(doc.planned_values)) return 'terraform show -json';
  if (Array.isArray(doc.resources) && (doc.version !== undefined || doc.terraform_version !== undefined)) return 'tfstate';
  return 'cdk.tf.json';
}

/**
 * Brings `terraform show -json` and tfstate documents to the `cdk.tf.json` shape; a `cdk.tf.json`
 * is returned as is. Iterative over modules (no recursion). Pure.
 */
export function toSynthShape(doc: JsonObject, source: string): JsonObject {
  const form = terraformForm(doc);
  if (form === 'cdk.tf.json') return doc;
  const out: { resource: Record<string, JsonObject>; data: Record<string, JsonObject> } = { resource: {}, data: {} };
  let count = 0;
  const add = (mode: unknown, type: unknown, name: unknown, key: string, values: unknown, at: string): void => {
    if (typeof type !== 'string' || typeof name !== 'string') throw invalid(`${source}: ${at} must have a string "type" and "name"`);
    if (!isJsonObject(values)) return; // e.g. a planned resource whose values are unknown
    count += 1;
    if (count > TERRAFORM_LIMITS.maxBlocks) throw tooMany(source);
    const section = mode === 'data' ? out.data : out.resource;
    (section[type] ??= {})[key] = dropUnset(values);
  };
  if (form === 'tfstate') {
    (doc.resources as unknown[]).forEach((r, i) => {
      if (!isJsonObject(r) || !Array.isArray(r.instances)) throw invalid(`${source}: resources[${i}] must be an object with "instances"`);
      const prefix = typeof r.module === 'string' && r.module !== '' ? `${r.module}.` : '';
      r.instances.forEach((instance: unknown, j) => {
        if (!isJsonObject(instance)) throw invalid(`${source}: resources[${i}].instances[${j}] must be an object`);
        add(r.mode, r.type, r.name, `${prefix}${String(r.name)}${indexSuffix(instance.index_key)}`, instance.attributes, `resources[${i}]`);
      });
    });
    return out;
  }
  const values = isJsonObject(doc.values) ? doc.values : doc.planned_values as JsonObject;
  const modules: unknown[] = [values.root_module];
  while (modules.length > 0) {
    const module = modules.pop();
    if (module === undefined || module === null) continue;
    if (!isJsonObject(module)) throw invalid(`${source}: a module of values.root_module must be an object`);
    const prefix = typeof module.address === 'string' && module.address !== '' ? `${module.address}.` : '';
    const resources = module.resources ?? [];
    if (!Array.isArray(resources)) throw invalid(`${source}: ${prefix || 'root_module.'}resources must be a list`);
    resources.forEach((r: unknown, i) => {
      if (!isJsonObject(r)) throw invalid(`${source}: ${prefix}resources[${i}] must be an object`);
      add(r.mode, r.type, r.name, `${prefix}${String(r.name)}${indexSuffix(r.index)}`, r.values, `${prefix}resources[${i}]`);
    });
    const children = module.child_modules ?? [];
    if (!Array.isArray(children)) throw invalid(`${source}: ${prefix}child_modules must be a list`);
    for (const child of children) modules.push(child);
  }
  return out;
}

function indexSuffix(index: unknown): string {
  if (typeof index === 'number') return `[${index}]`;
  if (typeof index === 'string') return `[${JSON.stringify(index)}]`;
  return '';
}

/** A copy without members that are `null` or `""` (how state writes "unset"), at every level. Depth is bounded by the scan. */
function dropUnset(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUnset);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== '') out[k] = dropUnset(v);
  return out;
}

/** Counts the blocks of `types` in a cdk.tf.json-shaped document, throwing past {@link TERRAFORM_LIMITS}.maxBlocks. */
export function checkBlockCount(doc: JsonObject, types: readonly string[], source: string): void {
  let count = 0;
  for (const kind of ['resource', 'data'] as const) {
    const section = doc[kind];
    if (!isJsonObject(section)) continue;
    for (const type of types) {
      const blocks = section[type];
      if (isJsonObject(blocks)) count += Object.keys(blocks).length;
    }
  }
  if (count > TERRAFORM_LIMITS.maxBlocks) throw tooMany(source);
}

function tooMany(source: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, `${source} declares more than ${TERRAFORM_LIMITS.maxBlocks} identity `
    + 'blocks (providers, groups, roles, assignments, agencies, associations); split the stack, or read one stack at a time');
}

function tooLarge(path: string, size: string): EmulatorConfigError {
  return unreadable(`${path} is ${size}, over the ${TERRAFORM_LIMITS.maxFileBytes} bytes the reader accepts; pass one synthesized stack `
    + '(cdktf.out/stacks/<stack>/cdk.tf.json), not a concatenation or an archive');
}

/** `<n> bytes` for a message (a stat never blocks), or `larger` when the file went away meanwhile. */
function sizeOf(path: string): string {
  try {
    return `${statSync(path).size} bytes`;
  } catch {
    return 'larger';
  }
}

function unreadable(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformUnreadable, message);
}

function invalid(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, message);
}
