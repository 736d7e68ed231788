// Shared to-do: the node-side script. It keeps the list in the app's own database, built
// from the app's events as they arrive (from this node and from friends' nodes), and
// answers the page's calls: app.todo.list, app.todo.add, app.todo.toggle.
//
// Events (they sync peer to peer like posts):
//   app.todo.item  {text}                  a new item; its id is the event's id
//   app.todo.done  {item, done: boolean}   an item ticked off or opened again (latest wins)

/** Longest item, in characters: a line, not an essay. */
const MAX_TEXT = 200;
/** Items listed at most (the newest). */
const MAX_ITEMS = 500;

supernet.db.exec(`CREATE TABLE IF NOT EXISTS items (
  id TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  done_by TEXT,
  done_at INTEGER NOT NULL DEFAULT 0
)`);

function store(id, text, author, createdAt) {
  supernet.db.exec('INSERT OR IGNORE INTO items (id, text, author, created_at) VALUES (?, ?, ?, ?)', [id, text, author, createdAt]);
}

function mark(item, done, by, at) {
  // The latest change wins, whoever made it and in whatever order they arrive.
  supernet.db.exec('UPDATE items SET done = ?, done_by = ?, done_at = ? WHERE id = ? AND done_at <= ?', [done ? 1 : 0, by, at, item, at]);
}

function cleanText(value) {
  if (typeof value !== 'string') throw new Error('an item needs its text');
  const text = value.trim().replace(/\s+/g, ' ');
  if (!text) throw new Error('an item needs its text');
  if ([...text].length > MAX_TEXT) throw new Error('an item has at most ' + MAX_TEXT + ' characters');
  return text;
}

supernet.on('item', (event) => {
  const data = event.data || {};
  if (typeof data.text !== 'string' || !data.text.trim()) return;
  store(event.id, data.text.trim().slice(0, MAX_TEXT * 2), event.author, event.created_at);
});

supernet.on('done', (event) => {
  const data = event.data || {};
  if (typeof data.item !== 'string') return;
  mark(data.item, data.done === true, event.author, event.created_at);
});

supernet.method('list', () => {
  const rows = supernet.db.query(
    'SELECT id, text, author, created_at, done, done_by, done_at FROM items ORDER BY done ASC, created_at DESC LIMIT ?',
    [MAX_ITEMS],
  );
  return { items: rows.map((r) => ({ ...r, done: r.done === 1 || r.done === true })) };
});

supernet.method('add', (input) => {
  const text = cleanText(input && input.text);
  const event = supernet.publish('item', { text });
  // Stored now, so the list shows it at once (its delivery later changes nothing).
  store(event.id, text, event.author, event.created_at);
  return { id: event.id, text, author: event.author, created_at: event.created_at, done: false };
});

supernet.method('toggle', (input) => {
  const id = input && input.id;
  if (typeof id !== 'string') throw new Error('toggle needs the item’s id');
  const found = supernet.db.query('SELECT done FROM items WHERE id = ?', [id]);
  if (!found.length) throw new Error('there is no item ' + id);
  const done = typeof input.done === 'boolean' ? input.done : !(found[0].done === 1 || found[0].done === true);
  const event = supernet.publish('done', { item: id, done });
  mark(id, done, event.author, event.created_at);
  return { id, done };
});
