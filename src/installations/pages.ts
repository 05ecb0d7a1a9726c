/** The page at /slack/install: what Lifering is, and one "Add to Slack" link that starts the OAuth flow. */
export function installPage(addToSlackUrl: string): string {
  const href = escapeHtml(addToSlackUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Add Lifering to Slack</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1d1c1d; line-height: 1.5; }
h1 { color: #1d4e89; }
a.add { display: inline-block; padding: .6rem 1.2rem; border-radius: .4rem; background: #1d4e89; color: #fff; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
<h1>Lifering</h1>
<p>Run your mentoring programme where people already work: supporters and mentees, monthly meeting reports, a life ring for help, and a report for admins.</p>
<p>Slack will show you what Lifering may do in your workspace before you allow it.</p>
<p><a class="add" id="add-to-slack" href="${href}">Add to Slack</a></p>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
