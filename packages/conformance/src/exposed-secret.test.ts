import { describe, expect, it } from 'vitest';
import { exposedSecretParts } from './exposed-secret.js';

describe('exposedSecretParts', () => {
  it('finds a tail or an encoded piece of the secret, and nothing in clean text', () => {
    expect(exposedSecretParts('redis://u:p/ss@***@h', 'p/ss@word')).toEqual(['p/ss', '/ss@']);
    expect(exposedSecretParts('x word y', 'p/ss@word')).toEqual(['word']);
    expect(exposedSecretParts('p%2Fss', 'p/ss')).toEqual(['p%2F', '%2Fs', '2Fss']);
    expect(exposedSecretParts('redis://***@h:1', 'p/ss@word')).toEqual([]);
  });
});
