import autocannon from 'autocannon';
import { signIn } from './bench/common.ts';

const url = process.argv[2]!;
const path = process.argv[3]!;
const secs = Number(process.argv[4] ?? 20);
const api = await signIn(url, 'agent', 'x');
const r = await autocannon({ url: url + path, connections: 10, duration: secs, headers: { cookie: api.cookie } });
console.log(
  path,
  'req/s',
  r.requests.average,
  'p50',
  r.latency.p50,
  'p99',
  r.latency.p99,
  'non2xx',
  r.non2xx,
  'errors',
  r.errors,
);
