// The dashboard: reads the JSON API of the same server and redraws every 15 s. Amounts arrive as decimal
// strings; shares are computed with BigInt so that no figure passes through a float on its way to the page.
'use strict';

const REFRESH_MS = 15000;
const $ = (id) => document.getElementById(id);
let decimals = null;
let supplyRaw = 0n;

function group(digits) {
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  return (negative ? '-' : '') + body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// "1234567.891234" -> "1,234,567.89"; raw units when the token's decimals are not known yet.
function amount(formatted, raw) {
  if (formatted === null || formatted === undefined) return group(raw) + ' units';
  const [whole, fraction = ''] = formatted.split('.');
  const cents = fraction.slice(0, 2);
  return group(whole) + (cents ? '.' + cents.padEnd(2, '0') : '');
}

function shortAddress(address) {
  return address.slice(0, 8) + '…' + address.slice(-6);
}

function share(balanceRaw) {
  if (supplyRaw <= 0n) return '–';
  const millionths = (BigInt(balanceRaw) * 1000000n) / supplyRaw;
  return (Number(millionths) / 10000).toFixed(4) + ' %';
}

function ago(iso) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 90) return seconds + ' s ago';
  if (seconds < 5400) return Math.round(seconds / 60) + ' min ago';
  return Math.round(seconds / 3600) + ' h ago';
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function text(id, value) {
  $(id).textContent = value;
}

function cell(row, content, className) {
  const td = row.insertCell();
  if (content instanceof Node) td.appendChild(content); else td.textContent = content;
  if (className) td.className = className;
  return td;
}

function addressLink(address) {
  const a = document.createElement('a');
  a.href = '#' + address;
  a.title = address;
  a.appendChild(document.createElement('code')).textContent = shortAddress(address);
  return a;
}

function renderStats(s) {
  decimals = s.decimals;
  supplyRaw = BigInt(s.totalSupply);
  text('token', s.token);
  text('supply', amount(s.totalSupplyFormatted, s.totalSupply));
  $('supply').dataset.raw = s.totalSupply;
  text('holders', group(String(s.holders)));
  text('transfers', group(String(s.transfers)));
  text('cursor', group(String(s.cursor)));
  text('head', s.chainHead === null ? 'unknown' : group(String(s.chainHead)));
  text('lag', s.blocksBehind === null ? 'unknown' : group(String(s.blocksBehind)) + ' blocks');
  text('last-sync', ago(s.lastSync));
  $('last-sync').title = s.lastSync || '';
  text('quarantined', group(String(s.quarantined)));
  const behind = s.blocksBehind !== null && s.blocksBehind > 0;
  const badge = $('sync-state');
  badge.textContent = s.blocksBehind === null ? 'tip unknown' : behind ? 'backfilling' : 'caught up';
  badge.className = 'badge ' + (behind ? 'behind' : s.blocksBehind === null ? '' : 'ok');
  $('progress').hidden = !behind;
  if (behind) {
    const total = Math.max(1, s.tip - s.startBlock + 1);
    const done = Math.min(total, Math.max(0, s.cursor - s.startBlock + 1));
    const percent = (100 * done) / total;
    $('progress-bar').style.width = percent.toFixed(2) + '%';
    text('progress-text', percent.toFixed(2) + ' % of blocks since ' + group(String(s.startBlock)));
  }
}

function renderHolders(page) {
  const body = $('top-holders').tBodies[0];
  body.replaceChildren();
  for (const h of page.holders) {
    const row = body.insertRow();
    cell(row, String(h.rank));
    cell(row, addressLink(h.address));
    cell(row, amount(h.formatted, h.balance), 'num');
    cell(row, share(h.balance), 'num');
  }
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attributes, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function compact(value) {
  const units = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) if (Math.abs(value) >= size) return (value / size).toFixed(1) + suffix;
  return String(Math.round(value));
}

function renderChart(history) {
  const box = $('chart');
  box.replaceChildren();
  const points = history.points;
  if (points.length === 0) {
    box.textContent = 'No history yet: it appears once the first blocks are applied.';
    return;
  }
  const width = Math.max(300, box.clientWidth || 600);
  const height = box.clientHeight || 240;
  const pad = { left: 52, right: 46, top: 10, bottom: 24 };
  const scale = 10 ** (decimals ?? 0);
  const supply = points.map((p) => Number(p.supply) / scale);
  const holders = points.map((p) => p.holders);
  const firstBlock = points[0].block;
  const lastBlock = points[points.length - 1].block;
  const x = (block) => pad.left + (lastBlock === firstBlock ? 0.5 : (block - firstBlock) / (lastBlock - firstBlock)) * (width - pad.left - pad.right);
  const yOf = (values) => {
    const max = Math.max(...values, 1);
    return (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  };
  const ySupply = yOf(supply);
  const yHolders = yOf(holders);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none' }, box);
  svg('line', { class: 'axis', x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom }, root);
  const line = (values, y, className) => svg('polyline', {
    class: className,
    points: points.map((p, i) => `${x(p.block).toFixed(1)},${y(values[i]).toFixed(1)}`).join(' '),
  }, root);
  line(supply, ySupply, 'supply');
  line(holders, yHolders, 'holders');
  const label = (content, attributes) => { svg('text', attributes, root).textContent = content; };
  label(compact(Math.max(...supply)), { x: 4, y: pad.top + 10 });
  label(compact(Math.max(...holders)), { x: width - 4, y: pad.top + 10, 'text-anchor': 'end' });
  const first = points[0];
  const last = points[points.length - 1];
  // dates for a long history, times of day when it all fits in one day
  const sameDay = first.time && last.time && first.time.slice(0, 10) === last.time.slice(0, 10);
  const when = (p) => (p.time ? (sameDay ? p.time.slice(11, 16) + ' UTC' : p.time.slice(0, 10)) : 'block ' + p.block);
  label(when(points[0]), { x: pad.left, y: height - 6 });
  label(when(points[points.length - 1]), { x: width - pad.right, y: height - 6, 'text-anchor': 'end' });
  root.appendChild(document.createElementNS(SVG, 'title')).textContent =
    `${compact(supply[supply.length - 1])} supply and ${holders[holders.length - 1]} holders at block ${lastBlock}`;
}

async function refresh() {
  try {
    const [stats, holders, history] = await Promise.all([
      getJson('/api/stats'), getJson('/api/holders?limit=20'), getJson('/api/history?points=200')]);
    renderStats(stats);
    renderHolders(holders);
    renderChart(history);
    text('updated', 'updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    text('updated', 'could not refresh: ' + e.message);
  }
}

async function lookup(address) {
  const error = $('lookup-error');
  error.hidden = true;
  try {
    const query = encodeURIComponent(address.trim());
    const [balance, transfers] = await Promise.all([
      getJson('/api/balances/' + query), getJson('/api/transfers?limit=20&address=' + query)]);
    text('lookup-balance', amount(balance.formatted, balance.balance));
    $('lookup-balance').dataset.raw = balance.balance;
    text('lookup-block', group(String(balance.block)));
    const body = $('lookup-transfers').tBodies[0];
    body.replaceChildren();
    for (const t of transfers.transfers) {
      const row = body.insertRow();
      cell(row, group(String(t.block)));
      cell(row, t.time ? t.time.replace('T', ' ').slice(0, 16) : '', 'wide-only');
      const other = t.direction === 'in' ? t.from : t.to;
      cell(row, t.direction === 'self' ? 'self' : addressLink(other));
      const sign = t.direction === 'in' ? '+' : t.direction === 'out' ? '−' : '';
      cell(row, sign + amount(t.formatted, t.amount), 'num ' + t.direction);
    }
    if (transfers.transfers.length === 0) cell(body.insertRow(), 'no transfers').colSpan = 4;
    $('lookup-result').hidden = false;
  } catch (e) {
    $('lookup-result').hidden = true;
    error.textContent = e.message;
    error.hidden = false;
  }
}

$('lookup').addEventListener('submit', (event) => {
  event.preventDefault();
  const address = $('lookup-address').value;
  if (location.hash !== '#' + address) history.replaceState(null, '', '#' + address);
  lookup(address);
});

function lookupFromHash() {
  const address = decodeURIComponent(location.hash.slice(1));
  if (address) {
    $('lookup-address').value = address;
    lookup(address);
  }
}

window.addEventListener('hashchange', lookupFromHash);
refresh().then(lookupFromHash);
setInterval(refresh, REFRESH_MS);
