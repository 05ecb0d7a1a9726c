import { type WebAPICallResult, WebClient, type WebClientOptions } from '@slack/web-api';

/**
 * A Web API client for one workspace whose token is looked up at each call, so work outside a
 * request (the sweep, DMs after the ack) always uses the current token of the install that
 * serves that workspace: refreshed when it rotates, and gone the moment the app is uninstalled.
 */
export class InstalledClient extends WebClient {
  constructor(
    private readonly tokenNow: () => Promise<string>,
    options: WebClientOptions,
  ) {
    super(undefined, options);
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    const token = typeof options.token === 'string' ? options.token : await this.tokenNow();
    return super.apiCall(method, { ...options, token });
  }
}

/** One client per workspace, so each keeps its own rate-limit pauses. */
export function installedClients(tokenFor: (teamId: string) => Promise<string>, options: WebClientOptions) {
  const clients = new Map<string, InstalledClient>();
  return (teamId: string): WebClient => {
    let client = clients.get(teamId);
    if (!client) {
      client = new InstalledClient(() => tokenFor(teamId), options);
      clients.set(teamId, client);
    }
    return client;
  };
}
