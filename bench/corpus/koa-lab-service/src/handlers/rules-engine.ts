// Clinical decision support: reference-range rules evaluated against incoming lab results.
import type { Context } from 'koa';
import vm from 'node:vm';
import { Parser } from 'expr-eval';

interface RangeRule {
  analyte: string;
  condition: string;
  flag: 'L' | 'H' | 'LL' | 'HH';
}

const parser = new Parser({ operators: { assignment: false } });
const BUILTIN_RULES: RangeRule[] = [
  { analyte: 'K', condition: 'value < 2.5', flag: 'LL' },
  { analyte: 'K', condition: 'value > 6.5', flag: 'HH' },
];

export async function evaluateRule(ctx: Context) {
  const { condition, value } = ctx.request.body as { condition: string; value: number };
  const matched = eval(`(function (value) { return ${condition}; })`)(value); // sbd-bench: tp code-injection
  ctx.body = { matched };
}

export async function evaluateRuleSandboxed(ctx: Context) {
  const { condition, value } = ctx.request.body as { condition: string; value: number };
  const script = new vm.Script(condition); // sbd-bench: tp code-injection
  ctx.body = { matched: Boolean(script.runInNewContext({ value }, { timeout: 50 })) };
}

export async function evaluateRuleParsed(ctx: Context) {
  const { condition, value } = ctx.request.body as { condition: string; value: number };
  const expr = parser.parse(condition); // sbd-bench: tn code-injection
  ctx.body = { matched: Boolean(expr.evaluate({ value })) };
}

export async function evaluateBuiltins(ctx: Context) {
  const value = Number(ctx.query.value);
  const results = BUILTIN_RULES.map((r) => ({
    flag: r.flag,
    matched: Boolean(vm.runInNewContext(r.condition, { value })), // sbd-bench: tn code-injection
  }));
  ctx.body = results;
}

export async function compileFormula(ctx: Context) {
  const formula = String(ctx.query.formula);
  const fn = Function('height', 'weight', `return ${formula};`); // sbd-bench: tp code-injection
  ctx.body = { bmi: fn(Number(ctx.query.height), Number(ctx.query.weight)) };
}

export async function loadPlugin(ctx: Context) {
  const plugin = require(`../plugins/${ctx.params.name}`); // sbd-bench: tp code-injection
  ctx.body = await plugin.describe();
}

const PLUGINS: Record<string, () => Promise<{ describe(): unknown }>> = {
  westgard: () => import('../plugins/westgard'), // sbd-bench: tn code-injection
  deltaCheck: () => import('../plugins/delta-check'),
};

export async function loadKnownPlugin(ctx: Context) {
  const load = PLUGINS[String(ctx.params.name)];
  if (!load) ctx.throw(404, 'unknown plugin');
  ctx.body = await (await load()).describe();
}

export function matchAccession(input: string): string | null {
  const m = /^([A-Z]{2})-(\d{8})$/.exec(input); // sbd-bench: tn code-injection
  return m ? `${m[1]}${m[2]}` : null;
}

export function parseResultPayload(raw: string): unknown {
  return JSON.parse(raw); // sbd-bench: tn code-injection
}

const recheckQueue: string[] = [];

export function scheduleRecheck(accession: string, minutes: number): NodeJS.Timeout {
  return setTimeout(() => recheckQueue.push(accession), minutes * 60_000); // sbd-bench: tn code-injection
}
