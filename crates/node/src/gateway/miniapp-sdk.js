// Supernet mini-app SDK — served by the node's gateway to every app at
// /miniapp/<id>/_supernet/sdk.js. Load it first: <script src="_supernet/sdk.js"></script>
//
// The app's page runs in a sandboxed iframe on an opaque origin, with no network
// (connect-src 'none'): it cannot reach the node, the Supernet page around it, or Tauri.
// This file gives it `window.supernet`, which talks to the host page through postMessage.
// The host checks every request and the node enforces the app's permissions.
//
//   supernet.app                      {id, name, version, publisher} (id at once, the rest once ready)
//   supernet.account                  the owner's account id (once ready)
//   supernet.ready                    Promise<{app, account, theme, granted}>
//   supernet.call(method, input?, {timeout}?) → Promise<result>
//   supernet.subscribe(kinds, callback) → unsubscribe()   (unsubscribe.ready: Promise<kinds>)
//   supernet.requestPayment({to, amount, currency?, memo?}) → Promise<transfer>
//   supernet.SupernetError            the class every rejection is, with .code and .message
//
// Plain ES2020, no build step, no dependencies. Documented in docs/miniapps.md.
(function () {
  'use strict';
  if (window.supernet) return;

  /** The protocol version the host speaks (lib/apps/bridge.ts). */
  var PROTOCOL = 1;
  /** A call waits this long for the node (a node-side script has seconds of CPU at most). */
  var CALL_TIMEOUT_MS = 60000;
  /** The host answers `hello` and `subscribe` at once; longer means there is no host. */
  var HANDSHAKE_TIMEOUT_MS = 10000;
  /** A payment waits for a person to decide: long, but not for ever. */
  var PAYMENT_TIMEOUT_MS = 15 * 60000;
  /** Requests waiting at once, as the host allows (it answers `busy` beyond). */
  var MAX_PENDING = 32;

  /** An error with a stable `code` (the node's, or `timeout`, `cancelled`, `no_host`, …). */
  class SupernetError extends Error {
    constructor(code, message) {
      super(message || code);
      this.name = 'SupernetError';
      this.code = code;
    }
  }

  // The app's id from the address: /miniapp/<id>/…
  var parts = location.pathname.split('/');
  var appId = parts[1] === 'miniapp' && parts[2] ? decodeURIComponent(parts[2]) : null;
  var host = window.parent && window.parent !== window ? window.parent : null;

  var nextId = 1;
  var pending = new Map(); // id → {resolve, reject, timer}
  var subscriptions = new Map(); // subscription id → callback

  function send(type, fields, timeoutMs) {
    return new Promise(function (resolve, reject) {
      if (!host) {
        reject(new SupernetError('no_host', 'this page is not open inside Supernet: open it from the Apps tab (or run `supernet app dev`)'));
        return;
      }
      if (pending.size >= MAX_PENDING) {
        reject(new SupernetError('busy', MAX_PENDING + ' requests are already waiting: wait for some to finish'));
        return;
      }
      var id = nextId++;
      var message = Object.assign({}, fields, { supernet: PROTOCOL, id: id, type: type });
      var timer = setTimeout(function () {
        pending.delete(id);
        reject(new SupernetError('timeout', type + ' got no answer within ' + Math.round(timeoutMs / 1000) + ' s'));
      }, timeoutMs);
      pending.set(id, { resolve: resolve, reject: reject, timer: timer });
      try {
        // The host's origin is not ours to know (the desktop app's differs from a browser's);
        // only the parent window receives it, and it checks that the message is from this frame.
        host.postMessage(message, '*');
      } catch (e) {
        clearTimeout(timer);
        pending.delete(id);
        reject(new SupernetError('invalid_input', 'the message could not be sent (it must be plain JSON data): ' + (e && e.message)));
      }
    });
  }

  window.addEventListener('message', function (event) {
    // Only the host page talks to us.
    if (!host || event.source !== host) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.supernet !== PROTOCOL) return;
    if (data.type === 'notice') {
      var callback = subscriptions.get(data.subscription);
      if (!callback) return;
      var notice = data.resync ? { resync: true, events: [] } : { resync: false, events: Array.isArray(data.events) ? data.events : [] };
      try {
        callback(notice);
      } catch (e) {
        console.error('supernet.subscribe: the callback threw', e);
      }
      return;
    }
    var waiting = pending.get(data.id);
    if (!waiting) return;
    pending.delete(data.id);
    clearTimeout(waiting.timer);
    if (data.error) waiting.reject(new SupernetError(String(data.error.code || 'internal'), String(data.error.message || '')));
    else waiting.resolve(data.result);
  });

  /** `list` → `app.<id>.list`; a dotted name is taken as it is (`social.feed`). */
  function methodName(method) {
    if (typeof method !== 'string' || !method) throw new SupernetError('invalid_input', 'supernet.call: the method must be a name such as "list" or "app.todo.list"');
    return method.indexOf('.') === -1 && appId ? 'app.' + appId + '.' + method : method;
  }

  var app = { id: appId };

  var ready = send('hello', {}, HANDSHAKE_TIMEOUT_MS).then(function (context) {
    var info = (context && context.app) || {};
    app.name = info.name;
    app.version = info.version;
    app.publisher = info.publisher;
    if (info.id) app.id = info.id;
    supernet.account = (context && context.account) || null;
    if (context && context.theme) document.documentElement.setAttribute('data-supernet-theme', context.theme);
    return context;
  });
  // A page that never awaits `ready` must not log an unhandled rejection.
  ready.catch(function () {});

  var supernet = {
    /** This app: `id` at once; `name`, `version`, `publisher` once `ready` resolves. */
    app: app,
    /** The owner's account id, once `ready` resolves. */
    account: null,
    /** Resolves when the host has answered: {app, account, theme, granted}. */
    ready: ready,
    SupernetError: SupernetError,

    /**
     * Calls an API method: the app's own (`"list"` or `"app.todo.list"`, run by its node-side
     * script) or a kernel method it was granted (`"social.feed"`). Resolves with the
     * method's output; rejects with a SupernetError (`permission_denied` when not granted).
     */
    call: function (method, input, options) {
      var name;
      try {
        name = methodName(method);
      } catch (e) {
        return Promise.reject(e);
      }
      var timeout = (options && options.timeout) || CALL_TIMEOUT_MS;
      return ready.then(function () {
        return send('call', { method: name, input: input === undefined ? {} : input }, timeout);
      });
    },

    /**
     * Calls `callback({events: [{id, kind, author}], resync})` whenever events of these kinds
     * arrive on the node. Kinds: own ones by name (`"item"` = `app.<id>.item`), others in full
     * (`"social.post"`, `"social.*"`) when a permission lets the app read them. Returns the
     * function that stops it; its `ready` property resolves with the kinds subscribed to (or
     * rejects, e.g. `permission_denied`). `resync: true` means "read everything again".
     */
    subscribe: function (kinds, callback) {
      var list = typeof kinds === 'string' ? [kinds] : kinds;
      var subscription = null;
      var stopped = false;
      var started = ready
        .then(function () {
          return send('subscribe', { kinds: list }, HANDSHAKE_TIMEOUT_MS);
        })
        .then(function (result) {
          subscription = result.subscription;
          if (stopped) {
            send('unsubscribe', { subscription: subscription }, HANDSHAKE_TIMEOUT_MS).catch(function () {});
          } else {
            subscriptions.set(subscription, callback);
          }
          return result.kinds;
        });
      started.catch(function (e) {
        console.warn('supernet.subscribe(' + JSON.stringify(list) + ') failed: ' + e.message);
      });
      var unsubscribe = function () {
        if (stopped) return;
        stopped = true;
        if (subscription !== null) {
          subscriptions.delete(subscription);
          send('unsubscribe', { subscription: subscription }, HANDSHAKE_TIMEOUT_MS).catch(function () {});
        }
      };
      unsubscribe.ready = started;
      return unsubscribe;
    },

    /**
     * Asks the person to pay: Supernet shows who asks, whom it pays (by name), how much and
     * what for, with Pay and Cancel. Resolves with the transfer once paid; rejects with
     * code `cancelled` when they cancel. `amount` is decimal text ("2.50"); `currency`
     * defaults to the network's ("net").
     */
    requestPayment: function (request) {
      var r = request || {};
      var fields = { to: r.to, amount: typeof r.amount === 'number' ? String(r.amount) : r.amount };
      if (r.currency) fields.currency = r.currency;
      if (r.memo) fields.memo = r.memo;
      return ready.then(function () {
        return send('requestPayment', fields, PAYMENT_TIMEOUT_MS);
      });
    },
  };

  Object.defineProperty(window, 'supernet', { value: supernet, writable: false, configurable: false, enumerable: true });
})();
