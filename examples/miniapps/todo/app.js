// Shared to-do — the page. It calls the app's own methods (run by node.js on your node) and
// re-reads the list whenever an item or a tick arrives, from you or from a friend.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const form = $('add');
  const input = $('text');
  const list = $('items');
  const names = new Map(); // account → name (or a pending promise)

  function showError(e) {
    $('error').hidden = !e;
    $('error').textContent = e ? (e.message || String(e)) : '';
  }

  function ago(ms) {
    const s = Math.round((Date.now() - ms) / 1000);
    if (s < 45) return 'just now';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return new Date(ms).toLocaleDateString();
  }

  /** A friend's name from their profile (needs social.read; their short id otherwise). */
  function nameOf(account) {
    if (account === supernet.account) return 'you';
    const known = names.get(account);
    if (typeof known === 'string') return known;
    if (!known) {
      names.set(
        account,
        supernet
          .call('social.profile', { account })
          .then((view) => {
            names.set(account, (view && view.profile && view.profile.name) || account.slice(0, 10) + '…');
            render(lastItems);
          })
          .catch(() => names.set(account, account.slice(0, 10) + '…')),
      );
    }
    return account.slice(0, 10) + '…';
  }

  let lastItems = [];
  function render(items) {
    lastItems = items;
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        li.className = 'item' + (item.done ? ' done' : '');
        li.dataset.id = item.id;
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = item.done;
        box.setAttribute('aria-label', (item.done ? 'Open again: ' : 'Done: ') + item.text);
        box.addEventListener('change', () => toggle(item.id, box.checked));
        const text = document.createElement('span');
        text.className = 'item-text';
        const title = document.createElement('span');
        title.className = 'item-title';
        title.textContent = item.text;
        const meta = document.createElement('span');
        meta.className = 'item-meta';
        meta.textContent = 'by ' + nameOf(item.author) + ' · ' + ago(item.created_at);
        text.append(title, meta);
        li.append(box, text);
        if (item.author !== supernet.account) {
          const badge = document.createElement('span');
          badge.className = 'badge';
          badge.textContent = 'friend';
          li.append(badge);
        }
        return li;
      }),
    );
    const open = items.filter((i) => !i.done).length;
    $('count').textContent = items.length ? open + ' to do · ' + (items.length - open) + ' done' : '';
    $('empty').hidden = items.length > 0;
  }

  async function refresh() {
    try {
      const { items } = await supernet.call('list');
      render(items);
      showError(null);
    } catch (e) {
      showError(e);
    }
  }

  async function toggle(id, done) {
    try {
      await supernet.call('toggle', { id, done });
      await refresh();
    } catch (e) {
      showError(e);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    $('add-button').disabled = true;
    try {
      await supernet.call('add', { text });
      input.value = '';
      await refresh();
    } catch (e) {
      showError(e);
    } finally {
      $('add-button').disabled = false;
      input.focus();
    }
  });

  // Items and ticks from friends arrive as events; the script stores them as they come, so
  // read again now and once more a moment later.
  let timer = null;
  function soon() {
    refresh();
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  }

  supernet.ready.then(() => {
    supernet.subscribe(['item', 'done'], soon);
    refresh();
  }, showError);
})();
