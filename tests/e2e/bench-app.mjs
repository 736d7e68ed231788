// `scripts/bench app`: the desktop app's cold start to first feed paint, and its idle
// memory, with a store of 100,000 events — against the same app on an empty store, in the
// same run. Drives the real release app under Xvfb through tauri-driver.
//
// Start time: from asking the driver to launch the app to the moment the page marks
// `supernet:first-feed-paint` (the feed's first page is in the DOM and a frame has been
// painted), read from the page's own clock. Memory: resident size (RSS) and proportional
// size (PSS, which splits shared pages fairly) of the app and every process it started
// (WebKit's web and network processes), after ten seconds idle.

import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { WebDriver } from './webdriver.mjs';

const [app, fullDir, emptyDir] = process.argv.slice(2);
const DRIVER_PORT = 4444;
const IDLE_MS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* gone */ }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

function memory(pids) {
  const kb = (text, field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  let rss = 0;
  let pss = 0;
  let uss = 0;
  const parts = [];
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      rss += kb(rollup, 'Rss');
      pss += kb(rollup, 'Pss');
      uss += kb(rollup, 'Private_Clean') + kb(rollup, 'Private_Dirty');
      parts.push(`${name} ${(kb(rollup, 'Pss') / 1024).toFixed(0)}`);
    } catch { /* gone */ }
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024, ussMb: uss / 1024, parts: parts.join(', ') };
}

async function once(dataDir) {
  const driver = spawn('tauri-driver', ['--port', String(DRIVER_PORT)], {
    env: { ...process.env, SUPERNET_DATA_DIR: dataDir, SUPERNET_LOCAL_ONLY: '1', SUPERNET_LOG: 'warn' },
    stdio: 'ignore',
  });
  try {
    await new Promise((r) => setTimeout(r, 300)); // let the driver bind before timing starts
    const t0 = Date.now();
    const session = await WebDriver.connect(`http://127.0.0.1:${DRIVER_PORT}`, {
      'tauri:options': { application: app },
      browserName: 'wry',
    }, 30_000);
    let painted = null;
    while (painted === null) {
      painted = await session.cmd('POST', '/execute/sync', {
        script: "const m = performance.getEntriesByName('supernet:first-feed-paint')[0]; return m ? performance.timeOrigin + m.startTime : null;",
        args: [],
      });
      if (painted === null) await new Promise((r) => setTimeout(r, 20));
      if (Date.now() - t0 > 60_000) throw new Error('the feed never painted');
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const pid = Number(execFileSync('pgrep', ['-n', '-f', app]).toString().trim());
    const mem = memory(descendants(pid));
    await session.close();
    return { startMs: painted - t0, ...mem };
  } finally {
    driver.kill();
    await new Promise((r) => setTimeout(r, 500));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(dir) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(dir));
  return {
    startMs: median(runs.map((r) => r.startMs)),
    rssMb: median(runs.map((r) => r.rssMb)),
    pssMb: median(runs.map((r) => r.pssMb)),
    ussMb: median(runs.map((r) => r.ussMb)),
    parts: runs[runs.length - 1].parts,
  };
}

const empty = await measure(emptyDir);
const full = await measure(fullDir);
const f = (x) => x.toFixed(0);
console.log(`desktop app, median of ${RUNS} runs each`);
for (const [label, m] of [['empty store   ', empty], ['100,000 events', full]]) {
  console.log(`  ${label}: start to first feed paint ${f(m.startMs)} ms; idle memory: PSS ${f(m.pssMb)} MB (${m.parts}), private ${f(m.ussMb)} MB, RSS sum ${f(m.rssMb)} MB`);
}
console.log(`  ratio full/empty: start ${(full.startMs / empty.startMs).toFixed(2)}, memory (PSS) ${(full.pssMb / empty.pssMb).toFixed(2)}`);
console.log(`verdict: start ${full.startMs <= 1500 ? 'MET' : 'NOT MET'} (target <= 1500 ms); idle memory ${full.pssMb <= 150 ? 'MET' : 'NOT MET'} (target <= 150 MB, PSS of all the app's processes)`);
