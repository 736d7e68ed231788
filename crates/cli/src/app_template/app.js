// The app's UI: it runs in a sandboxed frame and reaches the node only through `supernet`.
const list = document.getElementById('entries');
const error = document.getElementById('error');

async function refresh() {
  const entries = await supernet.call('app.__ID__.list', {});
  list.replaceChildren(
    ...entries.map((e) => {
      const li = document.createElement('li');
      const when = document.createElement('time');
      when.textContent = new Date(e.at).toLocaleString();
      li.append(e.text, ' ', when);
      return li;
    }),
  );
}

document.getElementById('sign').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const input = document.getElementById('text');
  error.textContent = '';
  try {
    await supernet.call('app.__ID__.sign', { text: input.value });
    input.value = '';
    await refresh();
  } catch (e) {
    error.textContent = e.message;
  }
});

// New entries from friends arrive as events of this app's kind.
supernet.subscribe(['app.__ID__.entry'], () => refresh());
refresh().catch((e) => (error.textContent = e.message));
