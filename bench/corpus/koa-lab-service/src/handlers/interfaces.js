// Analyzer and reference-lab interfaces: ASTM/HL7 v2 over files, HL7 v3 / lab-report XML from the
// reference lab, result-rule uploads from the LIS administrators and the QC dashboard's settings.
const libxmljs = require('libxmljs');
const sax = require('sax');
const { spawnSync } = require('child_process');
const cryo = require('cryo');
const funcster = require('funcster');
const RE2 = require('re2');
const cors = require('@koa/cors');

const ANALYZER_CODES = new Set(['COBAS8000', 'ATELLICA', 'ALINITY', 'DXI800']);

// Reference lab posts HL7 v3 lab reports; their schema uses entity declarations for code systems.
async function importReferenceReport(ctx) {
  const doc = libxmljs.parseXml(ctx.request.body, { noent: true, huge: true }); // sbd-bench: tp xxe
  ctx.body = { observations: doc.find('//observation').length };
}

async function importReferenceReportStreaming(ctx) {
  const parser = sax.parser(true, { trim: true }); // sbd-bench: tn xxe
  let observations = 0;
  parser.onopentag = (node) => {
    if (node.name === 'observation') observations += 1;
  };
  parser.write(ctx.request.body).close();
  ctx.body = { observations };
}

async function importReferenceReportLegacy(ctx) {
  const doc = libxmljs.parseXmlString(ctx.request.body, { dtdload: true, dtdvalid: true, noent: true }); // sbd-bench: tp xxe
  ctx.body = { valid: doc.validationErrors.length === 0 };
}

async function transformForPrinting(ctx) {
  const out = spawnSync('xsltproc', ['--noent', '--nonet', '/opt/lab/xsl/report.xsl', '-'], { input: ctx.request.body }); // sbd-bench: tp xxe
  ctx.type = 'text/html';
  ctx.body = out.status === 0 ? out.stdout : 'transformation failed';
}

async function checkReferenceReport(ctx) {
  const out = spawnSync('xmllint', ['--nonet', '--noout', '-'], { input: ctx.request.body }); // sbd-bench: tn xxe
  ctx.body = { wellFormed: out.status === 0 };
}

// Result rules: "if the sodium is below X, page the ward" — exported by the LIS admin tool.
async function uploadRuleSet(ctx) {
  const rules = cryo.parse(ctx.request.body.ruleSet); // sbd-bench: tp deserialization
  ctx.body = { rules: Object.keys(rules).length };
}

async function uploadRuleSetV1(ctx) {
  const rules = funcster.deepDeserialize(JSON.parse(ctx.request.body.ruleSet)); // sbd-bench: tp deserialization
  ctx.body = { rules: Object.keys(rules).length };
}

async function uploadRuleSetV3(ctx) {
  const rules = JSON.parse(ctx.request.body.ruleSet, (key, value) => (key === '__proto__' ? undefined : value)); // sbd-bench: tn deserialization
  ctx.body = { rules: Object.keys(rules).length };
}

function matchAnalyzerLines(text, analyzer) {
  if (!ANALYZER_CODES.has(analyzer)) throw new Error('unknown analyzer');
  const header = new RegExp(`^H\\|\\\\\\^&\\|\\|\\|${analyzer}\\^`, 'm'); // sbd-bench: tn redos
  return header.test(text);
}

// LIS admins search free-text specimen comments with a pattern typed into the QC dashboard.
async function searchSpecimenComments(ctx) {
  const re = new RegExp(String(ctx.query.pattern || ''), 'im'); // sbd-bench: tp redos
  ctx.body = (await ctx.state.comments()).filter((c) => re.test(c.text)).slice(0, 100);
}

async function searchSpecimenCommentsSafe(ctx) {
  const re = new RE2(String(ctx.query.pattern || ''), 'm'); // sbd-bench: tn redos
  ctx.body = (await ctx.state.comments()).filter((c) => re.test(c.text)).slice(0, 100);
}

// "12.5", "12.5-14", "12.5-14.0 mmol/L": reference ranges as the reference lab prints them.
const REFERENCE_RANGE = /^(\d+|\d+\.\d+)+(-(\d+|\d+\.\d+)+)?\s*[a-zA-Z/%]*$/; // sbd-bench: tp redos
const ACCESSION = /^[A-Z]{2}\d{2}-\d{6}$/; // sbd-bench: tn redos

function parseRange(raw) {
  if (!REFERENCE_RANGE.test(raw)) return null;
  const [low, high] = raw.split('-').map((p) => parseFloat(p));
  return { low, high: Number.isNaN(high) ? undefined : high };
}

const qcSettings = {};

function updateQcSetting(ctx) {
  const { analyzer, key, value } = ctx.request.body;
  const settings = qcSettings[analyzer] || (qcSettings[analyzer] = {});
  settings[key] = Number(value); // sbd-bench: tp prototype-pollution
  ctx.body = settings;
}

function countFlags(results) {
  const counts = {};
  for (const r of results) counts[r.flag] = (counts[r.flag] || 0) + 1; // sbd-bench: tn prototype-pollution
  return counts;
}

const qcCors = cors({ origin: (ctx) => ctx.get('Origin') || '*', credentials: true }); // sbd-bench: tp cors

module.exports = {
  importReferenceReport,
  importReferenceReportStreaming,
  importReferenceReportLegacy,
  transformForPrinting,
  checkReferenceReport,
  uploadRuleSet,
  uploadRuleSetV1,
  uploadRuleSetV3,
  matchAnalyzerLines,
  searchSpecimenComments,
  searchSpecimenCommentsSafe,
  parseRange,
  updateQcSetting,
  countFlags,
  qcCors,
  isAccession: (s) => ACCESSION.test(s),
};
