/**
 * Generates the typed Huawei Cloud provider bindings (cdktf) from the committed provider-schema
 * subset, offline. Usage: `npm run gen:provider [-- --schema <schema.json>] [-- --out <dir>]`.
 *
 * With network access, regenerate from the full real schema:
 *   terraform init (with a required_providers block for huaweicloud/huaweicloud) and
 *   terraform providers schema -json > full.json
 *   npm run gen:provider -- --schema full.json
 */
import { mkdtempSync, readFileSync, rmSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Provider source and the version constraint written to `required_providers`. */
export const PROVIDER_SOURCE = 'huaweicloud/huaweicloud';
export const PROVIDER_VERSION_CONSTRAINT = '~> 1.97';
export const DEFAULT_SCHEMA = join(__dirname, '..', 'lib', 'terraform', 'provider-schema', 'huaweicloud.json');
export const DEFAULT_OUT = join(__dirname, '..', 'lib', 'terraform', 'generated');

/** Generates the bindings for `schemaPath` into `outDir/huaweicloud` (replacing it). */
export async function generateBindings(schemaPath: string = DEFAULT_SCHEMA, outDir: string = DEFAULT_OUT): Promise<string> {
  process.env.CHECKPOINT_DISABLE = '1';
  // The generator asks a local terraform (if any) for its version; keep it from warning about a
  // CLI configuration file that does not exist.
  const cliConfig = process.env.TF_CLI_CONFIG_FILE;
  if (!cliConfig || !existsSync(cliConfig)) process.env.TF_CLI_CONFIG_FILE = '/dev/null';
  // Loaded only now: @cdktf/commons runs `terraform version` when imported, with the env above.
  const { CodeMaker, TerraformProviderGenerator } = await import('@cdktf/provider-generator');
  const { ConstructsMakerProviderTarget, LANGUAGES, TerraformProviderConstraint } = await import('@cdktf/commons');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const target = new ConstructsMakerProviderTarget(
    new TerraformProviderConstraint(`${PROVIDER_SOURCE}@${PROVIDER_VERSION_CONSTRAINT}`),
    LANGUAGES[0],
  );
  generator.generate(target);
  const work = mkdtempSync(join(tmpdir(), 'gen-provider-'));
  try {
    await code.save(work);
    const generated = join(work, 'providers', 'huaweicloud');
    if (!existsSync(generated)) throw new Error(`generator wrote nothing under ${generated}`);
    const dest = join(outDir, 'huaweicloud');
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

if (require.main === module) {
  const schema = resolve(arg('schema') ?? DEFAULT_SCHEMA);
  const out = resolve(arg('out') ?? DEFAULT_OUT);
  generateBindings(schema, out).then(
    (dest) => console.log(`generated ${PROVIDER_SOURCE} (${PROVIDER_VERSION_CONSTRAINT}) bindings from ${schema} into ${dest}`),
    (e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exit(1); },
  );
}
