import { WsProvider } from '@polkadot/api';
const p = new WsProvider('ws://127.0.0.1:9977'); await p.isReady;
const [method, param, n] = process.argv.slice(2);
const arg = method === 'restaking_avsSecurity' ? Number(param) : param;
const t = performance.now();
for (let i = 0; i < Number(n); i++) await p.send(method, [arg]);
console.log(method, ((performance.now() - t) / Number(n)).toFixed(2), 'ms/call');
await p.disconnect();
