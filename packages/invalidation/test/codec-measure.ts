// Why the envelope is binary: size and speed against the same envelope as JSON with base64 values.
// Run: node --conditions=@multi-tier-cache/source --import tsx packages/invalidation/test/codec-measure.ts
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import type { InvalidationMessage } from '@multi-tier-cache/core';
import { binaryCodec } from '@multi-tier-cache/invalidation';

const value = Buffer.from(
  JSON.stringify({ id: 42, name: 'Ada Lovelace', tags: ['a', 'b'], bio: 'x'.repeat(200) }),
);
const messages: Record<string, InvalidationMessage> = {
  remove: { type: 'remove', keys: ['user:42'] },
  update: { type: 'update', key: 'user:42', value, ttlMs: 300_000 },
};
const binary = binaryCodec();
const json = {
  encode(message: InvalidationMessage) {
    const body =
      message.type === 'update'
        ? { ...message, value: Buffer.from(message.value).toString('base64') }
        : message;
    return Buffer.from(JSON.stringify({ v: 1, id: 'Xq3f9aZ1kLm2', ts: Date.now(), ...body }));
  },
  decode(payload: Buffer) {
    const parsed = JSON.parse(payload.toString());
    if (parsed.type === 'update') parsed.value = Buffer.from(parsed.value, 'base64');
    return parsed;
  },
};

for (const [name, message] of Object.entries(messages)) {
  const envelope = { instanceId: 'Xq3f9aZ1kLm2', timestamp: Date.now(), message };
  const rounds = 200_000;
  let start = performance.now();
  for (let i = 0; i < rounds; i++) binary.decode(binary.encode(envelope));
  const binaryUs = ((performance.now() - start) * 1000) / rounds;
  start = performance.now();
  for (let i = 0; i < rounds; i++) json.decode(json.encode(message));
  const jsonUs = ((performance.now() - start) * 1000) / rounds;
  console.log(
    `${name}: binary ${binary.encode(envelope).length} B, ${binaryUs.toFixed(2)} µs/round trip; ` +
      `JSON+base64 ${json.encode(message).length} B, ${jsonUs.toFixed(2)} µs/round trip`,
  );
}
