// Rewards and slashing on a live dev node, as a polkadot.js user drives them: an AVS of
// our own, an operator allocating a vault to it, a reward stream, claims, and slash
// requests (one vetoed, one executed after its veto window).
//
// The allocation delay A is 40 blocks on --dev, so the set-up runs first and the test
// waits for the allocation to apply (about four minutes).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, withNodeLog } from '../lib/node.mjs';
import { connect, waitFor, bestNumber, mustSucceed, submit, send } from '../lib/chain.mjs';

const UNIT = 10n ** 12n;
const PERBILL = 1_000_000_000n;
const PERQUINTILL = 10n ** 18n;
const STAKE = 1_000n * UNIT;
const STREAM = 100n * UNIT;
const DURATION = 100; // blocks: 1 BST per block

describe('rewards and slashing on bastion-node --dev', () => {
  let node;
  let api;
  let k; // keys
  let avs; // our AVS id
  let effectiveAt; // the block the allocation applies at

  const withLog = withNodeLog(() => node);

  const ok = (tx, signer) => mustSucceed(api, tx, signer);
  const event = (result, section, method) => {
    const found = result.events.find(({ event: e }) => e.section === section && e.method === method);
    assert.ok(found, `no ${section}.${method} event in ${result.events.map(({ event: e }) => `${e.section}.${e.method}`)}`);
    return found.event.data;
  };
  const blockOf = async (result) => (await api.rpc.chain.getHeader(result.blockHash)).number.toNumber();
  const pool = async () => (await api.query.vaults.pools(0, k.ferdie.address)).unwrap();
  const free = async (who) => (await api.query.system.account(who)).data.free.toBigInt();
  const feeOf = (result) =>
    result.events
      .filter(({ event: e }) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid')
      .reduce((sum, { event: e }) => sum + e.data.actualFee.toBigInt(), 0n);

  before(async () => {
    await cryptoWaitReady();
    node = await startNode({ args: ['--dev'], name: 'dev node (rewards, slashing)' });
    api = await connect(node.wsUrl);
    const keyring = new Keyring({ type: 'sr25519' });
    k = {
      alice: keyring.addFromUri('//Alice'),
      aliceStash: keyring.addFromUri('//Alice//stash'),
      dave: keyring.addFromUri('//Dave'),
      eve: keyring.addFromUri('//Eve'),
      ferdie: keyring.addFromUri('//Ferdie'),
    };
    avs = (await api.query.avs.nextAvsId()).toNumber();

    // Ferdie becomes an operator (10 %), Dave registers an AVS over vault 0 (BST) with Eve
    // as resolver and the treasury as destination.
    await Promise.all([
      ok(api.tx.operators.registerOperator(100_000_000, 'e2e operator'), k.ferdie),
      ok(api.tx.avs.registerAvs('e2e AVS', {
        acceptedVaults: [0],
        rules: {
          slasher: k.dave.address,
          resolver: k.eve.address,
          vetoWindow: 5,
          maxSlashPerRequest: 20n * PERQUINTILL / 100n,
          slashCooldown: 10,
          destination: 'Treasury',
        },
        minOperatorStake: 0,
        operatorPolicy: 'Open',
      }), k.dave),
    ]);
    // Alice (vault 0's curator) lets vault 0 serve it; Ferdie opts in; Alice//stash stakes
    // with Ferdie; the AVS accepts BST rewards.
    await Promise.all([
      ok(api.tx.vaults.approveAvs(0, avs), k.alice),
      ok(api.tx.operators.optIn(avs), k.ferdie),
      ok(api.tx.vaults.deposit(0, k.ferdie.address, STAKE), k.aliceStash),
      ok(api.tx.rewards.setRewardAssets(avs, ['Native']), k.dave),
    ]);
    const alloc = await ok(api.tx.operators.allocate(avs, 0, PERQUINTILL), k.ferdie);
    effectiveAt = event(alloc, 'operators', 'AllocationScheduled').effectiveAt.toNumber();
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  test('a stream pays stakers and the operator pro rata to the blocks elapsed', withLog(async () => {
    await waitFor(`block ${effectiveAt} (allocation applies)`, () => bestNumber(api), (n) => n >= effectiveAt, 400_000);

    const funded = await ok(
      api.tx.rewards.fundRewards(avs, 'Native', STREAM, DURATION, [[0, PERBILL]]),
      k.dave,
    );
    const stream = event(funded, 'rewards', 'StreamFunded');
    assert.equal(stream.amount.toBigInt(), STREAM);
    const start = await blockOf(funded);
    assert.equal(stream.end.toNumber(), start + DURATION);

    await waitFor('5 blocks of the stream', () => bestNumber(api), (n) => n >= start + 5);
    const before = await free(k.aliceStash.address);
    const claimed = await ok(api.tx.rewards.claim([[0, k.ferdie.address]]), k.aliceStash);
    const blocks = BigInt((await blockOf(claimed)) - start);
    const paid = event(claimed, 'rewards', 'RewardsClaimed').amount.toBigInt();
    // 1 BST per block; the stakers' part is 90 % (the operator keeps 10 %).
    const expected = (STREAM * blocks / BigInt(DURATION)) * 9n / 10n;
    assert.ok(expected - paid >= 0n && expected - paid <= 10n, `claimed ${paid}, expected ${expected} (−10 planck at most)`);
    assert.equal(await free(k.aliceStash.address), before + paid - feeOf(claimed));

    const commission = await ok(api.tx.rewards.claimCommission(0, avs), k.ferdie);
    const cut = event(commission, 'rewards', 'CommissionClaimed').amount.toBigInt();
    const commissionBlocks = BigInt((await blockOf(commission)) - start);
    const expectedCut = (STREAM * commissionBlocks / BigInt(DURATION)) / 10n;
    assert.ok(expectedCut - cut >= 0n && expectedCut - cut <= 10n, `commission ${cut}, expected ${expectedCut}`);

    // Nothing left to claim right after a claim in the same pool is a named error.
    const twice = await submit(api, api.tx.rewards.claim([[0, k.eve.address]]), k.aliceStash);
    assert.equal(twice.error, 'rewards.NothingToClaim');
  }));

  const rpc = (method, ...params) => send(api, method, ...params);

  test('the restaking_* RPC methods are listed and agree with storage', withLog(async () => {
    const methods = (await api.rpc.rpc.methods()).methods.map((m) => m.toString());
    for (const m of ['restaking_operatorStake', 'restaking_avsSecurity', 'restaking_stakerExposure', 'restaking_simulateSlash']) {
      assert.ok(methods.includes(m), `${m} not in rpc_methods`);
    }
    const hash = await api.rpc.chain.getBlockHash();
    const at = await api.at(hash);
    const storedPool = (await at.query.vaults.pools(0, k.ferdie.address)).unwrap();

    const stake = await rpc('restaking_operatorStake', k.ferdie.address, hash.toHex());
    assert.equal(stake.commission, 100_000_000);
    const pool = stake.pools.find((p) => p.vault === 0);
    assert.equal(pool.totalAssets, storedPool.totalAssets.toString());
    assert.equal(pool.totalShares, storedPool.totalShares.toString());
    const alloc = pool.allocations.find((a) => a.avs === avs);
    assert.equal(alloc.fraction, PERQUINTILL.toString());
    assert.equal(alloc.slashable, storedPool.totalAssets.toString());

    const security = await rpc('restaking_avsSecurity', avs, hash.toHex());
    assert.equal(security.maxSlashPerRequest, (20n * PERQUINTILL / 100n).toString());
    const slice = security.vaults[0].operators.find((o) => o.operator === k.ferdie.address);
    assert.equal(slice.slashable, storedPool.totalAssets.toString());

    const exposure = await rpc('restaking_stakerExposure', k.aliceStash.address, hash.toHex());
    const position = exposure.positions.find((p) => p.operator === k.ferdie.address);
    const stored = (await at.query.vaults.positions(0, k.ferdie.address, k.aliceStash.address)).unwrap();
    assert.equal(position.shares, stored.shares.toString());
    // Alone in the pool, the position is worth the pool (within a unit of rounding).
    assert.ok(storedPool.totalAssets.toBigInt() - BigInt(position.value) <= 1n);
    const perAvs = position.perAvs.find((p) => p.avs === avs);
    assert.equal(perAvs.maxTotal, position.value);
    assert.equal(BigInt(perAvs.maxPerRequest), (BigInt(position.value) * 20n + 99n) / 100n);
    assert.equal(position.worstCase, position.value);
    assert.ok(BigInt(position.claimable.find((c) => c.asset === 'native')?.amount ?? '0') > 0n, 'rewards accrue since the claim');

    // Errors are JSON-RPC errors that say what is wrong.
    await assert.rejects(rpc('restaking_operatorStake', k.eve.address), /not a registered operator/);
    await assert.rejects(rpc('restaking_avsSecurity', 999), /no AVS has id 999/);
    await assert.rejects(rpc('restaking_stakerExposure', k.eve.address), /has no position/);
    await assert.rejects(rpc('restaking_operatorStake', k.ferdie.address, '0x' + '11'.repeat(32)), /is not known to this node/);
    await assert.rejects(rpc('restaking_simulateSlash', avs, k.ferdie.address, (PERQUINTILL / 2n).toString()), /FractionAboveCap/);
    await assert.rejects(rpc('restaking_simulateSlash', avs, k.ferdie.address, (2n * PERQUINTILL).toString()), { code: 8006 });
    // Parameters that cannot be read, missing or surplus are JSON-RPC's own -32602 (the
    // data names the method's parameters: polkadot.js shows its parentheses as commas).
    const invalid = (detail) => ({ code: -32602, message: detail });
    await assert.rejects(rpc('restaking_avsSecurity', avs, hash.toHex(), 'extra'), invalid(/takes at most 2 parameters, not 3/));
    await assert.rejects(rpc('restaking_operatorStake', k.ferdie.address.slice(0, -1)), invalid(/operator: /));
    await assert.rejects(rpc('restaking_stakerExposure', '0x' + '11'.repeat(32)), invalid(/staker: Base 58 requirement is violated/));
    await assert.rejects(rpc('restaking_avsSecurity', -1), invalid(/avs: invalid number/));
    await assert.rejects(rpc('restaking_avsSecurity', 2 ** 32), invalid(/avs: invalid number/));
    await assert.rejects(rpc('restaking_operatorStake', k.ferdie.address, '0x1234'), invalid(/at: invalid length/));
    await assert.rejects(rpc('restaking_simulateSlash', avs, k.ferdie.address), invalid(/fraction is missing/));
  }));

  test('a vetoed slash returns its escrow; an unvetoed one executes after the window', withLog(async () => {
    const treasury = api.consts.slashing.treasuryAccount.toString();
    const tenPercent = PERQUINTILL / 10n;
    assert.equal((await pool()).totalAssets.toBigInt(), STAKE);

    // Request 10 %: the slice is the whole pool (100 % allocated), so 100 BST is escrowed.
    const first = await ok(
      api.tx.slashing.requestSlash(avs, k.ferdie.address, tenPercent, await bestNumber(api), '0x' + '01'.repeat(32)),
      k.dave,
    );
    const requestedAt = await blockOf(first);
    const escrowed = event(first, 'slashing', 'PoolEscrowed');
    assert.equal(escrowed.amount.toBigInt(), STAKE / 10n);
    const id = event(first, 'slashing', 'SlashRequested').id.toNumber();
    assert.equal((await pool()).totalAssets.toBigInt(), STAKE - STAKE / 10n);

    // Eve, the resolver, vetoes it: the escrow goes back exactly.
    const veto = await ok(api.tx.slashing.vetoSlash(id), k.eve);
    event(veto, 'slashing', 'SlashVetoed');
    assert.equal((await pool()).totalAssets.toBigInt(), STAKE);

    // After the cooldown (10 blocks from the vetoed request), a new request.
    await waitFor('the slash cooldown', () => bestNumber(api), (n) => n >= requestedAt + 10);
    const treasuryBefore = await free(treasury);
    // The dry run first: it changes nothing, and the real request must match it exactly.
    const simulated = await rpc('restaking_simulateSlash', avs, k.ferdie.address, tenPercent.toString());
    assert.equal((await pool()).totalAssets.toBigInt(), STAKE);
    const second = await ok(
      api.tx.slashing.requestSlash(avs, k.ferdie.address, tenPercent, await bestNumber(api), '0x' + '02'.repeat(32)),
      k.dave,
    );
    const second_id = event(second, 'slashing', 'SlashRequested').id.toNumber();
    const real = event(second, 'slashing', 'PoolEscrowed');
    assert.equal(simulated.total, real.amount.toString());
    assert.equal(simulated.pools.length, 1);
    assert.equal(simulated.pools[0].vault, real.vault.toNumber());
    assert.equal(simulated.pools[0].amount, real.amount.toString());
    assert.deepEqual(
      simulated.pools[0].slices,
      real.slices.map((s) => ({ avs: s.avs.toNumber(), before: s.before.toString(), after: s.after.toString() })),
    );
    // The one staker loses the escrow (within a unit: shares are valued rounding down).
    assert.equal(simulated.pools[0].stakers.length, 1);
    assert.equal(simulated.pools[0].stakers[0].staker, k.aliceStash.address);
    const loss = BigInt(simulated.pools[0].stakers[0].loss);
    assert.ok(loss - real.amount.toBigInt() <= 1n && real.amount.toBigInt() - loss <= 1n, `loss ${loss} vs escrow ${real.amount}`);
    const executableAt = event(second, 'slashing', 'SlashRequested').executableAt.toNumber();
    assert.equal(executableAt, (await blockOf(second)) + 5);

    // Nobody calls execute: the block hook executes it when the window ends.
    await waitFor(`slash ${second_id} executed`, async () => (await api.query.slashing.requests(second_id)).isNone, (done) => done);
    assert.ok(await bestNumber(api) >= executableAt);
    const hash = await api.rpc.chain.getBlockHash(executableAt);
    const events = await (await api.at(hash)).query.system.events();
    const executed = events.find(({ event: e }) => api.events.slashing.SlashExecuted.is(e));
    assert.ok(executed, `no slashing.SlashExecuted at block ${executableAt}`);
    assert.equal(executed.event.data.total.toBigInt(), STAKE / 10n);

    // The pool lost 10 %, the treasury got exactly that.
    assert.equal((await pool()).totalAssets.toBigInt(), STAKE - STAKE / 10n);
    assert.equal(await free(treasury), treasuryBefore + STAKE / 10n);

    // After the slash the RPC answers with the smaller pool.
    const after = await rpc('restaking_operatorStake', k.ferdie.address);
    assert.equal(after.pools.find((p) => p.vault === 0).totalAssets, (STAKE - STAKE / 10n).toString());
    const exposure = await rpc('restaking_stakerExposure', k.aliceStash.address);
    const position = exposure.positions.find((p) => p.operator === k.ferdie.address);
    assert.ok(STAKE - STAKE / 10n - BigInt(position.value) <= 1n, `position worth ${position.value} after the slash`);
  }));
});
