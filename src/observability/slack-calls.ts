/** Where each HTTP request to Slack is counted: by Web API method, and how Slack answered it. */
export interface SlackCallRecorder {
  /** `error`: Slack's error code, `none` when it answered ok, `ratelimited`, `http_503`, `timeout`, `request_failed`. */
  call(method: string, error: string, seconds: number): void;
  /** A 429 and the Retry-After it carried, in seconds (undefined when it carried none we can read). */
  rateLimited(method: string, retryAfterSeconds: number | undefined): void;
}

/** A Web API method name as we call them (`chat.postMessage`); anything else in a URL is no label. */
const METHOD = /^[a-z]+(?:\.[a-zA-Z0-9]+)+$/;
/** Slack's error codes are short snake_case words. */
const ERROR_CODE = /^[a-z0-9_]{1,64}$/;
/** Slack's answers begin with their `ok`; the start is all that is looked at, whatever the answer's size. */
const HEAD = 512;

const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/**
 * The method a request calls: the path after the Web API's base URL; `response_url` for a reply
 * through a response URL (Bolt's `respond`), whose path is a secret of Slack's, never a label.
 */
export function methodOf(url: string, apiUrl: string): string {
  if (!url.startsWith(apiUrl)) return 'response_url';
  const method = url.slice(apiUrl.length).split('?')[0] ?? '';
  return METHOD.test(method) ? method : 'other';
}

/** Slack's error code in a Web API answer (`none` when it says ok), read from the answer's start. */
export function slackErrorOf(text: string): string {
  const head = text.slice(0, HEAD);
  if (/^\s*\{\s*"ok"\s*:\s*true\b/.test(head)) return 'none';
  if (!/"ok"\s*:\s*false\b/.test(head)) return 'none';
  const code = /"error"\s*:\s*"([^"]*)"/.exec(head)?.[1];
  return code && ERROR_CODE.test(code) ? code : 'unknown';
}

function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

const failureOf = (error: unknown): string =>
  (error as { name?: unknown }).name === 'TimeoutError' ? 'timeout' : 'request_failed';

/**
 * `send` with every request counted. A 200's error code is read when web-api reads the answer's
 * text (it parses it once, as it always did), so the body is neither copied nor parsed twice.
 */
export function observeSlackCalls(send: typeof fetch, apiUrl: string, record: SlackCallRecorder): typeof fetch {
  return async (input, init) => {
    const method = methodOf(urlOf(input), apiUrl);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let response: Response;
    try {
      response = await send(input, init);
    } catch (error) {
      record.call(method, failureOf(error), seconds());
      throw error;
    }
    const took = seconds();
    if (response.status === 429) {
      record.rateLimited(method, retryAfterOf(response));
      record.call(method, 'ratelimited', took);
    } else if (response.status !== 200 || method === 'response_url') {
      record.call(method, response.status === 200 ? 'none' : `http_${response.status}`, took);
    } else {
      const text = response.text.bind(response);
      Object.defineProperty(response, 'text', {
        value: async () => {
          const body = await text();
          record.call(method, slackErrorOf(body), took);
          return body;
        },
      });
    }
    return response;
  };
}
