import { describe, expect, test } from 'vitest';
import { binaryCodec } from './binary-codec.js';
import { encodeHeartbeat, isHeartbeat, ownHeartbeatTime } from './heartbeat.js';

describe('heartbeat payloads', () => {
  test('its sender reads back the time it was sent', () => {
    const payload = encodeHeartbeat('api-1', 1_700_000_000_123);
    expect(isHeartbeat(payload)).toBe(true);
    expect(ownHeartbeatTime(payload, 'api-1')).toBe(1_700_000_000_123);
  });

  test('another instance, a truncated payload or an envelope is not a heartbeat of its own', () => {
    const payload = encodeHeartbeat('api-1', 1);
    expect(ownHeartbeatTime(payload, 'api-2')).toBeUndefined();
    expect(ownHeartbeatTime(payload.subarray(0, payload.length - 1), 'api-1')).toBeUndefined();
    const envelope = binaryCodec().encode({
      instanceId: 'api-1',
      timestamp: 1,
      message: { type: 'clear' },
    });
    expect(isHeartbeat(envelope)).toBe(false);
  });
});
