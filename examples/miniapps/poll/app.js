// Live poll — the page. It asks the app's own methods (node.js on your node) for the polls
// and their tallies, votes, creates polls, re-reads when a poll or vote arrives, and shares
// a poll into a chat (when the app was allowed to use chats).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const names = new Map();
  let polls = [];

  function showError(e) {
    $('error').hidden = !e;
    $('error').textContent = e ? (e.message || String(e)) : '';
  }

  function short(account) {
    return account.slice(0, 10) + '…';
  }

  function nameOf(account) {
    if (account === supernet.account) return 'you';
    const known = names.get(account);
    if (typeof known === 'string') return known;
    if (!known) {
      names.set(
        account,
        supernet
          .call('social.profile', { account })
          .then((v) => {
            names.set(account, (v && v.profile && v.profile.name) || short(account));
            render();
          })
          .catch(() => names.set(account, short(account))),
      );
    }
    return short(account);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render() {
    $('polls').replaceChildren(
      ...polls.map((poll) => {
        const li = el('li', 'card poll');
        li.dataset.id = poll.id;
        const head = el('div', 'poll-head');
        head.append(el('h2', 'question', poll.question), el('span', 'by', 'asked by ' + nameOf(poll.author)));
        const options = el('ol', 'choices');
        poll.options.forEach((option, i) => {
          const pct = poll.total ? Math.round((option.votes / poll.total) * 100) : 0;
          const item = el('li');
          const button = el('button', 'choice' + (poll.mine === i ? ' mine' : ''));
          button.type = 'button';
          button.setAttribute('aria-pressed', String(poll.mine === i));
          button.style.setProperty('--pct', pct + '%');
          const label = el('span', 'label', option.label);
          const count = el('span', 'count', pct + '% · ' + option.votes);
          button.append(label, count);
          button.addEventListener('click', () => vote(poll.id, i));
          item.append(button);
          options.append(item);
        });
        const foot = el('div', 'poll-foot');
        foot.append(el('span', 'total', poll.total === 1 ? '1 vote' : poll.total + ' votes'));
        const share = el('button', 'ghost small', 'Share to chat');
        share.type = 'button';
        share.addEventListener('click', () => openShare(poll));
        foot.append(share);
        li.append(head, options, foot);
        return li;
      }),
    );
    $('empty').hidden = polls.length > 0;
  }

  async function refresh() {
    try {
      polls = (await supernet.call('list', { me: supernet.account })).polls;
      render();
      showError(null);
    } catch (e) {
      showError(e);
    }
  }

  async function vote(poll, option) {
    try {
      await supernet.call('vote', { poll, option });
      await refresh();
    } catch (e) {
      showError(e);
    }
  }

  // Creating a poll.
  function optionInput(value) {
    const input = el('input');
    input.maxLength = 80;
    input.placeholder = 'Option ' + ($('option-inputs').children.length + 1);
    input.value = value || '';
    input.setAttribute('aria-label', input.placeholder);
    $('option-inputs').append(input);
    return input;
  }
  function resetForm() {
    $('question').value = '';
    $('option-inputs').replaceChildren();
    optionInput();
    optionInput();
  }
  $('new').addEventListener('click', () => {
    resetForm();
    $('create').hidden = false;
    $('new').hidden = true;
    $('question').focus();
  });
  $('cancel').addEventListener('click', () => {
    $('create').hidden = true;
    $('new').hidden = false;
  });
  $('more').addEventListener('click', () => {
    if ($('option-inputs').children.length < 8) optionInput().focus();
  });
  $('create').addEventListener('submit', async (event) => {
    event.preventDefault();
    const options = [...$('option-inputs').querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean);
    try {
      await supernet.call('create', { question: $('question').value, options });
      $('create').hidden = true;
      $('new').hidden = false;
      await refresh();
    } catch (e) {
      showError(e);
    }
  });

  // Sharing into a chat: needs chat.read (the list) and chat.write (sending).
  let sharing = null;
  async function openShare(poll) {
    sharing = poll;
    const select = $('share-conv');
    const note = $('share-note');
    $('share-what').textContent = '“' + poll.question + '”';
    select.replaceChildren();
    note.hidden = true;
    $('share-send').disabled = true;
    $('share').showModal();
    try {
      const { conversations } = await supernet.call('chat.conversations', {});
      for (const c of conversations.filter((c) => c.member)) {
        const others = c.members.filter((m) => m.account !== supernet.account);
        const label = c.group ? c.name || 'Group' : others.map((m) => m.name || short(m.account)).join(', ') || 'Notes to self';
        const option = el('option', '', label);
        option.value = c.conv;
        select.append(option);
      }
      if (!conversations.length) {
        note.textContent = 'You have no chats yet: start one in Supernet’s Chat tab.';
        note.hidden = false;
      }
      $('share-send').disabled = !conversations.length;
    } catch (e) {
      note.textContent =
        e.code === 'permission_denied'
          ? 'This app may not use your chats. Allow “chat” in its permissions (Apps → Live poll → Permissions) to share.'
          : e.message;
      note.hidden = false;
    }
  }
  $('share-cancel').addEventListener('click', () => $('share').close());
  $('share-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!sharing) return;
    const lines = ['📊 **' + sharing.question + '**'];
    sharing.options.forEach((o, i) => lines.push(i + 1 + '. ' + o.label + ' — ' + o.votes + (o.votes === 1 ? ' vote' : ' votes')));
    lines.push('', 'Vote in the Live poll app.');
    try {
      await supernet.call('chat.send', { conv: $('share-conv').value, text: lines.join('\n') });
      $('share').close();
    } catch (e) {
      $('share-note').textContent = e.message;
      $('share-note').hidden = false;
    }
  });

  let timer = null;
  function soon() {
    refresh();
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  }

  supernet.ready.then(() => {
    supernet.subscribe(['poll', 'vote'], soon);
    refresh();
  }, showError);
})();
