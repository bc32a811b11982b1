// Hosts of their own for the network test: each node runs in a Linux network namespace
// (`ip netns`, iproute2) with its own address, so the network between them can be cut.
//
//   host i:  peer address 10.77.0.i/24 on a veth whose other end is a port of a bridge in
//            the hub namespace; management address 10.78.i.2/30 on a veth to the test's
//            own namespace (10.78.i.1), where the node serves RPC.
//
// Peers reach each other only through the hub's bridges; `partition` moves hosts' ports to
// a second bridge (two segments that cannot talk), `heal` moves them back. The management
// links are never cut, so the test keeps watching every side. Needs root (CI runs as
// root); `teardown` removes everything, and `setup` first removes what a killed run left.

import { execFileSync } from 'node:child_process';

const PREFIX = 'bst';
const HUB = `${PREFIX}-hub`;
const BRIDGE = 'br0';
const SPLIT = 'br1';

function ip(...args) {
  try {
    return execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    throw new Error(`ip ${args.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

const inHub = (...args) => ip('netns', 'exec', HUB, 'ip', ...args);

/** Whether this process may create network namespaces, and if not, why. */
export function netnsUnavailable() {
  if (process.getuid?.() !== 0) {
    return 'the network test runs each validator in its own network namespace (ip netns), which needs root: run it as root (CI does), e.g. `sudo node --test e2e/network/`';
  }
  try {
    ip('netns', 'list');
  } catch (e) {
    return `ip netns is not usable here (${e.message}): install iproute2`;
  }
  return null;
}

/** Removes the namespaces and links a run made (or a killed run left). */
export function teardown(count = 8) {
  const existing = ip('netns', 'list');
  for (let i = 1; i <= count; i += 1) {
    try {
      ip('link', 'del', `${PREFIX}-r${i}`);
    } catch {
      // not there
    }
    if (existing.includes(`${PREFIX}-h${i}`)) ip('netns', 'del', `${PREFIX}-h${i}`);
  }
  if (existing.includes(HUB)) ip('netns', 'del', HUB);
}

/**
 * Creates `names.length` hosts on one segment. Returns, per name, the host the node is
 * started on (`startNode({ host })`): its namespace, peer address and RPC address.
 */
export function setup(names) {
  teardown(Math.max(8, names.length));
  ip('netns', 'add', HUB);
  inHub('link', 'set', 'lo', 'up');
  for (const bridge of [BRIDGE, SPLIT]) {
    inHub('link', 'add', bridge, 'type', 'bridge');
    inHub('link', 'set', bridge, 'up');
  }
  const hosts = {};
  names.forEach((name, index) => {
    const i = index + 1;
    const netns = `${PREFIX}-h${i}`;
    const port = `${PREFIX}-p${i}`;
    ip('netns', 'add', netns);
    ip('netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up');
    // The peer link: eth0 in the host, its port on the hub's bridge.
    ip('link', 'add', 'eth0', 'netns', netns, 'type', 'veth', 'peer', 'name', port, 'netns', HUB);
    ip('netns', 'exec', netns, 'ip', 'addr', 'add', `10.77.0.${i}/24`, 'dev', 'eth0');
    ip('netns', 'exec', netns, 'ip', 'link', 'set', 'eth0', 'up');
    inHub('link', 'set', port, 'master', BRIDGE);
    inHub('link', 'set', port, 'up');
    // The management link: mgmt in the host, bst-r<i> here.
    const root = `${PREFIX}-r${i}`;
    ip('link', 'add', root, 'type', 'veth', 'peer', 'name', 'mgmt', 'netns', netns);
    ip('addr', 'add', `10.78.${i}.1/30`, 'dev', root);
    ip('link', 'set', root, 'up');
    ip('netns', 'exec', netns, 'ip', 'addr', 'add', `10.78.${i}.2/30`, 'dev', 'mgmt');
    ip('netns', 'exec', netns, 'ip', 'link', 'set', 'mgmt', 'up');
    hosts[name] = { netns, port, address: `10.77.0.${i}`, rpcAddress: `10.78.${i}.2` };
  });
  return hosts;
}

/** Cuts the peer network in two: `side` on one segment, every other host on the other. */
export function partition(hosts, side) {
  for (const host of side) inHub('link', 'set', host.port, 'master', SPLIT);
}

/** Puts every host back on one segment. */
export function heal(hosts) {
  for (const host of Object.values(hosts)) inHub('link', 'set', host.port, 'master', BRIDGE);
}
