// Trace matrix page. Messages follow src/shared/matrix.ts (ToMatrixMessage / FromMatrixMessage).
// Every string from the repository goes through textContent; the page never parses HTML from data.
(function () {
  const vscode = acquireVsCodeApi();
  const filter = /** @type {HTMLInputElement} */ (document.getElementById('filter'));
  const matrix = /** @type {HTMLElement} */ (document.getElementById('matrix'));
  const count = /** @type {HTMLElement} */ (document.getElementById('count'));
  const exported = /** @type {HTMLElement} */ (document.getElementById('exported'));

  const COLUMNS = [
    { key: 'id', title: 'Requirement' },
    { key: 'threats', title: 'Threats' },
    { key: 'clauses', title: 'Clauses' },
    { key: 'implementations', title: 'Implementations' },
    { key: 'tests', title: 'Tests' },
    { key: 'openFindings', title: 'Open findings' },
    { key: 'state', title: 'Status' },
  ];
  const STATE_ORDER = { findings: 0, none: 1, verified: 2, implemented: 3, complete: 4 };

  const saved = vscode.getState() || {};
  /** @type {any[]} */
  let rows = [];
  let sortKey = saved.sortKey || 'id';
  let sortDir = saved.sortDir || 1;
  filter.value = saved.filter || '';

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function sortValue(row, key) {
    switch (key) {
      case 'openFindings':
        return row.openFindings;
      case 'state':
        return STATE_ORDER[row.state] ?? 9;
      case 'implementations':
      case 'tests':
      case 'threats':
      case 'clauses':
        return row[key].length;
      default:
        return row.id;
    }
  }

  function compare(a, b) {
    const x = sortValue(a, sortKey);
    const y = sortValue(b, sortKey);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return (c || a.id.localeCompare(b.id, undefined, { numeric: true })) * sortDir;
  }

  function haystack(row) {
    return [row.id, row.title, row.stateLabel, ...row.threats, ...row.clauses, ...row.implementations.map((r) => r.label), ...row.tests.map((r) => r.label)].join('\n').toLowerCase();
  }

  function refList(row, refs, type) {
    const td = el('td');
    refs.forEach((ref, index) => {
      const a = el('a', ref.label, 'ref');
      a.href = '#';
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        vscode.postMessage({ type, requirement: row.id, index });
      });
      td.appendChild(a);
    });
    if (refs.length === 0) td.appendChild(el('span', '—', 'none'));
    return td;
  }

  function textList(items) {
    const td = el('td');
    td.textContent = items.length ? items.join(', ') : '—';
    return td;
  }

  function render() {
    vscode.setState({ sortKey, sortDir, filter: filter.value });
    const needle = filter.value.trim().toLowerCase();
    const shown = rows.filter((r) => !needle || haystack(r).includes(needle)).sort(compare);
    count.textContent = `${shown.length} of ${rows.length} requirements`;

    const table = el('table');
    const head = el('thead');
    const headRow = el('tr');
    for (const col of COLUMNS) {
      const th = el('th');
      const button = el('button', col.title + (col.key === sortKey ? (sortDir > 0 ? ' ▲' : ' ▼') : ''));
      button.type = 'button';
      th.setAttribute('aria-sort', col.key === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
      button.addEventListener('click', () => {
        sortDir = sortKey === col.key ? -sortDir : 1;
        sortKey = col.key;
        render();
      });
      th.appendChild(button);
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    table.appendChild(head);

    const body = el('tbody');
    for (const row of shown) {
      const tr = el('tr');
      tr.dataset.id = row.id;
      const idCell = el('td', undefined, 'requirement');
      const id = el('a', row.id, 'id');
      id.href = '#';
      id.addEventListener('click', (ev) => {
        ev.preventDefault();
        vscode.postMessage({ type: 'revealRequirement', requirement: row.id });
      });
      idCell.appendChild(id);
      idCell.appendChild(el('div', row.title, 'title'));
      tr.appendChild(idCell);
      tr.appendChild(textList(row.threats));
      tr.appendChild(textList(row.clauses));
      tr.appendChild(refList(row, row.implementations, 'openImplementation'));
      tr.appendChild(refList(row, row.tests, 'openTest'));
      tr.appendChild(el('td', row.openFindings, row.openFindings > 0 ? 'findings' : 'zero'));
      tr.appendChild(el('td', row.stateLabel, `state state-${row.state}`));
      body.appendChild(tr);
    }
    table.appendChild(body);
    matrix.replaceChildren(table);
  }

  filter.addEventListener('input', render);
  for (const button of document.querySelectorAll('button[data-format]')) {
    button.addEventListener('click', () => {
      exported.textContent = '';
      vscode.postMessage({ type: 'export', format: /** @type {HTMLElement} */ (button).dataset.format });
    });
  }
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'rows' && Array.isArray(m.rows)) {
      rows = m.rows;
      render();
    } else if (m && m.type === 'exported' && typeof m.text === 'string') {
      exported.textContent = m.text;
    } else if (m && m.type === 'unavailable') {
      rows = [];
      count.textContent = '';
      matrix.replaceChildren(el('p', m.reason));
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
