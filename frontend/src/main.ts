import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { setTransport } from './lib/api/client';
import { registerServiceWorker } from './lib/pwa';
import { theme } from './lib/stores/theme.svelte';
import { createTransport, isTauri } from './lib/transport';

theme.init();
const transport = createTransport();
setTransport(transport);
if (!isTauri()) registerServiceWorker();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The desktop transport first learns where media play from (one IPC round trip).
const ready = 'ready' in transport ? (transport.ready as Promise<void>) : Promise.resolve();
void ready.then(() => mount(App, { target }));
