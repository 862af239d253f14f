export { binaryCodec, ENVELOPE_VERSION } from './binary-codec.js';
export {
  type Codec,
  DEFAULT_LIMITS,
  type DecodeLimits,
  type DropReason,
  type Envelope,
} from './envelope.js';
export { type IoredisTransportOptions, ioredisTransport } from './ioredis-transport.js';
export {
  type NodeRedisClientLike,
  type NodeRedisTransportOptions,
  nodeRedisTransport,
} from './node-redis-transport.js';
export { PublishQueue } from './publish-queue.js';
export { DEFAULT_CHANNEL, type RedisBus, redisBus } from './redis-bus.js';
export type { RedisBusOptions, ReplayOptions, TrackingOptions } from './redis-bus-options.js';
export type {
  LivenessStats,
  RedisBusStats,
  ReplayStats,
  TrackingStats,
} from './redis-bus-stats.js';
export {
  RUST_CHANNEL,
  type RustCodecOptions,
  type RustValueEncoding,
  rustCodec,
} from './rust-codec.js';
export { SentFingerprints } from './sent-fingerprints.js';
export { hmacSigner, type Secret, SIGNATURE_BYTES, type Signer } from './signing.js';
export type { TrackingConnection, TrackingNode } from './tracking-connection.js';
export type { Transport, TransportEvents } from './transport.js';
