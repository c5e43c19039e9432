import { mount } from 'svelte';
import App from './App.svelte';
import { AppState } from './lib/app.svelte.js';
import { connectApi } from './lib/api.js';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target, props: { app: new AppState(connectApi()) } });
