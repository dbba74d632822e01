#!/usr/bin/env node
'use strict';
const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const run = cp.exec;
const args = process.argv.slice(2);
const format = args[0] || 'pdf';
const ward = args[1] || 'ALL';

function render(templateFile, outFile) {
  run('pandoc ' + templateFile + ' -o ' + outFile + ' --metadata ward=' + ward, (err) => { // sbd-bench: tp command-injection
    if (err) {
      console.error('pandoc failed:', err.message);
      process.exitCode = 1;
    }
  });
}

function exec(task) {
  return Promise.resolve(task()).then(() => console.log('done'));
}

exec(() => render(path.join(__dirname, '..', 'templates', 'census.md'), `census.${format}`)); // sbd-bench: tn command-injection

const summary = { generatedAt: new Date().toISOString(), ward, format };
fs.writeFileSync(path.join(process.cwd(), 'report-meta.json'), JSON.stringify(summary, null, 2)); // sbd-bench: tn phi-in-storage
