/**
 * The API report: one `api/<entry>.api.md` per package entry point, written by API Extractor from
 * the built declarations in `dist-lib/` (run `npm run build` first; `npm run api:check` and
 * `npm run api:update` do).
 *
 *   tsx scripts/api-report.ts           fails when the public API differs from the committed report
 *   tsx scripts/api-report.ts --update  rewrites the committed report
 *
 * A change of the public surface is therefore a visible diff of `api/`, reviewed like code.
 *
 * The same run writes the doc model (`.api.json`) of `./runtime` and `./testing` and renders it to
 * their Markdown references, `docs/api/runtime.md` and `docs/api/testing.md` (scripts/docs/api-markdown.ts):
 * stale ones fail the check; `--update` and `--update-docs` (docs only, `npm run docs:api`) rewrite them.
 * Every type a public signature refers to must itself be exported (`ae-forgotten-export` is an
 * error), so nothing public is reachable only through an unexported name.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';
import * as ts from 'typescript';
import { renderApiModelMarkdown, syncGenerated } from './docs/api-markdown';

const ROOT = join(__dirname, '..');

/** The package's entry points (package.json `exports`) and the report each gets. */
// `./cdktn` and `./cdktn/testing` (lib/cdktn/) export the same names as '.' and './testing' (`mirrors`),
// most of them the very same declarations; their reports record only the others, those declared
// again with cdktn's types (see `flavourNames`), so a change of the shared API shows once.
// `docs`: the Markdown reference rendered from the entry's doc model (the root entry's is API.md, by
// jsii-docgen in scripts/jsii-check.ts; the cdktn entries mirror '.' and './testing').
interface Entry {
  readonly entry: string; readonly types: string; readonly report: string; readonly root: string; readonly docs?: string; readonly mirrors?: string;
}
const ENTRIES: readonly Entry[] = [
  { entry: '.', types: 'dist-lib/index.d.ts', report: 'cce-workload-identity.api.md', root: 'dist-lib/index.d.ts' },
  { entry: './runtime', types: 'dist-lib/runtime/index.d.ts', report: 'runtime.api.md', root: 'dist-lib/index.d.ts', docs: 'docs/api/runtime.md' },
  { entry: './testing', types: 'dist-lib/testing/index.d.ts', report: 'testing.api.md', root: 'dist-lib/index.d.ts', docs: 'docs/api/testing.md' },
  { entry: './cdktn', types: 'dist-lib/cdktn/index.d.ts', report: 'cdktn.api.md', root: 'dist-lib/cdktn/index.d.ts', mirrors: 'dist-lib/index.d.ts' },
  {
    entry: './cdktn/testing', types: 'dist-lib/cdktn/testing/index.d.ts', report: 'cdktn-testing.api.md', root: 'dist-lib/cdktn/index.d.ts',
    mirrors: 'dist-lib/testing/index.d.ts',
  },
];

/** The names an entry's built declarations export. */
function exportedNames(types: string): Set<string> {
  const file = join(ROOT, types);
  const program = ts.createProgram([file], { skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile);
  return new Set(module === undefined ? [] : checker.getExportsOfModule(module).map((s) => s.name));
}

/**
 * The names `types` exports with a declaration of its own, where `mirrors` exports the same name
 * from another declaration (the flavour's types); every other name must be the very same
 * declaration in both. Throws when the two export different names.
 */
function flavourNames(types: string, mirrors: string): string[] {
  const files = [join(ROOT, types), join(ROOT, mirrors)];
  const program = ts.createProgram(files, { skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): Map<string, ts.Symbol> => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile);
    const symbols = module === undefined ? [] : checker.getExportsOfModule(module);
    return new Map(symbols.map((s) => [s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s]));
  };
  const [mine, theirs] = files.map(exportsOf) as [Map<string, ts.Symbol>, Map<string, ts.Symbol>];
  const differ = [...mine.keys()].filter((n) => !theirs.has(n)).concat([...theirs.keys()].filter((n) => !mine.has(n)));
  if (differ.length > 0) {
    throw new Error(`api-report: ${types} and ${mirrors} must export the same names; they differ in ${differ.sort().join(', ')}`);
  }
  return [...mine].filter(([name, symbol]) => theirs.get(name) !== symbol).map(([name]) => name).sort();
}

function main(): number {
  const update = process.argv.includes('--update');
  const docsOnly = process.argv.includes('--update-docs');
  const updateDocs = update || docsOnly;
  // ./runtime and ./testing may refer to the root entry's types (e.g. synthWorkloadIdentity takes
  // a WorkloadIdentity): those are exported, from '.', so they are not forgotten (./cdktn/testing:
  // from './cdktn').
  const rootNames = new Map(ENTRIES.map(({ root }) => [root, exportedNames(root)]));
  const tempFolder = join(ROOT, '.tmp', 'api');
  mkdirSync(tempFolder, { recursive: true });
  let failed = 0;
  for (const { entry, types, report, root, docs, mirrors } of ENTRIES) {
    const docModel = join(tempFolder, 'model', report.replace(/\.api\.md$/, '.api.json'));
    // A flavour entry is reported through a file that exports only its own declarations.
    let main = join(ROOT, types);
    if (mirrors !== undefined) {
      main = join(tempFolder, report.replace(/\.api\.md$/, '.d.ts'));
      const from = relative(tempFolder, join(ROOT, types)).split('\\').join('/').replace(/\.d\.ts$/, '');
      writeFileSync(main, `// The declarations of ${entry} that ${mirrors} does not share (scripts/api-report.ts).\n`
        + `export { ${flavourNames(types, mirrors).join(', ')} } from '${from}';\n`);
    }
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: ROOT,
        mainEntryPointFilePath: main,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'],
              strict: true, skipLibCheck: true, esModuleInterop: true,
            },
            include: [join(ROOT, 'dist-lib', '**', '*.d.ts'), main],
          },
        },
        apiReport: { enabled: true, reportFileName: report, reportFolder: join(ROOT, 'api'), reportTempFolder: tempFolder },
        docModel: { enabled: docs !== undefined, apiJsonFilePath: docModel },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
            'ae-forgotten-export': { logLevel: ExtractorLogLevel.Error, addToApiReportFile: false },
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
        },
      },
      configObjectFullPath: join(ROOT, 'api', 'api-extractor.json'),
      packageJsonFullPath: join(ROOT, 'package.json'),
    });
    // Names the package exports elsewhere are not forgotten: a subpath entry's from the root entry,
    // a flavour entry's shared declarations from the entry itself.
    const exportedElsewhere = new Set([...(root !== types ? rootNames.get(root)! : []), ...(mirrors !== undefined ? exportedNames(types) : [])]);
    const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false, messageCallback: (message) => {
      // The bundled compiler may be newer than the project's; that is expected and harmless for .d.ts input.
      if (message.messageId === 'console-compiler-version-notice') message.handled = true;
      const forgotten = /^The symbol "([^"]+)" needs to be exported/.exec(message.text);
      if (message.messageId === 'ae-forgotten-export' && forgotten !== null && exportedElsewhere.has(forgotten[1])) {
        message.logLevel = ExtractorLogLevel.None;
        message.handled = true;
      }
    } });
    if (!result.succeeded || result.apiReportChanged) {
      // `--update-docs` only regenerates the references: a report difference is shown, not fatal.
      if (!result.succeeded || !docsOnly) failed += 1;
      const why = result.apiReportChanged ? `the public API of '${entry}' differs from api/${report}` : `${result.errorCount} error(s) in '${entry}'`;
      process.stderr.write(`api-report: ${why}. ${update ? '' : 'If the change is intended, run `npm run api:update` and commit api/.'}\n`);
    }
    if (result.succeeded && docs !== undefined) {
      const name = `cce-workload-identity${entry.slice(1)}`;
      const stale = syncGenerated(ROOT, docs, renderApiModelMarkdown(docModel, name, `the doc model of '${entry}' (API Extractor)`), updateDocs);
      if (stale !== undefined) {
        failed += 1;
        process.stderr.write(`api-report: ${stale}\n`);
      }
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
