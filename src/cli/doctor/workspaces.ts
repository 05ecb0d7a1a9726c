import type { Installation } from '@slack/oauth';
import type { Config } from '../../config.ts';
import { SecretBox } from '../../installations/crypto.ts';
import type { Db } from '../../storage/db.ts';
import { InstallationsStore } from '../../storage/installations.ts';
import { type CheckResult, failed, warned } from './result.ts';

/** A token to ask Slack about, and how the lines name it until Slack says whose it is. */
export interface WorkspaceToken {
  who: string;
  token: string;
}

/**
 * The bot token of each installed workspace: SLACK_BOT_TOKEN with one workspace; in OAuth mode
 * every live install in the database, unsealed as the app would (never refreshed: the doctor
 * changes nothing). Installs it cannot read are lines of their own.
 */
export async function workspaceTokens(
  config: Config,
  db: Db | undefined,
): Promise<{ tokens: WorkspaceToken[]; problems: CheckResult[] }> {
  const oauth = config.slack.oauth;
  if (!oauth) return { tokens: [{ who: 'SLACK_BOT_TOKEN', token: config.slack.botToken ?? '' }], problems: [] };
  if (!db)
    return {
      tokens: [],
      problems: [failed('Workspaces: not checked, the database did not answer', 'fix the database first (above)')],
    };
  const rows = await new InstallationsStore(db).live();
  if (rows.length === 0)
    return {
      tokens: [],
      problems: [warned('Workspaces: no workspace has installed Lifering yet', 'open /slack/install to install it')],
    };
  const box = new SecretBox(oauth.encryptionKeys);
  const tokens: WorkspaceToken[] = [];
  const problems: CheckResult[] = [];
  for (const row of rows) {
    const who = row.isEnterpriseInstall ? `Organisation ${row.id}` : `Workspace ${row.id}`;
    try {
      const installation = row.secret ? (JSON.parse(box.open(row.secret)) as Installation) : undefined;
      const token = installation?.bot?.token;
      if (token) tokens.push({ who, token });
      else problems.push(failed(`${who}: its install holds no bot token`, 'install Lifering there again'));
    } catch (error) {
      problems.push(
        failed(`${who}: ${(error as Error).message}`, 'set LIFERING_ENCRYPTION_KEY to the key it was stored with'),
      );
    }
  }
  return { tokens, problems };
}
