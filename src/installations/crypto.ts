import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM with a fresh 12-byte nonce per value, so a copied database (or a
 * backup) holds nothing usable without LIFERING_ENCRYPTION_KEY. The tag also catches a value
 * edited in place. Format: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = 'v1';

export class SecretBox {
  constructor(private readonly keys: readonly Buffer[]) {
    if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new Error('SecretBox needs 32-byte keys');
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Tries every key, newest first, so values sealed before a key rotation still open. */
  open(sealed: string): string {
    const [version, nonce, tag, body] = sealed.split('.');
    if (version !== VERSION || nonce === undefined || tag === undefined || body === undefined) {
      throw new Error('stored secret is not in a format Lifering knows');
    }
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // wrong key (or tampered value): try the next one
      }
    }
    throw new Error('stored secret could not be decrypted: is LIFERING_ENCRYPTION_KEY the key it was stored with?');
  }

  /** A separate secret for another purpose (the OAuth state), derived so the key itself is never reused. */
  derive(purpose: string): string {
    return Buffer.from(hkdfSync('sha256', this.keys[0]!, Buffer.alloc(0), `lifering:${purpose}`, 32)).toString(
      'base64url',
    );
  }
}
