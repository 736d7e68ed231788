// Node-side script: runs in a sandboxed worker on every node that installs the app.
// It keeps the entries in the app's own database and answers the UI's calls.

supernet.db.exec(
  'CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, author TEXT, text TEXT, at INTEGER)',
  [],
);

// Every event of this app's kinds, from this node or from peers, arrives here once.
supernet.on('app.__ID__.entry', (event) => {
  // `event.data` is the event's body, parsed.
  const text = String((event.data && event.data.text) || '').slice(0, 500);
  supernet.db.exec('INSERT OR IGNORE INTO entries (id, author, text, at) VALUES (?, ?, ?, ?)', [
    event.id,
    event.author,
    text,
    event.created_at,
  ]);
});

// Called from the UI as supernet.call('app.__ID__.sign', { text }).
supernet.method('sign', (input) => {
  const text = String(input && input.text || '').trim();
  if (!text) throw new Error('write something first');
  if (text.length > 500) throw new Error('an entry has at most 500 characters');
  return supernet.publish('entry', { text });
});

// Called from the UI as supernet.call('app.__ID__.list', {}).
supernet.method('list', () =>
  supernet.db.query('SELECT id, author, text, at FROM entries ORDER BY at DESC LIMIT 100', []),
);
