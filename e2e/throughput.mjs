// Throughput through polkadot.js: how many of restaking's common calls a dev node includes
// per block and per second, against `balances.transferKeepAlive`, measured in one run.
// Run it with scripts/throughput (which builds the node).
//
//   node e2e/throughput.mjs [--count N] [--ws ws://host:port]
//
// Without --ws it starts its own `--dev` node. Four batches of N transactions, each from
// N accounts of its own funded first, each submitted all at once right after a block:
//   1. transfers: `balances.transferKeepAlive` of 1 BST;
//   2. deposits into an unused pool: `vaults.deposit` of 10 BST into vault 0 with Charlie,
//      whose pool no AVS was ever allocated (nothing to settle);
//   3. deposits into an earning pool: the same with Alice, whose vault-0 pool is allocated
//      to the consensus AVS, which the treasury's stream pays in one asset (BST);
//   4. claims: the stakers of batch 3 each claim their position (`rewards.claim`).
// For each batch: rate = N / (timestamp of the block that included the last one −
// timestamp of the block before the first one); the same without the last block
// (sustained); how many the fullest block held among the blocks full by weight (their
// ordinary weight used up), which is the chain's capacity for that call; and the weight
// each extrinsic was charged (`System.ExtrinsicSuccess`: after refunds, with the
// extrinsic base weight and the transaction extensions' weight every signed transaction
// pays). Each call's ratio is its capacity over the transfers'.

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from './lib/node.mjs';
import { connect, fundAll } from './lib/chain.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const COUNT = Number(opt('--count', '1000'));
if (!Number.isInteger(COUNT) || COUNT < 1) {
  console.error(`--count must be a positive integer, not ${opt('--count')}`);
  process.exit(2);
}
const UNIT = 10n ** 12n;
// What each ratio is held to (docs/benchmarks.md): capacity against the transfers'.
const TARGETS = { unused: 0.7, earning: 0.6 };

await cryptoWaitReady();
// Derive every key before connecting: deriving thousands blocks the event loop for a while,
// and a connected client would miss its RPC deadlines meanwhile.
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const charlie = keyring.addFromUri('//Charlie');
const accounts = (path) => Array.from({ length: COUNT }, (_, i) => keyring.addFromUri(`//${path}//${i}`));
const senders = accounts('Transfer');
const unusedStakers = accounts('Deposit');
const earningStakers = accounts('Earning');
const node = opt('--ws') ? null : await startNode({ args: ['--dev'], name: 'throughput node' });
const api = await connect(opt('--ws') ?? node.wsUrl);

try {
  // 20 BST each: a transfer (1) or a deposit (10) and the fees; Alice could not give
  // 24,000 accounts 100.
  const all = [...senders, ...unusedStakers, ...earningStakers];
  console.log(`funding ${all.length} accounts…`);
  await fundAll(api, alice, all, 20n * UNIT);

  // A block is full when the next transaction could not fit: what is left of the ordinary
  // class is less than 1 % of it (a call reserves its worst case up front).
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const isFull = (weight) => weight.normal.refTime.toBigInt() * 100n >= maxNormal * 99n;
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };

  const measure = async (label, call, build, nonce = 0) => {
    const txs = await Promise.all(build().map(async ([tx, signer]) => tx.signAsync(signer, { nonce })));
    // Submit just after a block is made, so the pool has a whole slot to take them in
    // before the next: a block authored halfway through is part-filled.
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    while ((await api.rpc.chain.getHeader()).number.toNumber() === now) await new Promise((r) => setTimeout(r, 100));
    const start = now + 1;
    const [section, method] = call.split('.');
    await Promise.all(txs.map((tx) => api.rpc.author.submitExtrinsic(tx)));
    let included = 0;
    const failures = new Map();
    let first = null;
    let last = null;
    const perBlock = [];
    const charged = [];
    for (let n = start + 1; included + [...failures.values()].reduce((a, b) => a + b, 0) < COUNT; n++) {
      // Wait for block n.
      while ((await api.rpc.chain.getHeader()).number.toNumber() < n) await new Promise((r) => setTimeout(r, 500));
      const hash = await api.rpc.chain.getBlockHash(n);
      const at = await api.at(hash);
      const [block, events, weight] = await Promise.all([api.rpc.chain.getBlock(hash), at.query.system.events(), at.query.system.blockWeight()]);
      let here = 0;
      block.block.extrinsics.forEach((ex, index) => {
        if (ex.method.section !== section || ex.method.method !== method) return;
        const own = events.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
        const success = own.find(({ event }) => api.events.system.ExtrinsicSuccess.is(event));
        if (success) {
          here++;
          charged.push(Number(success.event.data.dispatchInfo.weight.refTime.toBigInt()) / 1e6);
          return;
        }
        const failed = own.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
        const error = failed?.event.data.dispatchError;
        const reason = error?.isModule
          ? (({ section: s, name }) => `${s}.${name}`)(api.registry.findMetaError(error.asModule))
          : String(error?.type ?? 'unknown');
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      });
      if (here > 0) {
        perBlock.push({ here, full: isFull(weight) });
        first ??= n;
        last = n;
        included += here;
      }
      if (n > start + 200) throw new Error(`${label}: only ${included} of ${COUNT} included after 200 blocks`);
    }
    if (failures.size) {
      const why = [...failures].map(([reason, n]) => `${n} × ${reason}`).join(', ');
      throw new Error(`${label}: ${COUNT - included} of ${COUNT} failed (${why}): the chain's state is not the dev genesis this script expects — run it against a fresh --dev node`);
    }
    const ts = async (n) => (await (await api.at(await api.rpc.chain.getBlockHash(n))).query.timestamp.now()).toNumber();
    const seconds = ((await ts(last)) - (await ts(first - 1))) / 1000;
    const rate = COUNT / seconds;
    // Sustained: over every block but the last, which holds what was left of the batch,
    // not what the chain could take.
    const sustained = last > first
      ? (COUNT - perBlock[perBlock.length - 1].here) / (((await ts(last - 1)) - (await ts(first - 1))) / 1000)
      : null;
    const full = perBlock.filter((b) => b.full).map((b) => b.here);
    const fullest = full.length ? Math.max(...full) : null;
    const weight = median(charged);
    const shown = perBlock.map((b) => `${b.here}${b.full ? ' (full)' : ''}`).join(', ');
    console.log(`${label}: ${COUNT} in blocks ${first}…${last} (${last - first + 1} blocks, ${seconds} s): ${rate.toFixed(1)} per second` +
      `${sustained === null ? '' : ` (${sustained.toFixed(1)} sustained, without the last block)`}; charged ${weight.toFixed(1)} µs each; per block: ${shown}`);
    return { label, rate, sustained, fullest, weight };
  };

  const transfers = await measure('transfers', 'balances.transferKeepAlive', () =>
    senders.map((s, i) => [api.tx.balances.transferKeepAlive(unusedStakers[i].address, UNIT), s]));
  const unused = await measure('deposits, unused pool', 'vaults.deposit', () =>
    unusedStakers.map((s) => [api.tx.vaults.deposit(0, charlie.address, 10n * UNIT), s]));
  const earning = await measure('deposits, earning pool', 'vaults.deposit', () =>
    earningStakers.map((s) => [api.tx.vaults.deposit(0, alice.address, 10n * UNIT), s]));
  // Every position has earned by now: the stream paid its pool at least one block since.
  const claims = await measure('claims', 'rewards.claim', () =>
    earningStakers.map((s) => [api.tx.rewards.claim([[0, alice.address]]), s]), 1);

  // N / elapsed moves in steps of whole 6 s blocks (2 blocks against 3 is 0.67 whatever
  // the blocks hold); leaving out the last block, which holds the batch's remainder, takes
  // that step away; a block full by weight holds the chain's capacity for its call. All
  // three are printed; the last does not depend on luck, but needs a full block of each.
  let missing = false;
  const ratio = (kind, target) => {
    const sustained = kind.sustained !== null && transfers.sustained !== null
      ? `, ${(kind.sustained / transfers.sustained).toFixed(2)} sustained` : '';
    const head = `${kind.label} / transfers: ${(kind.rate / transfers.rate).toFixed(2)} end to end${sustained}`;
    const charged = `; each charged ${(kind.weight / transfers.weight).toFixed(2)} × a transfer (per extrinsic)`;
    if (kind.fullest === null || transfers.fullest === null) {
      missing = true;
      return `${head}; at capacity: not measured, no block was full of ${kind.fullest === null ? kind.label : 'transfers'}${charged}`;
    }
    const capacity = kind.fullest / transfers.fullest;
    const goal = target === undefined ? '' : ` (target ≥ ${target.toFixed(2)}: ${capacity >= target ? 'met' : 'missed'})`;
    return `${head}; ${capacity.toFixed(2)} at capacity${goal} (full blocks: ${kind.fullest} against ${transfers.fullest})${charged}`;
  };
  console.log(ratio(unused, TARGETS.unused));
  console.log(ratio(earning, TARGETS.earning));
  console.log(ratio(claims));
  if (missing) console.log('a capacity ratio needs a block full of each call (the pool did not keep up): run again, or with a larger --count');
} finally {
  await api.disconnect();
  await node?.stop();
}
