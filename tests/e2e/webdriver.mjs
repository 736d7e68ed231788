// A small W3C WebDriver client (the protocol is JSON over HTTP), for driving the real
// desktop app through tauri-driver, which hands the session to WebKitWebDriver.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base, session) {
    this.base = base;
    this.session = session;
  }

  static async connect(base, capabilities, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const value = await request(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
        return new WebDriver(base, value.sessionId);
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.session}${path}`, body);
  }

  /** Waits until an element matching the XPath exists; returns its id. */
  async find(xpath, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const found = await this.cmd("POST", "/element", { using: "xpath", value: xpath });
        return found[ELEMENT];
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`no element ${xpath}: ${e.message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  click(id) { return this.cmd('POST', `/element/${id}/click`, {}); }
  type(id, text) { return this.cmd('POST', `/element/${id}/value`, { text }); }
  text(id) { return this.cmd('GET', `/element/${id}/text`); }
  title() { return this.cmd('GET', '/title'); }
  /** Runs `script` in the page with the elements `ids` as its arguments; returns its value. */
  run(script, ...ids) {
    return this.cmd('POST', '/execute/sync', { script, args: ids.map((id) => ({ [ELEMENT]: id })) });
  }
  async screenshot() { return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64'); }
  close() { return request(this.base, 'DELETE', `/session/${this.session}`).catch(() => {}); }
}

async function request(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`);
  }
  return json.value;
}

/** XPath for a control with this accessible label text. */
export function labelled(label) {
  return `//*[@aria-label="${label}" or @id=//label[normalize-space()="${label}"]/@for or ancestor::label[normalize-space()="${label}"]]`;
}

/** XPath for a button with this text. */
export function button(text) {
  return `//button[normalize-space()="${text}"]`;
}
