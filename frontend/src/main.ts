import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { setTransport } from './lib/api/client';
import { registerServiceWorker } from './lib/pwa';
import { theme } from './lib/stores/theme.svelte';
import { createTransport, isTauri } from './lib/transport';

theme.init();
setTransport(createTransport());
if (!isTauri()) registerServiceWorker();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
