// Writes a deterministic ERC-20 Transfer history onto a local anvil node, for the tracker's
// end-to-end tests, and prints one JSON line with the figures the tests compare against:
// {"token","deployBlock","lastBlock","transfers","oddLogs","holders","maxLogsInOneBlock"}.
//
//   node e2e/history.mjs --rpc URL --transfers N [--seed S] [--holders H]
//   node e2e/history.mjs --rpc URL --token 0x.. --append-transfers N [--seed S]
//
// Appending rebuilds the balances from the chain's logs first, so its figures cover the whole
// history so far. anvil needs a block gas limit of 1e9 (--gas-limit 1000000000).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const ZERO = '0x0000000000000000000000000000000000000000';
const MAX_UINT256 = (1n << 256n) - 1n;
const TOKEN_UNIT = 10n ** 18n;

// Worst case per entry is a fresh balance slot (22,100) plus the log and calldata; 40k leaves
// headroom so a batch never runs out of gas, and anvil only charges what is used.
const GAS_PER_ENTRY = 40_000n;
const GAS_BASE = 150_000n;
// 500 entries keep a transaction around 15M gas while 20,000 transfers still need only ~40 txs.
const HISTORY_BATCH = 500;
// Smaller batches when appending, so a tracker that is running sees the appended transfers
// arrive over several blocks instead of one.
const APPEND_BATCH = 100;
const BIG_BLOCK_TXS = 4;
const BIG_BLOCK_ENTRIES_PER_TX = 300;
const ODD_IN_BIG_BLOCK = 2;
const ODD_ALONE = 3;
const RPC_TIMEOUT_MS = 60_000;
const DEFAULT_HOLDERS = 1000;

class Rng {
  constructor(seed) {
    this.seed = seed;
    this.counter = 0;
    this.pool = Buffer.alloc(0);
  }

  bytes(n) {
    while (this.pool.length < n) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = this.pool.subarray(0, n);
    this.pool = this.pool.subarray(n);
    return out;
  }

  int(bound) {
    return this.bytes(4).readUInt32BE() % bound;
  }

  bigint(bound) {
    if (bound <= 0n) return 0n;
    return BigInt('0x' + this.bytes(40).toString('hex')) % bound;
  }

  pick(list) {
    return list[this.int(list.length)];
  }
}

function fail(message) {
  process.stderr.write(`history.mjs: ${message}\n`);
  process.exit(1);
}

function options() {
  const { values } = parseArgs({
    options: {
      rpc: { type: 'string' },
      transfers: { type: 'string' },
      seed: { type: 'string', default: '1' },
      holders: { type: 'string', default: String(DEFAULT_HOLDERS) },
      token: { type: 'string' },
      'append-transfers': { type: 'string' },
    },
    strict: true,
  });
  if (!values.rpc) fail('--rpc is required');
  const positive = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer`);
    return n;
  };
  if (values['append-transfers'] !== undefined) {
    if (!values.token) fail('--append-transfers needs --token');
    return { rpc: values.rpc, seed: values.seed, token: values.token.toLowerCase(), append: positive('append-transfers') };
  }
  if (values.transfers === undefined) fail('either --transfers or --append-transfers is required');
  const holders = positive('holders');
  if (holders < 2) fail('--holders must be at least 2');
  return { rpc: values.rpc, seed: values.seed, transfers: positive('transfers'), holders };
}

function makeRpc(url) {
  let id = 0;
  return async (method, params = []) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`${method}: HTTP ${response.status}`);
    const body = await response.json();
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
}

const hex = (n) => '0x' + BigInt(n).toString(16);
const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const addressWord = (a) => a.slice(2).toLowerCase().padStart(64, '0');
const topicAddress = (t) => '0x' + t.slice(26).toLowerCase();

function compile() {
  const source = readFileSync(join(HERE, 'contracts', 'TestToken.sol'), 'utf8');
  const ozVersion = require('@openzeppelin/contracts/package.json').version;
  const input = {
    language: 'Solidity',
    sources: { 'TestToken.sol': { content: source } },
    settings: {
      // The hardfork AnvilChain starts anvil with; later ones run this bytecode as well.
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { 'TestToken.sol': { TestToken: ['evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  };
  // Keyed by package versions rather than solc.version(), because loading solc-js alone
  // takes about a second that a cached artifact should not pay.
  const solcVersion = require('solc/package.json').version;
  const key = createHash('sha256')
    .update(JSON.stringify([solcVersion, ozVersion, input]))
    .digest('hex');
  const cacheFile = join(HERE, 'build', 'TestToken.json');
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
    if (cached.key === key) return cached;
  } catch {
    // a missing or unreadable cache just means compiling again
  }
  const findImports = (path) => {
    try {
      return { contents: readFileSync(require.resolve(path), 'utf8') };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const output = JSON.parse(require('solc').compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) fail('solc: ' + errors.map((e) => e.formattedMessage).join('\n'));
  const evm = output.contracts['TestToken.sol'].TestToken.evm;
  const artifact = { key, bytecode: '0x' + evm.bytecode.object, selectors: evm.methodIdentifiers };
  mkdirSync(dirname(cacheFile), { recursive: true });
  // Renamed into place so that parallel runs never read a half-written cache.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(artifact));
  renameSync(tmp, cacheFile);
  return artifact;
}

/** Mirrors the token's balances so every generated move is one the contract accepts. */
class Ledger {
  constructor() {
    this.balances = new Map();
    this.holders = new Set();
    this.transfers = 0;
    this.oddLogs = 0;
    this.logsPerBlock = new Map();
  }

  apply(from, to, amount) {
    if (from !== ZERO) {
      const balance = this.balance(from);
      if (balance < amount) throw new Error(`ledger: ${from} has ${balance}, cannot move ${amount}`);
      this.balances.set(from, balance - amount);
      this.holders.add(from);
    }
    if (to !== ZERO) {
      this.balances.set(to, this.balance(to) + amount);
      this.holders.add(to);
    }
    this.transfers++;
  }

  balance(address) {
    return this.balances.get(address) ?? 0n;
  }

  countBlock(block, logs) {
    this.logsPerBlock.set(block, (this.logsPerBlock.get(block) ?? 0) + logs);
  }

  maxLogsInOneBlock() {
    return Math.max(0, ...this.logsPerBlock.values());
  }
}

/**
 * Chooses the next move from the mix a real token sees: mostly plain transfers (a tenth of
 * them emptying the sender), plus self-transfers, zero amounts, mints and burns.
 */
function nextMove(rng, ledger, pool) {
  const roll = rng.int(100);
  const from = rng.pick(pool);
  const balance = ledger.balance(from);
  const part = () => (rng.int(10) === 0 ? balance : rng.bigint(balance + 1n));
  if (roll < 5) return [ZERO, rng.pick(pool), 1n + rng.bigint(1_000_000n * TOKEN_UNIT)];
  if (roll < 10) return [from, ZERO, part()];
  if (roll < 15) return [from, from, part()];
  if (roll < 20) return [from, rng.pick(pool), 0n];
  return [from, rng.pick(pool), part()];
}

/** The receipt of a successful transaction; anvil may answer null for a moment after sending. */
async function minedReceipt(rpc, hash) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const receipt = await rpc('eth_getTransactionReceipt', [hash]);
    if (receipt !== null) {
      if (receipt.status !== '0x1') throw new Error(`transaction ${hash} reverted: ${JSON.stringify(receipt)}`);
      return receipt;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no receipt for ${hash} after 30 s`);
}

class Writer {
  constructor(rpc, artifact, token, owner, ledger) {
    this.rpc = rpc;
    this.artifact = artifact;
    this.token = token;
    this.owner = owner;
    this.ledger = ledger;
  }

  selector(signature) {
    return '0x' + this.artifact.selectors[signature];
  }

  async send(data, entries) {
    return this.rpc('eth_sendTransaction', [
      { from: this.owner, to: this.token, data, gas: hex(GAS_BASE + GAS_PER_ENTRY * BigInt(entries)) },
    ]);
  }

  /** Waits for the receipt and checks the transaction emitted exactly the logs expected. */
  async settle(hash, erc20Logs, oddLogs = 0) {
    const receipt = await minedReceipt(this.rpc, hash);
    if (receipt.logs.length !== erc20Logs + oddLogs) {
      throw new Error(`transaction ${hash} emitted ${receipt.logs.length} logs, expected ${erc20Logs + oddLogs}`);
    }
    this.ledger.countBlock(Number(receipt.blockNumber), erc20Logs);
    this.ledger.oddLogs += oddLogs;
  }

  async call(signature, args) {
    return this.settle(await this.send(this.selector(signature) + args.join(''), 1), 1);
  }

  async mint(to, amount) {
    this.ledger.apply(ZERO, to, amount);
    await this.call('mint(address,uint256)', [addressWord(to), word(amount)]);
  }

  async burn(from, amount) {
    this.ledger.apply(from, ZERO, amount);
    await this.call('burn(address,uint256)', [addressWord(from), word(amount)]);
  }

  /** Applies the moves to the ledger and sends them as one batchMove, returning the tx hash. */
  async sendBatch(moves) {
    for (const [from, to, amount] of moves) this.ledger.apply(from, to, amount);
    const n = moves.length;
    const array = (words) => word(n) + words.join('');
    const data =
      this.selector('batchMove(address[],address[],uint256[])') +
      word(0x60) +
      word(0x60 + 32 * (n + 1)) +
      word(0x60 + 64 * (n + 1)) +
      array(moves.map((m) => addressWord(m[0]))) +
      array(moves.map((m) => addressWord(m[1]))) +
      array(moves.map((m) => word(m[2])));
    return this.send(data, n);
  }

  async batch(moves) {
    await this.settle(await this.sendBatch(moves), moves.length);
  }

  async sendOdd(n) {
    return this.send(this.selector('emitOdd(uint256)') + word(n), n);
  }

  async mineEmpty(blocks) {
    await this.rpc('anvil_mine', [hex(blocks)]);
  }
}

function moves(rng, ledger, pool, count) {
  const out = [];
  // Generated against a scratch copy of the balances, because the ledger itself only moves
  // when the batch is actually sent.
  const shadow = new Ledger();
  shadow.balances = new Map(ledger.balances);
  for (let i = 0; i < count; i++) {
    const move = nextMove(rng, shadow, pool);
    shadow.apply(...move);
    out.push(move);
  }
  return out;
}

async function deploy(rpc, artifact, owner) {
  const hash = await rpc('eth_sendTransaction', [{ from: owner, data: artifact.bytecode, gas: hex(5_000_000) }]);
  const receipt = await minedReceipt(rpc, hash);
  return { token: receipt.contractAddress.toLowerCase(), deployBlock: Number(receipt.blockNumber) };
}

async function requireGasLimit(rpc, needed) {
  const latest = await rpc('eth_getBlockByNumber', ['latest', false]);
  if (BigInt(latest.gasLimit) < needed) {
    fail(`block gas limit ${BigInt(latest.gasLimit)} is below ${needed}; start anvil with --gas-limit 1000000000`);
  }
}

async function freshHistory(rpc, opts) {
  const bigBlockGas = BigInt(BIG_BLOCK_TXS) * (GAS_BASE + GAS_PER_ENTRY * BigInt(BIG_BLOCK_ENTRIES_PER_TX)) +
    GAS_BASE + GAS_PER_ENTRY * BigInt(ODD_IN_BIG_BLOCK);
  await requireGasLimit(rpc, bigBlockGas);
  const artifact = compile();
  const [owner] = await rpc('eth_accounts');
  const { token, deployBlock } = await deploy(rpc, artifact, owner);
  const rng = new Rng(`history:${opts.seed}`);
  const pool = Array.from({ length: opts.holders }, (_, i) => derivedAddress(`holder:${opts.seed}:${i}`));
  const ledger = new Ledger();
  const w = new Writer(rpc, artifact, token, owner, ledger);

  // The full uint256 range goes through mint, move and burn before anything else, so a tracker
  // that narrows amounts anywhere fails on the first blocks.
  const [a, b] = pool;
  await w.mint(a, MAX_UINT256);
  await w.batch([[a, b, MAX_UINT256]]);
  await w.burn(b, MAX_UINT256);
  // anvil copies the whole state for every block, so empty blocks are cheapest now, before
  // the holders exist: the longest stretch is here.
  await w.mineEmpty(300);

  for (let i = 0; i < pool.length; i += HISTORY_BATCH) {
    const chunk = pool.slice(i, i + HISTORY_BATCH);
    await w.batch(chunk.map((to) => [ZERO, to, 1n + rng.bigint(1_000_000n * TOKEN_UNIT)]));
  }
  await w.mineEmpty(100 + rng.int(100));

  // Several transactions, and the first odd logs, in one block: more than 1,000 Transfer logs
  // with log indexes running on across transactions.
  await rpc('evm_setAutomine', [false]);
  const pending = [];
  for (let t = 0; t < BIG_BLOCK_TXS; t++) {
    pending.push([await w.sendBatch(moves(rng, ledger, pool, BIG_BLOCK_ENTRIES_PER_TX)), BIG_BLOCK_ENTRIES_PER_TX, 0]);
    if (t === 1) pending.push([await w.sendOdd(ODD_IN_BIG_BLOCK), 0, ODD_IN_BIG_BLOCK]);
  }
  await rpc('evm_mine');
  await rpc('evm_setAutomine', [true]);
  for (const [hash, erc20, odd] of pending) await w.settle(hash, erc20, odd);

  let sent = 0;
  while (ledger.transfers < opts.transfers) {
    const n = Math.min(HISTORY_BATCH, opts.transfers - ledger.transfers);
    await w.batch(moves(rng, ledger, pool, n));
    if (++sent === 2) await w.settle(await w.sendOdd(ODD_ALONE), 0, ODD_ALONE);
    if (sent % 15 === 0) await w.mineEmpty(100 + rng.int(100));
  }
  if (ledger.oddLogs === ODD_IN_BIG_BLOCK) await w.settle(await w.sendOdd(ODD_ALONE), 0, ODD_ALONE);

  return summary(rpc, token, deployBlock, ledger);
}

function derivedAddress(label) {
  return '0x' + createHash('sha256').update(label).digest('hex').slice(0, 40);
}

/** Rebuilds the ledger from the chain's own logs, so appending continues any earlier history. */
async function ledgerFromLogs(rpc, token, deployBlock, latest) {
  const ledger = new Ledger();
  const logs = await rpc('eth_getLogs', [
    { address: token, topics: [TRANSFER_TOPIC], fromBlock: hex(deployBlock), toBlock: hex(latest) },
  ]);
  for (const log of logs) {
    if (log.topics.length !== 3) {
      ledger.oddLogs++;
      continue;
    }
    ledger.apply(topicAddress(log.topics[1]), topicAddress(log.topics[2]), BigInt(log.data));
    ledger.countBlock(Number(log.blockNumber), 1);
  }
  return ledger;
}

async function appendHistory(rpc, opts) {
  const artifact = compile();
  const [owner] = await rpc('eth_accounts');
  const latest = Number(await rpc('eth_blockNumber'));
  if ((await rpc('eth_getCode', [opts.token, 'latest'])) === '0x') fail(`no contract at ${opts.token}`);
  const deployBlockCall = { to: opts.token, data: '0x' + artifact.selectors['deployBlock()'] };
  const deployBlock = Number(await rpc('eth_call', [deployBlockCall, 'latest']));
  const ledger = await ledgerFromLogs(rpc, opts.token, deployBlock, latest);
  await requireGasLimit(rpc, GAS_BASE + GAS_PER_ENTRY * BigInt(APPEND_BATCH));
  // Seeded by the current height, so repeated appends differ but a replay is identical.
  const rng = new Rng(`append:${opts.seed}:${latest}`);
  const newcomers = Array.from({ length: 10 }, (_, i) => derivedAddress(`newcomer:${opts.seed}:${latest}:${i}`));
  const pool = [...[...ledger.holders].sort(), ...newcomers];
  const w = new Writer(rpc, artifact, opts.token, owner, ledger);
  // Newcomers are funded first so that appended history also creates holders.
  const target = ledger.transfers + opts.append;
  await w.batch(newcomers.slice(0, opts.append).map((to) => [ZERO, to, 1n + rng.bigint(1_000n * TOKEN_UNIT)]));
  while (ledger.transfers < target) {
    await w.batch(moves(rng, ledger, pool, Math.min(APPEND_BATCH, target - ledger.transfers)));
  }
  return summary(rpc, opts.token, deployBlock, ledger);
}

async function summary(rpc, token, deployBlock, ledger) {
  return {
    token,
    deployBlock,
    lastBlock: Number(await rpc('eth_blockNumber')),
    transfers: ledger.transfers,
    oddLogs: ledger.oddLogs,
    holders: ledger.holders.size,
    maxLogsInOneBlock: ledger.maxLogsInOneBlock(),
  };
}

const opts = options();
const rpc = makeRpc(opts.rpc);
try {
  const result = opts.append ? await appendHistory(rpc, opts) : await freshHistory(rpc, opts);
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (error) {
  fail(error.stack ?? String(error));
}
