import { describe, expect, it } from 'vitest';
import { parseEncryptionKeys } from '../../src/config.ts';
import { SecretBox } from '../../src/installations/crypto.ts';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);

describe('SecretBox', () => {
  it('seals with a fresh nonce each time and opens what it sealed', () => {
    const box = new SecretBox([k1]);
    const a = box.seal('xoxb-secret');
    const b = box.seal('xoxb-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(box.open(a)).toBe('xoxb-secret');
  });

  it('opens values sealed with an older key after a key rotation, and seals with the newest', () => {
    const old = new SecretBox([k1]).seal('token');
    const rotated = new SecretBox([k2, k1]);
    expect(rotated.open(old)).toBe('token');
    expect(new SecretBox([k2]).open(rotated.seal('token'))).toBe('token');
  });

  it('refuses a wrong key and a tampered value', () => {
    const sealed = new SecretBox([k1]).seal('token');
    expect(() => new SecretBox([k2]).open(sealed)).toThrow(/LIFERING_ENCRYPTION_KEY/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => new SecretBox([k1]).open(parts.join('.'))).toThrow(/could not be decrypted/);
    expect(() => new SecretBox([k1]).open('plain-token')).toThrow(/format/);
  });

  it('derives a purpose-specific secret that is not the key', () => {
    const box = new SecretBox([k1]);
    expect(box.derive('oauth-state')).toBe(box.derive('oauth-state'));
    expect(box.derive('oauth-state')).not.toBe(box.derive('other'));
    expect(Buffer.from(box.derive('oauth-state'), 'base64url').equals(k1)).toBe(false);
  });
});

describe('LIFERING_ENCRYPTION_KEY', () => {
  it.each([
    ['a'.repeat(64), 1],
    [Buffer.alloc(32, 9).toString('base64'), 1],
    [`${'a'.repeat(64)}, ${Buffer.alloc(32, 9).toString('base64')}`, 2],
    ['a'.repeat(63), undefined],
    [Buffer.alloc(16, 9).toString('base64'), undefined],
    ['', undefined],
  ])('%s gives %s key(s)', (value, count) => {
    expect(parseEncryptionKeys(value)?.length).toBe(count);
  });
});
