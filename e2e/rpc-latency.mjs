// How fast the restaking_* RPC methods answer at their bounds, through polkadot.js, on a
// dev node. Run it with scripts/rpc-latency (which builds the node).
//
//   node e2e/rpc-latency.mjs [--ws ws://host:port] [--samples N]
//
// Without --ws it starts its own `--dev` node. It first times each method on the dev
// genesis (the example AVS 1 with one operator, a staker with one position), then fills the bounds:
//   - AVS 1 gets MaxOperatorsPerAvs (256) operators opted in, each allocating both of its
//     vaults (512 slices);
//   - one staker gets MaxPositionsPerAccount (32) positions, in pools that earn Dave's
//     reward stream, 8 of them with a queued withdrawal;
// and times them again. Each figure is the median and 95th percentile of N calls, made
// twice: through @polkadot/api's WebSocket provider (what a dapp sees) and as plain HTTP
// POSTs to the same port (the node's own time to answer). The SDK's RPC server sends a
// WebSocket answer's frame header and its payload in two writes with Nagle's algorithm
// on, so an answer of more than a few kB waits for the client's delayed ACK (40 ms on
// Linux) over WebSocket; over HTTP it goes out at once.

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from './lib/node.mjs';
import { connect, fundAll, send, submit, waitFor } from './lib/chain.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const SAMPLES = Number(opt('--samples', '50'));
const UNIT = 10n ** 12n;
const HALF = 5n * 10n ** 17n; // 50 % in Perquintill parts

await cryptoWaitReady();
const node = opt('--ws') ? null : await startNode({ args: ['--dev'], name: 'rpc-latency node' });
const wsUrl = opt('--ws') ?? node.wsUrl;
const api = await connect(wsUrl);
const httpUrl = wsUrl.replace(/^ws/, 'http');
const keyring = new Keyring({ type: 'sr25519' });
const [alice, charlie] = ['//Alice', '//Charlie'].map((u) => keyring.addFromUri(u));

const ok = async (tx, signer) => {
  const r = await submit(api, tx, signer);
  if (r.error) throw new Error(`${tx.method.section}.${tx.method.method} failed: ${r.error}`);
  return r;
};

/** One JSON-RPC call as an HTTP POST. */
async function post(method, params) {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const reply = await response.json();
  if (reply.error) throw new Error(`${method} over HTTP failed: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

/** Median and 95th percentile, in ms, of `SAMPLES` calls of `call` (after 5 warm-up calls). */
async function sample(call) {
  for (let i = 0; i < 5; i++) await call();
  const ms = [];
  let answer;
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    answer = await call();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { median: at(0.5), p95: at(0.95), answer };
}

/** `method` timed over WebSocket (polkadot.js) and over HTTP, with the answer's size. */
async function time(method, ...params) {
  const ws = await sample(() => send(api, method, ...params));
  const http = await sample(() => post(method, params));
  return { ws, http, bytes: JSON.stringify(ws.answer).length, answer: ws.answer };
}

// The dev chain's example AVS (AVS 0 is the consensus AVS).
const AVS = 1;
const rows = [];
const record = (label, r) => {
  rows.push({ label, ...r });
  const ms = (x) => `${x.median.toFixed(2).padStart(6)} ms (p95 ${x.p95.toFixed(2).padStart(6)})`;
  console.log(`${label.padEnd(58)} WebSocket ${ms(r.ws)}  HTTP ${ms(r.http)}  ${r.bytes} bytes`);
};

try {
  const maxOperators = api.consts.operators.maxOperatorsPerAvs.toNumber();
  const maxPositions = api.consts.vaults.maxPositionsPerAccount.toNumber();
  const operators = Array.from({ length: maxOperators - 1 }, (_, i) => keyring.addFromUri(`//Operator//${i}`));
  const staker = keyring.addFromUri('//Exposure//max');
  const single = keyring.addFromUri('//Exposure//one');

  console.log(`funding ${operators.length + 2} accounts…`);
  const all = [...operators, staker, single];
  await fundAll(api, alice, all, 1_000n * UNIT);

  // On genesis: the example AVS has one operator (Charlie), the staker one position.
  await ok(api.tx.vaults.deposit(0, charlie.address, 10n * UNIT), single);
  await ok(api.tx.operators.allocate(AVS, 0, HALF), charlie);
  record(`restaking_avsSecurity(${AVS}), 1 operator`, await time('restaking_avsSecurity', AVS));
  record('restaking_stakerExposure, 1 position', await time('restaking_stakerExposure', single.address));
  record('restaking_operatorStake, 1 pool', await time('restaking_operatorStake', charlie.address));

  console.log(`registering ${operators.length} operators on AVS ${AVS}, each allocating vaults 0 and 1…`);
  const txs = await Promise.all(operators.map((op, i) => api.tx.utility.batchAll([
    api.tx.operators.registerOperator(100_000_000, `latency operator ${i}`),
    api.tx.operators.optIn(AVS),
    api.tx.operators.allocate(AVS, 0, HALF),
    api.tx.operators.allocate(AVS, 1, HALF),
  ]).signAsync(op, { nonce: 0 })));
  await Promise.all(txs.map((tx) => api.rpc.author.submitExtrinsic(tx)));
  await waitFor(`AVS ${AVS} to have ${maxOperators} operators`, async () => (await api.query.operators.avsOperatorCount(AVS)).toNumber(), (n) => n === maxOperators, 180_000);
  // The allocations (Charlie's too) take effect A blocks after the last of them.
  const live = (await api.rpc.chain.getHeader()).number.toNumber() + api.consts.operators.allocationDelay.toNumber() + 1;

  console.log(`opening ${maxPositions} positions for one staker…`);
  const pools = [charlie, ...operators].slice(0, maxPositions);
  await ok(api.tx.utility.batchAll(pools.map((op) => api.tx.vaults.deposit(0, op.address, 10n * UNIT))), staker);
  await ok(api.tx.utility.batchAll(pools.slice(0, 8).map((op) => api.tx.vaults.requestWithdrawal(0, op.address, { Shares: 1_000n }))), staker);
  const positions = (await api.query.vaults.stakerPositions(staker.address)).length;
  if (positions !== maxPositions) throw new Error(`the staker has ${positions} positions, expected ${maxPositions}`);

  console.log(`waiting for the allocations to take effect at block ${live}…`);
  await waitFor(`block ${live}`, async () => (await api.rpc.chain.getHeader()).number.toNumber(), (n) => n >= live, 600_000);

  const security = await time('restaking_avsSecurity', AVS);
  const slices = security.answer.vaults.reduce((n, v) => n + v.operators.length, 0);
  record(`restaking_avsSecurity(${AVS}), ${maxOperators} operators (${slices} slices)`, security);
  record(`restaking_stakerExposure, ${maxPositions} positions`, await time('restaking_stakerExposure', staker.address));
  record('restaking_operatorStake, 2 pools', await time('restaking_operatorStake', operators[0].address));
  const slashable = security.answer.vaults.flatMap((v) => v.operators).filter((o) => BigInt(o.slashable) > 0n).length;
  console.log(`  (${slashable} of the slices hold slashable stake)`);
  record(`restaking_simulateSlash(${AVS}, Charlie, 10 %), 2 stakers`, await time('restaking_simulateSlash', AVS, charlie.address, (10n ** 17n).toString()));
  const version = (await api.rpc.system.version()).toString();
  console.log(`node ${version}; ${SAMPLES} samples each`);
} finally {
  await api.disconnect();
  await node?.stop();
}
