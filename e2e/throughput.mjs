// Throughput through polkadot.js: how many `Vaults.deposit` and how many
// `balances.transferKeepAlive` a dev node includes per second, measured in one run from
// the block timestamps. Run it with scripts/throughput (which builds the node).
//
//   node e2e/throughput.mjs [--count N] [--ws ws://host:port]
//
// Without --ws it starts its own `--dev` node. N pre-funded accounts each submit one
// transfer; then N others each submit one deposit into vault 0 (BST) with Charlie. For each
// kind: rate = N / (timestamp of the block that included the last one − timestamp of the
// block before the first one); the same without the last block (sustained); and how many
// the fullest block held among the blocks full by weight (their ordinary weight used up),
// which is the chain's capacity for that kind.

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

await cryptoWaitReady();
// Derive every key before connecting: deriving thousands blocks the event loop for a while,
// and a connected client would miss its RPC deadlines meanwhile.
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const charlie = keyring.addFromUri('//Charlie');
const senders = Array.from({ length: COUNT }, (_, i) => keyring.addFromUri(`//Transfer//${i}`));
const stakers = Array.from({ length: COUNT }, (_, i) => keyring.addFromUri(`//Deposit//${i}`));
const node = opt('--ws') ? null : await startNode({ args: ['--dev'], name: 'throughput node' });
const api = await connect(opt('--ws') ?? node.wsUrl);

try {
  // 20 BST each: a transfer (1) or a deposit (10) and its fee; Alice could not give
  // 16,000 accounts 100.
  const all = [...senders, ...stakers];
  console.log(`funding ${all.length} accounts…`);
  await fundAll(api, alice, all, 20n * UNIT);

  // A block is full when the next transaction could not fit: what is left of the ordinary
  // class is less than 1 % of it (a deposit reserves its worst case, 2 ms, up front).
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const isFull = (weight) => weight.normal.refTime.toBigInt() * 100n >= maxNormal * 99n;

  const measure = async (label, build) => {
    const txs = await Promise.all(build().map(async ([tx, signer]) => tx.signAsync(signer, { nonce: 0 })));
    // Submit just after a block is made, so the pool has a whole slot to take them in
    // before the next: a block authored halfway through is part-filled.
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    while ((await api.rpc.chain.getHeader()).number.toNumber() === now) await new Promise((r) => setTimeout(r, 100));
    const start = now + 1;
    const section = label.split('.')[0];
    const method = label.split('.')[1];
    await Promise.all(txs.map((tx) => api.rpc.author.submitExtrinsic(tx)));
    let included = 0;
    let failed = 0;
    let first = null;
    let last = null;
    const perBlock = [];
    for (let n = start + 1; included + failed < COUNT; n++) {
      // Wait for block n.
      while ((await api.rpc.chain.getHeader()).number.toNumber() < n) await new Promise((r) => setTimeout(r, 500));
      const hash = await api.rpc.chain.getBlockHash(n);
      const at = await api.at(hash);
      const [block, events, weight] = await Promise.all([api.rpc.chain.getBlock(hash), at.query.system.events(), at.query.system.blockWeight()]);
      let here = 0;
      block.block.extrinsics.forEach((ex, index) => {
        if (ex.method.section !== section || ex.method.method !== method) return;
        const ok = events.some(({ phase, event }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index && api.events.system.ExtrinsicSuccess.is(event));
        if (ok) here++; else failed++;
      });
      if (here > 0) {
        perBlock.push({ here, full: isFull(weight) });
        first ??= n;
        last = n;
        included += here;
      }
      if (n > start + 200) throw new Error(`${label}: only ${included} of ${COUNT} included after 200 blocks`);
    }
    if (failed) throw new Error(`${label}: ${failed} of ${COUNT} failed`);
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
    const shown = perBlock.map((b) => `${b.here}${b.full ? ' (full)' : ''}`).join(', ');
    console.log(`${label}: ${COUNT} included in blocks ${first}…${last} (${last - first + 1} blocks, ${seconds} s): ${rate.toFixed(1)} per second` +
      `${sustained === null ? '' : ` (${sustained.toFixed(1)} sustained, without the last block)`}; per block: ${shown}`);
    return { rate, sustained, fullest };
  };

  const transfers = await measure('balances.transferKeepAlive', () =>
    senders.map((s, i) => [api.tx.balances.transferKeepAlive(stakers[i].address, UNIT), s]));
  const deposits = await measure('vaults.deposit', () =>
    stakers.map((s) => [api.tx.vaults.deposit(0, charlie.address, 10n * UNIT), s]));
  // N / elapsed moves in steps of whole 6 s blocks (2 blocks against 3 is 0.67 whatever
  // the blocks hold); leaving out the last block, which holds the batch's remainder, takes
  // that step away; a block full by weight holds the chain's capacity for its kind. All
  // three are printed; the last does not depend on luck, but needs a full block of each.
  const sustained = deposits.sustained !== null && transfers.sustained !== null
    ? `, ${(deposits.sustained / transfers.sustained).toFixed(2)} sustained` : '';
  const endToEnd = `ratio deposit / transfer: ${(deposits.rate / transfers.rate).toFixed(2)} end to end${sustained}`;
  if (deposits.fullest === null || transfers.fullest === null) {
    console.log(`${endToEnd}; at capacity: not measured, no block was full of ` +
      `${deposits.fullest === null ? 'deposits' : 'transfers'} (the pool did not keep up): run again, or with a larger --count`);
  } else {
    console.log(`${endToEnd}; ${(deposits.fullest / transfers.fullest).toFixed(2)} at capacity (full blocks: ` +
      `${deposits.fullest} deposits, ${transfers.fullest} transfers; target ≥ 0.70)`);
  }
} finally {
  await api.disconnect();
  await node?.stop();
}
