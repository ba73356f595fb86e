/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per package/area and the top
 * functions, and inclusive time of the library's functions. Usage:
 *   tsx bench/profile-summary.ts <file.cpuprofile> [topN]
 */
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[]; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Which area a script belongs to. */
export function area(url: string): string {
  if (url === '') return '(native/gc/idle)';
  if (url.includes('/lib/terraform/generated/')) return 'generated bindings';
  if (/\/(lib|bench|examples)\//.test(url) && !url.includes('node_modules')) {
    const m = /\/((?:lib|bench|examples)\/[^?]*)/.exec(url);
    return m ? `ours: ${m[1].replace(/^lib\//, 'lib/')}` : 'ours';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

/** Self time (ms) per area and per function, plus inclusive time per function of ours. */
export function summarize(profile: Profile): {
  total: number;
  byArea: Map<string, number>;
  byFunction: Map<string, number>;
  inclusive: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const { url, functionName, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += ms;
    const a = area(url);
    byArea.set(a, (byArea.get(a) ?? 0) + ms);
    const key = `${functionName || '(anonymous)'} ${a}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    // inclusive: credit each distinct function of ours on the stack once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const fa = area(f.url);
      if (!fa.startsWith('ours')) continue;
      const k = `${f.functionName || '(anonymous)'} ${fa}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  return { total, byArea, byFunction, inclusive };
}

if (require.main === module) {
  const [file, topArg] = process.argv.slice(2);
  const top = Number(topArg ?? 15);
  const { total, byArea, byFunction, inclusive } = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`total sampled (non-idle): ${total.toFixed(0)} ms`);
  console.log('\nself time by area:');
  for (const [k, v] of sorted(byArea)) console.log(`  ${v.toFixed(0).padStart(7)} ms ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
  console.log('\nself time by function:');
  for (const [k, v] of sorted(byFunction)) console.log(`  ${v.toFixed(0).padStart(7)} ms  ${k}`);
  console.log('\ninclusive time of our functions:');
  for (const [k, v] of sorted(inclusive)) console.log(`  ${v.toFixed(0).padStart(7)} ms  ${k}`);
}
