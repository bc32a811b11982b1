// A dev chain as a polkadot.js user sees it: blocks every 6 s, finality, the runtime's
// pallets in the metadata, and a transfer from Alice with its balances and events.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { mnemonicGenerate, cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, withNodeLog } from '../lib/node.mjs';
import { connect, waitFor, bestNumber, finalizedNumber, submit } from '../lib/chain.mjs';

const UNIT = 10n ** 12n;

describe('bastion-node --dev', () => {
  let node;
  let api;
  let alice;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode({ args: ['--dev'], name: 'dev node' });
    api = await connect(node.wsUrl);
    alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  const withLog = withNodeLog(() => node);

  test('is the Bastion dev chain: BST token, no custom types needed', withLog(async () => {
    assert.equal((await api.rpc.system.chain()).toString(), 'Bastion Development');
    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'BST');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
    assert.equal(api.runtimeVersion.specName.toString(), 'bastion');
    // Existential deposit: 0.001 BST.
    assert.equal(api.consts.balances.existentialDeposit.toBigInt(), UNIT / 1000n);
  }));

  test('exposes the runtime pallets in metadata V14 to V16', withLog(async () => {
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    for (const name of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Assets', 'Sudo', 'Utility', 'Vaults', 'Operators', 'Avs', 'Slashing', 'Rewards', 'Session', 'Historical', 'Offences', 'Validators']) {
      assert.ok(pallets.includes(name), `pallet ${name} missing from metadata: ${pallets}`);
    }
    const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
    for (const v of [14, 15, 16]) assert.ok(versions.includes(v), `metadata V${v} not offered: ${versions}`);
  }));

  test('seeds the consensus AVS and the restaking example: an asset, two vaults, an operator, an AVS', withLog(async () => {
    const usdb = (await api.query.assets.metadata(1)).toHuman();
    assert.equal(usdb.symbol, 'USDB');
    const native = (await api.query.vaults.vaultInfo(0)).unwrap();
    assert.equal(native.asset.toString(), 'Native');
    assert.equal(native.params.withdrawalDelay.toNumber(), 30);
    const usdbVault = (await api.query.vaults.vaultInfo(1)).unwrap();
    assert.deepEqual(usdbVault.asset.toJSON(), { withId: 1 });
    const charlie = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie').address;
    assert.ok((await api.query.operators.operatorInfo(charlie)).isSome);
    assert.ok((await api.query.operators.optIns(charlie, 1)).isSome);
    const consensus = (await api.query.avs.avsInfo(0)).unwrap();
    assert.equal(consensus.metadata.toUtf8(), 'Bastion consensus');
    const oracle = (await api.query.avs.avsInfo(1)).unwrap();
    assert.equal(oracle.metadata.toUtf8(), 'Example oracle');
    // The delays are in metadata for every client to read.
    assert.equal(api.consts.operators.allocationDelay.toNumber(), 40);
    assert.equal(api.consts.avs.maxOffenceAge.toNumber(), 20);
  }));

  test('walks the restaking example: deposit, allocation, withdrawal request', withLog(async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const bob = keyring.addFromUri('//Bob');
    const charlie = keyring.addFromUri('//Charlie');
    const amount = 100n * UNIT;

    const dep = await submit(api, api.tx.vaults.deposit(0, charlie.address, amount), bob);
    assert.equal(dep.error, null);
    const deposited = dep.events.find(({ event }) => api.events.vaults.Deposited.is(event));
    assert.ok(deposited, 'no vaults.Deposited event');
    assert.equal(deposited.event.data.amount.toBigInt(), amount);
    // First deposit of the pool: 1,000 shares per planck.
    assert.equal(deposited.event.data.shares.toBigInt(), amount * 1000n);
    const pool = (await (await api.at(dep.blockHash)).query.vaults.pools(0, charlie.address)).unwrap();
    assert.equal(pool.totalAssets.toBigInt(), amount);

    const half = 500_000_000_000_000_000n; // 50 % in Perquintill parts
    const alloc = await submit(api, api.tx.operators.allocate(1, 0, half), charlie);
    assert.equal(alloc.error, null);
    const scheduled = alloc.events.find(({ event }) => api.events.operators.AllocationScheduled.is(event));
    assert.ok(scheduled, 'no operators.AllocationScheduled event');
    const at = (await api.rpc.chain.getHeader(alloc.blockHash)).number.toNumber();
    assert.equal(scheduled.event.data.effectiveAt.toNumber(), at + api.consts.operators.allocationDelay.toNumber());
    assert.equal(scheduled.event.data.to.toBigInt(), half);

    const req = await submit(api, api.tx.vaults.requestWithdrawal(0, charlie.address, { All: null }), bob);
    assert.equal(req.error, null);
    const requested = req.events.find(({ event }) => api.events.vaults.WithdrawalRequested.is(event));
    const reqAt = (await api.rpc.chain.getHeader(req.blockHash)).number.toNumber();
    assert.equal(requested.event.data.unlockAt.toNumber(), reqAt + 30);
    assert.equal(requested.event.data.value.toBigInt(), amount);

    // Too early to complete: a named error, not a panic.
    const early = await submit(api, api.tx.vaults.completeWithdrawal(0, charlie.address), bob);
    assert.equal(early.error, 'vaults.NoWithdrawalReady');
  }));

  test('produces a block every 6 s', withLog(async () => {
    const start = await bestNumber(api);
    await waitFor('two more blocks', () => bestNumber(api), (n) => n >= start + 2);
    const n = await bestNumber(api);
    const at = async (k) => (await (await api.at(await api.rpc.chain.getBlockHash(k))).query.timestamp.now()).toNumber();
    const gap = (await at(n)) - (await at(n - 1));
    // Aura fixes the slot at 6 s; the timestamp is the author's clock inside the slot.
    assert.ok(gap >= 5000 && gap <= 7000, `block time ${gap} ms, expected about 6000`);
    assert.equal((await api.call.auraApi.slotDuration()).toNumber(), 6000);
  }));

  test('finalizes blocks with GRANDPA, and finality advances', withLog(async () => {
    const first = await waitFor('a finalized block', () => finalizedNumber(api), (n) => n >= 1);
    await waitFor('finality to advance', () => finalizedNumber(api), (n) => n > first);
  }));

  test('transfers BST from Alice with balances.transferKeepAlive', withLog(async () => {
    const dest = new Keyring({ type: 'sr25519' }).addFromMnemonic(mnemonicGenerate());
    const amount = 10n * UNIT;
    const { blockHash, events, error } = await submit(
      api, api.tx.balances.transferKeepAlive(dest.address, amount), alice,
    );
    assert.equal(error, null);

    const names = events.map(({ event }) => `${event.section}.${event.method}`);
    assert.ok(names.includes('system.ExtrinsicSuccess'), names.join(', '));
    const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
    assert.ok(transfer, `no balances.Transfer in ${names}`);
    const [from, to, value] = transfer.event.data;
    assert.equal(from.toString(), alice.address);
    assert.equal(to.toString(), dest.address);
    assert.equal(value.toBigInt(), amount);
    const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feeEvent, `no transactionPayment.TransactionFeePaid in ${names}`);
    const fee = feeEvent.event.data.actualFee.toBigInt();
    assert.ok(fee > 0n);

    const state = await api.at(blockHash);
    const parent = await api.at((await api.rpc.chain.getHeader(blockHash)).parentHash);
    const aliceBefore = (await parent.query.system.account(alice.address)).data.free.toBigInt();
    assert.equal((await state.query.system.account(dest.address)).data.free.toBigInt(), amount);
    const aliceAfter = (await state.query.system.account(alice.address)).data.free.toBigInt();
    assert.equal(aliceBefore - aliceAfter, amount + fee, 'Alice pays exactly the amount and the fee');
  }));

  test('refuses a transfer that would create an account below the existential deposit', withLog(async () => {
    const dest = new Keyring({ type: 'sr25519' }).addFromMnemonic(mnemonicGenerate());
    const { events, error } = await submit(api, api.tx.balances.transferKeepAlive(dest.address, 1n), alice);
    assert.equal(error, 'Token.BelowMinimum');
    assert.ok(events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event)));
    assert.equal((await api.query.system.account(dest.address)).data.free.toBigInt(), 0n);
  }));
});
