import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeLikeSlack } from '../../src/sandbox/slack-escape.ts';
import { cleanIncoming, decodeCommandText } from '../../src/slack/incoming.ts';
import { parseMention, tokenize } from '../../src/slack/mentions.ts';

describe('command text as Slack sends it, read back as typed', () => {
  it.each([
    ['Q&amp;A', 'Q&A'],
    ['R&amp;D &lt;core&gt;', 'R&D <core>'],
    // Slack escapes once, so an entity someone typed comes back as the entity.
    ['&amp;lt;', '&lt;'],
    ['&amp;amp;', '&amp;'],
    ['&lt;b&gt;bold&lt;/b&gt;', '<b>bold</b>'],
    ['&quot; stays', '&quot; stays'],
    ['<http://ASP.NET|ASP.NET>', 'ASP.NET'],
    ['<http://example.com|example.com>.', 'example.com.'],
    ['<https://example.com/a?b=1&amp;c=2>', 'https://example.com/a?b=1&c=2'],
    ['<https://example.com/?q=a&amp;b|example.com/?q=a&amp;b>', 'example.com/?q=a&b'],
    ['<mailto:a@b.co|a@b.co>', 'a@b.co'],
    ['<mailto:a@b.co>', 'a@b.co'],
    ['<#C0123|general>', '#general'],
    ['<#C0123>', '#C0123'],
    ['<!subteam^S0123|@design-team>', '@design-team'],
    ['<!subteam^S0123>', '@S0123'],
    ['<!here>', '@here'],
    ['<!here|here>', '@here'],
    ['<!channel> <!everyone>', '@channel @everyone'],
    ['<!date^1392734382^{date_short}|Feb 18, 2014>', 'Feb 18, 2014'],
    // A link inside a note, and links next to each other.
    ['see <http://a.io|a.io> and <https://b.dev/x>, thanks', 'see a.io and https://b.dev/x, thanks'],
    ['<http://a.io|a.io><http://b.io|b.io>', 'a.iob.io'],
    ['a link label with &lt;brackets&gt; <http://x.io|x &amp; y>', 'a link label with <brackets> x & y'],
    // Mentions stay markup, so they are still parsed as people.
    ['<@U0123|sam> <@W0456>', '<@U0123|sam> <@W0456>'],
    [':ring_buoy: :+1::skin-tone-3:', ':ring_buoy: :+1::skin-tone-3:'],
    ['مرحبا بالعالم &amp; שלום', 'مرحبا بالعالم & שלום'],
    ['\u202Eevil\u202C &gt; 3', '\u202Eevil\u202C > 3'],
    ['line one\nline  two', 'line one\nline  two'],
    ['nul\u0000byte', 'nulbyte'],
    ['', ''],
  ])('%j reads %j', (sent, typed) => {
    expect(decodeCommandText(sent)).toBe(typed);
  });

  it('keeps mentions parseable after decoding', () => {
    const words = tokenize(decodeCommandText('assign <@U0123|sam lee> <@U0456> R&amp;D &lt;core&gt;'));
    expect(words.map(parseMention)).toEqual([undefined, 'U0123', 'U0456', undefined, undefined]);
    expect(words.slice(3).join(' ')).toBe('R&D <core>');
  });

  it('cleans a parsed body once: command text decoded, NUL dropped from every string', () => {
    const command = { command: '/mentor', text: 'assist Q&amp;A\u0000', user_id: 'U1' };
    cleanIncoming(command);
    expect(command.text).toBe('assist Q&A');
    const submission = {
      type: 'view_submission',
      view: { state: { values: { b: { a: { type: 'plain_text_input', value: 'R&amp;D\u0000 note' } } } } },
    };
    cleanIncoming(submission);
    // Typed into a form: no escaping to undo, only the NUL goes.
    expect(submission.view.state.values.b.a.value).toBe('R&amp;D note');
  });
});

describe('the driver sends typed text as Slack does (should_escape)', () => {
  const dir = {
    user: (h: string) => (h === 'mei' ? 'U0MEI' : undefined),
    channel: (n: string) => (n === 'general' ? 'C0GENERAL' : undefined),
    usergroup: (h: string) => (h === 'design' ? 'S0DESIGN' : undefined),
  };
  it.each([
    ['Q&A', 'Q&amp;A'],
    ['R&D <core>', 'R&amp;D &lt;core&gt;'],
    ['ASP.NET', '<http://ASP.NET|ASP.NET>'],
    ['see example.com.', 'see <http://example.com|example.com>.'],
    ['https://x.io/a?b=1&c=2', '<https://x.io/a?b=1&amp;c=2>'],
    ['a@b.co', '<mailto:a@b.co|a@b.co>'],
    ['#general #nowhere', '<#C0GENERAL|general> #nowhere'],
    ['@mei, @nobody @here', '<@U0MEI|mei>, @nobody <!here>'],
    ['@design', '<!subteam^S0DESIGN|@design>'],
    ['<@U0123> stays', '<@U0123> stays'],
    ['Node.js', 'Node.js'],
  ])('%j is sent as %j', (typed, sent) => {
    expect(escapeLikeSlack(typed, dir)).toBe(sent);
  });

  it('round-trips: whatever a person types reads back exactly as typed', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom(
        '&',
        '<',
        '>',
        '&amp;',
        '&lt;',
        'ASP.NET',
        'example.com',
        'https://a.io/?x=1&y=2',
        'a@b.co',
        '#general',
        '#x',
        '@here',
        '@design',
        '|',
        ' ',
        '\n',
        ':tada:',
        'שלום',
      ),
    );
    const typed = fc
      .array(piece, { maxLength: 10 })
      .map((p) => p.join(''))
      .filter((s) => !s.includes('<@') && !s.includes('\u0000') && !/(^|\s)@mei/i.test(s));
    fc.assert(
      fc.property(typed, (s) => {
        expect(decodeCommandText(escapeLikeSlack(s, dir))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
