// The js-framework-benchmark keyed table in plain DOM code: the reference Rally's /jfb page is
// compared with. Same DOM (ids, classes, row markup) and the same seeded labels as
// bench/app/src/jfb/pages/home_.hpp, so that bench/jfb/run.mjs drives both alike.
'use strict';
(() => {
  const ADJ = ['pretty', 'large', 'quiet', 'shiny', 'tiny', 'brave', 'fuzzy', 'clean', 'odd', 'elegant', 'cheap', 'fancy', 'plain'];
  const COL = ['red', 'green', 'blue', 'amber', 'violet', 'white', 'black', 'orange', 'pink', 'brown', 'grey'];
  const NOUN = ['table', 'chair', 'lamp', 'kettle', 'pony', 'bicycle', 'teapot', 'window', 'sandwich', 'rocket', 'piano', 'mouse', 'keyboard'];
  let seed = 0x2545f491;  // xorshift32, as the Rally page: the same clicks give the same labels
  let nextId = 1;
  const pick = (words) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return words[(seed >>> 0) % words.length];
  };

  const tbody = document.getElementById('tbody');
  let rows = [];  // { id, label, tr, text }: text is the label's Text node
  let selected = null;

  // One row cloned for every new one: cheaper than building each from scratch.
  const proto = document.createElement('tr');
  proto.innerHTML = '<td class="col-md-1"></td><td class="col-md-4"><a class="lbl"></a></td>' +
    '<td class="col-md-1"><a class="remove"><span class="remove-icon" aria-hidden="true">\u00d7</span></a></td>' +
    '<td class="col-md-6"></td>';

  function append(count) {
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < count; i++) {
      const id = nextId++;
      const label = `${pick(ADJ)} ${pick(COL)} ${pick(NOUN)}`;
      const tr = proto.cloneNode(true);
      tr.firstChild.textContent = String(id);
      const a = tr.childNodes[1].firstChild;
      a.textContent = label;
      const row = { id, label, tr, text: a.firstChild };
      tr.$row = row;
      rows.push(row);
      fragment.appendChild(tr);
    }
    tbody.appendChild(fragment);
  }

  function clear() {
    tbody.textContent = '';
    rows = [];
    selected = null;
  }

  const actions = {
    run() { clear(); append(1000); },
    runlots() { clear(); append(10000); },
    add() { append(1000); },
    update() {
      for (let i = 0; i < rows.length; i += 10) {
        const row = rows[i];
        row.label += ' !!!';
        row.text.data = row.label;
      }
    },
    clear,
    swaprows() {
      if (rows.length <= 998) return;
      const a = rows[1], b = rows[998];
      const afterB = b.tr.nextSibling;
      tbody.insertBefore(b.tr, a.tr);
      tbody.insertBefore(a.tr, afterB);
      rows[1] = b;
      rows[998] = a;
    },
  };
  for (const [id, action] of Object.entries(actions)) document.getElementById(id).addEventListener('click', action);

  // Row clicks: one listener on the table body.
  tbody.addEventListener('click', (event) => {
    const a = event.target.closest('a');
    if (!a) return;
    const row = a.closest('tr').$row;
    if (a.classList.contains('lbl')) {
      if (selected) selected.tr.className = '';
      selected = row;
      row.tr.className = 'danger';
    } else if (a.classList.contains('remove')) {
      rows.splice(rows.indexOf(row), 1);
      row.tr.remove();
      if (selected === row) selected = null;
    }
  });
  document.documentElement.dataset.ready = 'true';
})();
