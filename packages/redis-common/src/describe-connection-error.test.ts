import { connect } from 'node:net';
import { freePort } from '@multi-tier-cache/test-servers';
import { describe, expect, it } from 'vitest';
import {
  addressOf,
  describeConnectionError,
  isConnectionError,
} from './describe-connection-error.js';

function refusedConnection(port: number): Promise<Error> {
  return new Promise((resolve) => {
    connect(port, '127.0.0.1').on('error', resolve);
  });
}

describe('describeConnectionError', () => {
  it('names ECONNREFUSED and where, from a real refused connection', async () => {
    const port = await freePort();
    const error = await refusedConnection(port);
    expect(describeConnectionError(error, `127.0.0.1:${port}`)).toBe(
      `ECONNREFUSED 127.0.0.1:${port}: nothing accepts connections there; start Redis or fix the URL`,
    );
  });

  it('looks inside an AggregateError and a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:6379'), {
      code: 'ECONNREFUSED',
    });
    expect(describeConnectionError(new AggregateError([refused]), 'localhost:6379')).toMatch(
      /^ECONNREFUSED localhost:6379: /,
    );
    expect(
      describeConnectionError(new Error('wrapped', { cause: refused }), 'localhost:6379'),
    ).toMatch(/^ECONNREFUSED localhost:6379: /);
  });

  it('names ENOTFOUND with the host, as Node reports a name that does not resolve', () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND cache.internal'), {
      code: 'ENOTFOUND',
      hostname: 'cache.internal',
    });
    expect(describeConnectionError(notFound, 'cache.internal:6379')).toBe(
      'ENOTFOUND cache.internal:6379: the host name does not resolve; fix the host in the URL',
    );
    expect(isConnectionError(notFound)).toBe(true);
  });

  it('says NOAUTH, WRONGPASS and DB index out of range with what to do', () => {
    expect(
      describeConnectionError(new Error('NOAUTH Authentication required.'), 'cache:6379'),
    ).toBe(
      'NOAUTH cache:6379: Redis requires a password; put it in the URL (redis://:password@host:port)',
    );
    expect(
      describeConnectionError(
        new Error('WRONGPASS invalid username-password pair or user is disabled.'),
        'cache:6379',
      ),
    ).toMatch(/^WRONGPASS cache:6379: /);
    expect(describeConnectionError(new Error('ERR DB index is out of range'), 'cache:6379')).toBe(
      'DB index out of range at cache:6379: the database number in the URL (redis://host:port/N) is higher than the server\'s "databases" setting',
    );
  });

  it('never shows client internals such as the max-retries message', () => {
    const described = describeConnectionError(
      new Error(
        'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
      ),
      '127.0.0.1:1',
    );
    expect(described).toBe(
      '127.0.0.1:1 is not reachable: the connection is down and keeps retrying',
    );
    expect(described).not.toMatch(/max retries|maxRetriesPerRequest/);
  });

  it('keeps only the first line of an unknown error', () => {
    expect(describeConnectionError(new Error('odd failure\n  at internals'), 'h:1')).toBe(
      'h:1: odd failure',
    );
    expect(describeConnectionError(undefined, 'h:1')).toBe('h:1: the connection failed');
  });
});

describe('isConnectionError', () => {
  it('is true for socket errors, refused logins and databases, and clients saying the link is down', async () => {
    const port = await freePort();
    expect(isConnectionError(await refusedConnection(port))).toBe(true);
    for (const message of [
      'NOAUTH Authentication required.',
      'WRONGPASS invalid username-password pair or user is disabled.',
      'ERR DB index is out of range',
      'Reached the max retries per request limit (which is 1).',
      'Connection is closed.',
      'The client is closed',
      'Socket closed unexpectedly',
    ]) {
      expect(isConnectionError(new Error(message)), message).toBe(true);
    }
  });

  it('is false for a command error, which the caller should see as it is', () => {
    expect(
      isConnectionError(new Error('WRONGTYPE Operation against a key holding the wrong kind')),
    ).toBe(false);
    expect(
      isConnectionError(new Error("OOM command not allowed when used memory > 'maxmemory'")),
    ).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});

describe('addressOf', () => {
  it('names the socket of a system error, else the fallback', async () => {
    const port = await freePort();
    expect(addressOf(await refusedConnection(port), 'the cluster')).toBe(`127.0.0.1:${port}`);
    expect(addressOf(new Error('NOAUTH'), 'the cluster')).toBe('the cluster');
  });
});
