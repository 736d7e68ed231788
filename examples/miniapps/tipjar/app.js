// Tip jar — the page only (no node-side script). The jar belongs to the app's publisher:
// friends tip them with supernet.requestPayment (Supernet asks the person to confirm);
// the publisher sees a payment request link (coin.request) and the tips received.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let amount = '2';

  function showError(e) {
    $('error').hidden = !e;
    $('error').textContent = e ? (e.message || String(e)) : '';
  }

  async function nameOf(account) {
    try {
      const view = await supernet.call('social.profile', { account });
      return (view && view.profile && view.profile.name) || account.slice(0, 10) + '…';
    } catch (e) {
      return account.slice(0, 10) + '…';
    }
  }

  // Amount chips: one selected at a time; typing an amount unselects them.
  for (const chip of document.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => {
      for (const c of document.querySelectorAll('.chip')) {
        c.classList.toggle('selected', c === chip);
        c.setAttribute('aria-pressed', String(c === chip));
      }
      amount = chip.dataset.amount;
      $('custom').value = '';
    });
  }
  $('custom').addEventListener('input', () => {
    const typed = $('custom').value.trim().replace(',', '.');
    for (const c of document.querySelectorAll('.chip')) {
      c.classList.toggle('selected', !typed && c.dataset.amount === amount);
    }
    if (typed) amount = typed;
  });

  async function tip(owner, ownerName) {
    const result = $('tip-result');
    result.hidden = true;
    showError(null);
    if (!/^\d+(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) {
      showError(new Error('Enter an amount such as 2 or 3.50.'));
      return;
    }
    $('tip-button').disabled = true;
    try {
      const transfer = await supernet.requestPayment({ to: owner, amount, memo: $('note').value.trim() || 'A tip from the tip jar' });
      result.textContent = 'Thank you! You tipped ' + ownerName + ' ' + transfer.amount + ' ' + (transfer.symbol || 'ŧ') + '.';
      result.className = 'result ok';
      $('note').value = '';
    } catch (e) {
      result.textContent = e.code === 'cancelled' ? 'No tip this time — nothing was paid.' : '';
      result.className = 'result';
      if (e.code !== 'cancelled') showError(e);
    } finally {
      result.hidden = !result.textContent;
      $('tip-button').disabled = false;
    }
  }

  async function makeLink(event) {
    event.preventDefault();
    showError(null);
    try {
      const request = await supernet.call('coin.request', {
        amount: $('request-amount').value.trim().replace(',', '.'),
        memo: $('request-memo').value.trim() || null,
      });
      $('link').value = request.link;
      $('link-field').hidden = false;
      $('link').focus();
      $('link').select();
    } catch (e) {
      showError(e);
    }
  }

  async function showTips() {
    try {
      const { transfers } = await supernet.call('coin.transfers', { direction: 'in', limit: 10 });
      const list = $('tips');
      const items = await Promise.all(
        transfers.map(async (t) => {
          const li = document.createElement('li');
          const who = document.createElement('strong');
          who.textContent = await nameOf(t.from);
          const how = document.createElement('span');
          how.className = 'amount';
          how.textContent = '+' + t.amount + ' ' + t.symbol;
          const note = document.createElement('span');
          note.className = 'note';
          note.textContent = t.memo || '';
          li.append(who, how, note);
          return li;
        }),
      );
      list.replaceChildren(...items);
      $('no-tips').hidden = transfers.length > 0;
      $('received').hidden = false;
    } catch (e) {
      // Without coin.read the list stays hidden: tipping still works.
    }
  }

  supernet.ready.then(async () => {
    const owner = supernet.app.publisher;
    const ownerName = owner === supernet.account ? 'you' : await nameOf(owner);
    if (owner === supernet.account) {
      $('title').textContent = 'Your tip jar';
      $('subtitle').textContent = 'Share this app’s link: friends who install it can tip you.';
      $('mine').hidden = false;
      $('request').addEventListener('submit', makeLink);
      showTips();
      supernet.subscribe(['coin.*'], showTips);
    } else {
      $('title').textContent = ownerName + '’s tip jar';
      $('subtitle').textContent = 'Say thanks to ' + ownerName + ' with a few credits and a note.';
      $('tip-button').textContent = 'Tip ' + ownerName;
      $('tip-button').addEventListener('click', () => tip(owner, ownerName));
      $('tip').hidden = false;
    }
  }, showError);
})();
