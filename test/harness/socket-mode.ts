// A Socket Mode endpoint for the fake Slack: the app connects with the URL that
// apps.connections.open returned, gets `hello`, and acks each envelope the test sends.
// Only what Socket Mode uses of WebSocket is here: the handshake, text frames, ping/pong, close.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FakeSlack, JsonObject } from './fake-slack.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126) {
    head[0] = 0x80 | opcode;
    if (len < 65536) {
      head[1] = 126;
      head.writeUInt16BE(len, 2);
    } else {
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
  }
  return Buffer.concat([head, payload]);
}

/** Splits client frames (always masked) off the front of `buf`; returns the rest. */
function readFrames(buf: Buffer, onFrame: (opcode: number, payload: Buffer) => void): Buffer {
  let offset = 0;
  while (buf.length - offset >= 2) {
    const b0 = buf[offset]!;
    const b1 = buf[offset + 1]!;
    let len = b1 & 0x7f;
    let pos = offset + 2;
    if (len === 126) {
      if (buf.length - pos < 2) break;
      len = buf.readUInt16BE(pos);
      pos += 2;
    } else if (len === 127) {
      if (buf.length - pos < 8) break;
      len = Number(buf.readBigUInt64BE(pos));
      pos += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    if (buf.length - pos < (masked ? 4 : 0) + len) break;
    const mask = masked ? buf.subarray(pos, pos + 4) : undefined;
    pos += masked ? 4 : 0;
    const payload = Buffer.from(buf.subarray(pos, pos + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    onFrame(b0 & 0x0f, payload);
    offset = pos + len;
  }
  return buf.subarray(offset);
}

export interface SocketModeServer {
  /** Resolves once an app has connected and been greeted. */
  connected(): Promise<void>;
  /** Sends an envelope and resolves with the app's ack payload (undefined for an empty ack). */
  send(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: JsonObject,
    extra?: JsonObject,
  ): Promise<JsonObject | undefined>;
  close(): void;
}

export function attachSocketMode(fake: FakeSlack): SocketModeServer {
  let socket: Duplex | undefined;
  let greeted: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const pending = new Map<string, (payload: JsonObject | undefined) => void>();

  const sendText = (data: JsonObject) => socket?.write(frame(0x1, Buffer.from(JSON.stringify(data))));

  fake.server.on('upgrade', (req: IncomingMessage, s: Duplex) => {
    if (!req.url?.startsWith('/socket-mode')) return void s.destroy();
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
    s.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = s;
    let buffered: Buffer = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      buffered = readFrames(Buffer.concat([buffered, chunk]), (opcode, payload) => {
        if (opcode === 0x9) s.write(frame(0xa, payload));
        else if (opcode === 0x8) s.end(frame(0x8, payload));
        else if (opcode === 0x1) {
          const ack = JSON.parse(payload.toString('utf8')) as { envelope_id?: string; payload?: JsonObject };
          if (ack.envelope_id) pending.get(ack.envelope_id)?.(ack.payload);
        }
      });
    });
    s.on('error', () => undefined);
    sendText({
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
      connection_info: { app_id: fake.appId },
    });
    greeted();
  });

  return {
    connected: () => ready,
    send(type, payload, extra = {}) {
      const envelopeId = randomUUID();
      return new Promise((resolve) => {
        pending.set(envelopeId, resolve);
        sendText({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...extra });
      });
    },
    close() {
      // A normal closure (1000), so the app's client does not log it as a network error.
      socket?.end(frame(0x8, Buffer.from([0x03, 0xe8])));
    },
  };
}
