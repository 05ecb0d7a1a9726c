// files.*: the two-step external upload (an upload URL, the bytes posted to it, then the
// completion that shares the file in a message).

import { resolveChannel, storeMessage } from './messages.ts';
import { failure, firstMissing, isObj, missing, str } from './results.ts';
import type { FakeState } from './state.ts';
import type { JsonObject, Reply, Result, StoredFile } from './types.ts';

export function filesGetUploadURLExternal(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'filename', 'length');
  if (absent) return absent;
  const length = Number(a.length);
  if (!Number.isInteger(length) || length <= 0) {
    return failure('invalid_arguments', ['[ERROR] must be greater than 0 [json-pointer:/length]']);
  }
  const id = s.nextId('F');
  s.files.set(id, { id, filename: String(a.filename), length, title: String(a.filename), completed: false });
  return { ok: true, upload_url: `${s.origin}/upload/${id}`, file_id: id };
}

export function filesCompleteUploadExternal(s: FakeState, a: JsonObject): Result {
  if (a.files === undefined) return missing('files');
  if (!Array.isArray(a.files) || a.files.length === 0) {
    return failure('invalid_arguments', ['[ERROR] must be a non-empty array [json-pointer:/files]']);
  }
  const picked: StoredFile[] = [];
  for (const entry of a.files) {
    const file = isObj(entry) && typeof entry.id === 'string' ? s.files.get(entry.id) : undefined;
    if (!file?.bytes) return failure('file_not_found');
    if (isObj(entry) && typeof entry.title === 'string') file.title = entry.title;
    picked.push(file);
  }
  const channelId = str(a, 'channel_id');
  let channel: string | undefined;
  if (channelId) {
    const resolved = resolveChannel(s, channelId);
    if (typeof resolved !== 'string') return resolved;
    channel = resolved;
  }
  for (const file of picked) file.completed = true;
  const json = picked.map((f) => fileJson(s, f));
  if (channel) {
    const threadTs = str(a, 'thread_ts');
    storeMessage(
      s,
      channel,
      { text: str(a, 'initial_comment') ?? '' },
      { files: json, ...(threadTs ? { thread_ts: threadTs } : {}) },
    );
  }
  return { ok: true, files: json };
}

function fileJson(s: FakeState, f: StoredFile): JsonObject {
  return {
    id: f.id,
    name: f.filename,
    title: f.title,
    size: f.bytes?.length ?? f.length,
    user: s.botUserId,
    created: Math.floor(s.now() / 1000),
    permalink: `https://${s.teamDomain}.slack.com/files/${s.botUserId}/${f.id}/${f.filename}`,
  };
}

/** The bytes posted to an upload URL. */
export function receiveUpload(s: FakeState, fileId: string, body: Buffer, contentType: string): Reply {
  const file = s.files.get(fileId);
  if (!file) return { status: 404, body: 'file_not_found' };
  file.bytes = contentType.startsWith('multipart/form-data') ? (multipartFile(body, contentType) ?? body) : body;
  return { status: 200, body: `OK - ${file.bytes.length}` };
}

/** The first file part of a multipart/form-data body (web-api's filesUploadV2 sends one). */
function multipartFile(body: Buffer, contentType: string): Buffer | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) return undefined;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // drop the CRLFs around the part
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1 && /filename=/i.test(part.subarray(0, split).toString())) return part.subarray(split + 4);
    start = next;
  }
  return undefined;
}
