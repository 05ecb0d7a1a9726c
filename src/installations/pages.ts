import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where a person starts an install (Bolt's default install path), linked from every failure page. */
const INSTALL_PATH = '/slack/install';

/** One page of the install flow: Lifering's look, a title and the body's HTML (already escaped). */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1d1c1d; line-height: 1.5; }
h1 { color: #1d4e89; }
a.add { display: inline-block; padding: .6rem 1.2rem; border-radius: .4rem; background: #1d4e89; color: #fff; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** The page at /slack/install: what Lifering is, and one "Add to Slack" link that starts the OAuth flow. */
export function installPage(addToSlackUrl: string): string {
  const href = escapeHtml(addToSlackUrl);
  return page(
    'Add Lifering to Slack',
    `<h1>Lifering</h1>
<p>Run your mentoring programme where people already work: supporters and mentees, monthly meeting reports, a life ring for help, and a report for admins.</p>
<p>Slack will show you what Lifering may do in your workspace before you allow it.</p>
<p><a class="add" id="add-to-slack" href="${href}">Add to Slack</a></p>`,
  );
}

/** Why an install did not finish, as the person who tried it needs to hear it. */
export interface InstallFailure {
  status: number;
  title: string;
  /** What happened and what to do, one paragraph each. */
  says: string[];
}

/** Bolt's installer errors carry a `code`; a refusal from Slack's Web API carries Slack's error in `data`. */
interface InstallError {
  code?: string;
  data?: { error?: string };
}

/** What went wrong at the redirect from Slack's consent page, for the person (pure: no I/O). */
export function installFailure(error: InstallError): InstallFailure {
  const again = 'Nothing was installed. To add Lifering, start again from the install page.';
  switch (error.code) {
    case 'slack_oauth_installer_authorization_error':
      return { status: 200, title: 'Install cancelled', says: ['You cancelled on Slack’s page.', again] };
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_state':
      return {
        status: 400,
        title: 'Install link expired',
        says: [
          'This install link has expired or was already used (each is good for one install, for ten minutes, in the browser that opened it).',
          again,
        ],
      };
    case 'slack_oauth_missing_code':
    case 'slack_webapi_platform_error':
      return {
        status: 400,
        title: 'Slack did not accept the install',
        says: [
          `Slack did not accept the install${error.data?.error ? ` (it said ${error.data.error})` : ''}: the approval may have been used already or taken too long.`,
          again,
        ],
      };
    default:
      return {
        status: 500,
        title: 'Install not finished',
        says: [
          'Lifering could not finish the install on its side.',
          'Nothing was installed. Try again in a few minutes from the install page; if it fails again, tell the people who run Lifering for you.',
        ],
      };
  }
}

/** Bolt's `callbackOptions.failure`: a page that says what happened and the way back, in place of Bolt's 500. */
export function answerInstallFailure(
  error: InstallError,
  _options: unknown,
  _req: IncomingMessage,
  res: ServerResponse,
): void {
  const failure = installFailure(error);
  res.writeHead(failure.status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    page(
      failure.title,
      `<h1>${escapeHtml(failure.title)}</h1>
${failure.says.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a class="add" href="${INSTALL_PATH}">Start again</a></p>`,
    ),
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
