// Terminology and identity helpers of the FHIR sync service: ValueSet expansions from the national
// terminology server (XML), SAML assertions from the regional HIE, and the old YAML mapping tables.
'use strict';
const libxmljs = require('libxmljs2');
const { XMLParser } = require('fast-xml-parser');
const yaml = require('js-yaml'); // 3.14.x — pinned by the mapping tables' !!timestamp usage
const fs = require('fs');

const MAPPING_DIR = process.env.MAPPING_DIR || '/etc/fhir-sync/mappings';

async function expandValueSet(url) {
  const res = await fetch(`https://terminology.example-ntp.org/fhir/ValueSet/$expand?url=${encodeURIComponent(url)}&_format=xml`);
  const doc = libxmljs.parseXml(await res.text(), { noent: true }); // sbd-bench: tp xxe
  return doc.find('//*[local-name()="contains"]/*[local-name()="code"]/@value').map((a) => a.value());
}

function readAssertion(samlResponseB64) {
  const xml = Buffer.from(samlResponseB64, 'base64').toString('utf8');
  const doc = libxmljs.parseXmlString(xml, { noent: true, noblanks: true }); // sbd-bench: tp xxe
  const nameId = doc.get('//*[local-name()="NameID"]');
  return nameId ? nameId.text() : null;
}

function readAssertionSafe(samlResponseB64) {
  const xml = Buffer.from(samlResponseB64, 'base64').toString('utf8');
  const parsed = new XMLParser({ removeNSPrefix: true }).parse(xml); // sbd-bench: tn xxe
  return parsed.Response?.Assertion?.Subject?.NameID ?? null;
}

function loadMappingTable(name) {
  const file = `${MAPPING_DIR}/${name.replace(/[^a-z0-9-]/gi, '')}.yaml`;
  return yaml.safeLoad(fs.readFileSync(file, 'utf8')); // sbd-bench: tn deserialization
}

function loadPartnerMapping(body) {
  return yaml.load(body); // sbd-bench: tp deserialization
}

module.exports = { expandValueSet, readAssertion, readAssertionSafe, loadMappingTable, loadPartnerMapping };
