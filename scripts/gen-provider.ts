/**
 * Generates the typed Huawei Cloud provider bindings from the committed provider-schema subset,
 * offline, for BOTH Terraform toolchains the library supports (one schema, two generators):
 *
 *   cdktf 0.21   (@cdktf/provider-generator)  -> lib/terraform/generated/huaweicloud
 *   cdktn 0.24+  (@cdktn/provider-generator)  -> lib/terraform/generated-cdktn/huaweicloud
 *
 * The two generators share their API (CDK Terrain is the community continuation of cdktf); their
 * output differs in the toolchain import (`cdktf` / `cdktn`) and in small details of the emitted
 * code, so each tree is written by its own generator rather than by renaming imports.
 *
 * Usage: `npm run gen:provider [-- --schema <schema.json>] [-- --toolchain cdktf|cdktn]`.
 *
 * With network access, regenerate from the full real schema:
 *   terraform init (with a required_providers block for huaweicloud/huaweicloud) and
 *   terraform providers schema -json > full.json
 *   npm run gen:provider -- --schema full.json
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, cpSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Provider source and the version constraint written to `required_providers`. */
export const PROVIDER_SOURCE = 'huaweicloud/huaweicloud';
export const PROVIDER_VERSION_CONSTRAINT = '~> 1.97';
export const DEFAULT_SCHEMA = join(__dirname, '..', 'lib', 'terraform', 'provider-schema', 'huaweicloud.json');

/** The Terraform CDK toolchains bindings are generated for. */
export type Toolchain = 'cdktf' | 'cdktn';
export const TOOLCHAINS: readonly Toolchain[] = ['cdktf', 'cdktn'];

/** Where each toolchain's committed bindings live (the `huaweicloud` folder is written under it). */
export const DEFAULT_OUTS: Readonly<Record<Toolchain, string>> = {
  cdktf: join(__dirname, '..', 'lib', 'terraform', 'generated'),
  cdktn: join(__dirname, '..', 'lib', 'terraform', 'generated-cdktn'),
};
/** The cdktf output folder (kept under its former name). */
export const DEFAULT_OUT = DEFAULT_OUTS.cdktf;

/** The generator API both `@cdktf/provider-generator` and `@cdktn/provider-generator` expose. */
interface GeneratorModules {
  readonly CodeMaker: new () => { save(dir: string): Promise<void> };
  readonly TerraformProviderGenerator: new (code: never, schema: never) => { generate(target: never): void };
  readonly ConstructsMakerProviderTarget: new (constraint: never, language: never) => unknown;
  readonly LANGUAGES: readonly unknown[];
  readonly TerraformProviderConstraint: new (spec: string) => unknown;
}

/**
 * The generated code imports its toolchain as `import * as cdktf from 'cdktf'`; the committed
 * bindings import it from the library's one toolchain module instead (lib/terraform/cdktf-peer,
 * cdktn-peer), which stands in for a toolchain that is not installed, so that the root entry loads
 * in a Kubernetes-only app (lib/peer-stub.ts). Same name, same declarations (the peer module
 * re-exports the toolchain's namespace), so nothing else in the generated code changes.
 */
export function importToolchainThroughPeer(source: string, toolchain: Toolchain): string {
  const generated = `import * as ${toolchain} from '${toolchain}';`;
  return source.split('\n').map((line) => (line === generated ? `import { ${toolchain} } from '../../../${toolchain}-peer';` : line)).join('\n');
}

/** Rewrites every `<resource>/index.ts` under `dir` (the generated `huaweicloud` folder) with `importToolchainThroughPeer`. */
function routeToolchainImports(dir: string, toolchain: Toolchain): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name, 'index.ts');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const source = readFileSync(file, 'utf8');
    const routed = importToolchainThroughPeer(source, toolchain);
    if (routed === source) throw new Error(`${file}: the generator no longer writes "import * as ${toolchain} from '${toolchain}';"`);
    writeFileSync(file, routed);
  }
}

/** Loaded only when called: the commons packages run `terraform version` when imported. */
async function generatorFor(toolchain: Toolchain): Promise<GeneratorModules> {
  if (toolchain === 'cdktf') {
    const generator = await import('@cdktf/provider-generator');
    const commons = await import('@cdktf/commons');
    return { ...generator, ...commons } as unknown as GeneratorModules;
  }
  const generator = await import('@cdktn/provider-generator');
  const commons = await import('@cdktn/commons');
  return { ...generator, ...commons } as unknown as GeneratorModules;
}

/** Generates `toolchain`'s bindings for `schemaPath` into `outDir/huaweicloud` (replacing it). */
export async function generateBindings(schemaPath: string = DEFAULT_SCHEMA, outDir?: string, toolchain: Toolchain = 'cdktf'): Promise<string> {
  process.env.CHECKPOINT_DISABLE = '1';
  // The generator asks a local terraform (if any) for its version; keep it from warning about a
  // CLI configuration file that does not exist.
  const cliConfig = process.env.TF_CLI_CONFIG_FILE;
  if (!cliConfig || !existsSync(cliConfig)) process.env.TF_CLI_CONFIG_FILE = '/dev/null';
  const { CodeMaker, TerraformProviderGenerator, ConstructsMakerProviderTarget, LANGUAGES, TerraformProviderConstraint } =
    await generatorFor(toolchain);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as never;
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code as never, schema);
  const target = new ConstructsMakerProviderTarget(
    new TerraformProviderConstraint(`${PROVIDER_SOURCE}@${PROVIDER_VERSION_CONSTRAINT}`) as never,
    LANGUAGES[0] as never,
  );
  generator.generate(target as never);
  const work = mkdtempSync(join(tmpdir(), 'gen-provider-'));
  try {
    await code.save(work);
    const generated = join(work, 'providers', 'huaweicloud');
    if (!existsSync(generated)) throw new Error(`generator wrote nothing under ${generated}`);
    routeToolchainImports(generated, toolchain);
    const dest = join(outDir ?? DEFAULT_OUTS[toolchain], 'huaweicloud');
    rmSync(dest, { recursive: true, force: true });
    cpSync(generated, dest, { recursive: true });
    return dest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function cli(): Promise<void> {
  const schema = resolve(arg('schema') ?? DEFAULT_SCHEMA);
  const only = arg('toolchain');
  if (only !== undefined && !(TOOLCHAINS as readonly string[]).includes(only)) throw new Error(`--toolchain must be one of ${TOOLCHAINS.join(', ')}`);
  for (const toolchain of only === undefined ? TOOLCHAINS : [only as Toolchain]) {
    const dest = await generateBindings(schema, undefined, toolchain);
    console.log(`generated ${PROVIDER_SOURCE} (${PROVIDER_VERSION_CONSTRAINT}) ${toolchain} bindings from ${schema} into ${dest}`);
  }
}

if (require.main === module) {
  cli().catch((e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
}
