// Live poll: the node-side script. Polls and votes are events (they sync peer to peer);
// this script keeps a tally in the app's own database as they arrive and answers the
// page's calls: app.poll.create, app.poll.list, app.poll.vote.
//
//   app.poll.poll  {question, options: [text, …]}   a poll; its id is the event's id
//   app.poll.vote  {poll, option}                    a vote (a voter's latest counts)

/** Options a poll may have: enough for a real choice, few enough to read at a glance. */
const MAX_OPTIONS = 8;
/** Longest question and option, in characters. */
const MAX_QUESTION = 200;
const MAX_OPTION = 80;
/** Polls listed at most (the newest). */
const MAX_POLLS = 50;

supernet.db.exec(`CREATE TABLE IF NOT EXISTS polls (
  id TEXT PRIMARY KEY,
  question TEXT NOT NULL,
  options TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at INTEGER NOT NULL
)`);
supernet.db.exec(`CREATE TABLE IF NOT EXISTS votes (
  poll TEXT NOT NULL,
  voter TEXT NOT NULL,
  option INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (poll, voter)
)`);

function text(value, max, what) {
  if (typeof value !== 'string' || !value.trim()) throw new Error(what + ' is missing');
  const t = value.trim().replace(/\s+/g, ' ');
  if ([...t].length > max) throw new Error(what + ' has at most ' + max + ' characters');
  return t;
}

function checkPoll(data) {
  const question = text(data && data.question, MAX_QUESTION, 'the question');
  const options = Array.isArray(data && data.options) ? data.options.map((o, i) => text(o, MAX_OPTION, 'option ' + (i + 1))) : [];
  if (options.length < 2) throw new Error('a poll needs at least two options');
  if (options.length > MAX_OPTIONS) throw new Error('a poll has at most ' + MAX_OPTIONS + ' options');
  return { question, options };
}

function storePoll(id, poll, author, at) {
  supernet.db.exec('INSERT OR IGNORE INTO polls (id, question, options, author, created_at) VALUES (?, ?, ?, ?, ?)', [
    id,
    poll.question,
    JSON.stringify(poll.options),
    author,
    at,
  ]);
}

function storeVote(poll, voter, option, at) {
  // A voter's latest vote counts, whatever order the events arrive in.
  supernet.db.exec(
    `INSERT INTO votes (poll, voter, option, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (poll, voter) DO UPDATE SET option = excluded.option, at = excluded.at WHERE excluded.at >= votes.at`,
    [poll, voter, option, at],
  );
}

supernet.on('poll', (event) => {
  try {
    storePoll(event.id, checkPoll(event.data), event.author, event.created_at);
  } catch (e) {
    console.warn('ignored a malformed poll', event.id, String(e));
  }
});

supernet.on('vote', (event) => {
  const data = event.data || {};
  if (typeof data.poll !== 'string' || !Number.isInteger(data.option) || data.option < 0 || data.option >= MAX_OPTIONS) return;
  storeVote(data.poll, event.author, data.option, event.created_at);
});

function view(row, me) {
  const options = JSON.parse(row.options);
  const counts = options.map(() => 0);
  let mine = null;
  for (const v of supernet.db.query('SELECT voter, option FROM votes WHERE poll = ?', [row.id])) {
    if (v.option < counts.length) counts[v.option] += 1;
    if (v.voter === me) mine = v.option;
  }
  return {
    id: row.id,
    question: row.question,
    author: row.author,
    created_at: row.created_at,
    options: options.map((label, i) => ({ label, votes: counts[i] })),
    total: counts.reduce((a, b) => a + b, 0),
    mine,
  };
}

supernet.method('list', (input) => {
  const me = input && typeof input.me === 'string' ? input.me : null;
  const rows = supernet.db.query('SELECT * FROM polls ORDER BY created_at DESC LIMIT ?', [MAX_POLLS]);
  return { polls: rows.map((r) => view(r, me)) };
});

supernet.method('create', (input) => {
  const poll = checkPoll(input);
  const event = supernet.publish('poll', poll);
  storePoll(event.id, poll, event.author, event.created_at);
  return view(supernet.db.query('SELECT * FROM polls WHERE id = ?', [event.id])[0], event.author);
});

supernet.method('vote', (input) => {
  const poll = input && input.poll;
  const option = input && input.option;
  const rows = typeof poll === 'string' ? supernet.db.query('SELECT * FROM polls WHERE id = ?', [poll]) : [];
  if (!rows.length) throw new Error('there is no poll ' + poll);
  if (!Number.isInteger(option) || option < 0 || option >= JSON.parse(rows[0].options).length) throw new Error('that poll has no option ' + option);
  const event = supernet.publish('vote', { poll, option });
  storeVote(poll, event.author, option, event.created_at);
  return view(rows[0], event.author);
});
