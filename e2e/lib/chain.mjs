// Small helpers over @polkadot/api for the e2e tests.

import { ApiPromise, WsProvider } from '@polkadot/api';

const providers = new WeakMap();

/** Connects to a node; fails (instead of retrying forever) if it cannot. */
export async function connect(wsUrl) {
  const provider = new WsProvider(wsUrl, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
  providers.set(api, provider);
  return api;
}

/** Calls a JSON-RPC method as is (no decoration): what `restaking_*` users do. */
export const send = (api, method, ...params) => providers.get(api).send(method, params);

/** Resolves with the first value of `read()` that satisfies `done`, polling each second. */
export async function waitFor(what, read, done, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last value: ${last})`);
}

export const bestNumber = async (api) => (await api.rpc.chain.getHeader()).number.toNumber();
export const finalizedNumber = async (api) =>
  (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();

/**
 * Signs and sends `tx`, resolves once it is in a block with that block's hash, its
 * events, and the dispatch error (decoded) if it failed. Rejects if the pool refuses it.
 */
export function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isInBlock) {
        unsub?.();
        let error = null;
        if (dispatchError) {
          if (dispatchError.isModule) {
            const meta = api.registry.findMetaError(dispatchError.asModule);
            error = `${meta.section}.${meta.name}`;
          } else if (dispatchError.isToken) {
            error = `Token.${dispatchError.asToken.type}`;
          } else {
            error = dispatchError.type;
          }
        }
        resolve({ blockHash: status.asInBlock, events, error });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((u) => { unsub = u; })
      .catch(reject);
  });
}

/** Submits `tx` and fails the test if it did not succeed; resolves with `submit`'s result. */
export async function mustSucceed(api, tx, signer) {
  const result = await submit(api, tx, signer);
  if (result.error !== null) {
    throw new Error(`${tx.method.section}.${tx.method.method} failed: ${result.error}`);
  }
  return result;
}

/**
 * Gives each of `accounts` `amount` from `from`: batches of 500 transfers, all submitted
 * at once with consecutive nonces, then waits until the first and the last account have
 * their funds (a 6 s block takes a few thousand transfers: a block per 1,000 accounts is
 * allowed, and then a minute).
 */
export async function fundAll(api, from, accounts, amount) {
  let nonce = (await api.rpc.system.accountNextIndex(from.address)).toNumber();
  const batches = [];
  for (let i = 0; i < accounts.length; i += 500) {
    const calls = accounts.slice(i, i + 500).map((a) => api.tx.balances.transferKeepAlive(a.address, amount));
    batches.push(await api.tx.utility.batchAll(calls).signAsync(from, { nonce: nonce++ }));
  }
  await Promise.all(batches.map((tx) => api.rpc.author.submitExtrinsic(tx)));
  const funded = async (a) => (await api.query.system.account(a.address)).data.free.toBigInt() > 0n;
  const seconds = 60 + Math.ceil(accounts.length / 1000) * 6;
  await waitFor(`${accounts.length} accounts to be funded`, async () => (await funded(accounts[0])) && (await funded(accounts[accounts.length - 1])), Boolean, seconds * 1000);
}
