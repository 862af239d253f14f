// One server of the HTTP benchmark, in a process of its own so the load generator never shares
// its event loop: GET /items/:id answers the item as JSON. MODE picks the lookup (see modes.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOT_IDS } from './database.js';
import { type HttpMode, lookupFor } from './modes.js';

const lookup = lookupFor(process.env.MODE as HttpMode, process.env.REDIS_URL!);
const PATH = '/items/';

const server = createServer(async (request, response) => {
  const id = Number(request.url!.slice(PATH.length));
  if (!request.url!.startsWith(PATH) || !Number.isInteger(id) || id < 0 || id >= HOT_IDS) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = JSON.stringify(await lookup(id));
    response
      .writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      })
      .end(body);
  } catch {
    response.writeHead(500).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
